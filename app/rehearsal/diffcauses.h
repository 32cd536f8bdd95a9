#pragma once

#include "migrations/migrationset.h"
#include "schema/snapshotdiff.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace revisor {

/// A statement of the round trip's scripts that creates, alters or drops the object of a
/// diff entry: where a difference left by the rollback comes from.
struct DiffCause
{
    QString revision;    ///< the revision whose script holds the statement
    QString section;     ///< "up" or "down"
    QString file;        ///< relative to the set's directory when inside it
    int line = 0;        ///< 1-based line of the statement in the file
    QString action;      ///< "created", "altered", "dropped", "renamed", "commented"
    QString statement;   ///< the statement's first line, shortened

    /// "created by 002 up at versions/002_x.sql:241"
    QString text() const;
    QJsonObject toJson() const;
    static DiffCause fromJson(const QJsonObject &json);
    friend bool operator==(const DiffCause &, const DiffCause &) = default;
};

/// For each entry of `diff`, the statements of the up and down sections of the revisions
/// between `baseline` and `target` (the round trip) that touch its object, found in their
/// parse trees (libpg_query), in script order: up sections first, then down sections. An
/// entry about a column, constraint, index, trigger or policy that no statement names is
/// traced to the statements that create or drop its table. Revisions whose SQL is not
/// available (a Python migration) or does not parse add nothing.
QList<QList<DiffCause>> findDiffCauses(const SchemaDiff &diff, const MigrationSet &set, const RevisionRef &baseline,
                                       const RevisionRef &target);

} // namespace revisor
