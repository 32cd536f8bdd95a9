#pragma once

#include "core/error.h"
#include "schema/snapshot.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace revisor {

/// One difference between two snapshots.
struct DiffEntry
{
    enum class Change { Added, Removed, Changed };

    Change change = Change::Changed;
    /// "schema", "extension", "type", "sequence", "function", "procedure", "aggregate",
    /// "table", "partitioned table", "view", "materialized view", "foreign table",
    /// "column", "constraint", "index", "trigger", "policy", and a CatalogObject's kind
    /// ("publication", "statistics", "rule", "cast", "operator", "settings"...)
    QString objectKind;
    /// Qualified name: "public.repositories", "public.repositories.project_id",
    /// "public.f(integer)"; parts quoted only where SQL would need it.
    QString name;
    /// The attribute that changed ("default", "type", "definition"...); empty when added/removed.
    QString attribute;
    /// Changed: the old and new value. Added: `after` describes the object (an index's or a
    /// constraint's definition, a column's type...); Removed: `before` does. Often empty.
    QString before;
    QString after;

    /// "+ index public.t.i: CREATE INDEX ...", "~ column public.t.c default: 'a' -> 'b'",
    /// "- table public.t"
    QString toText() const;
    QJsonObject toJson() const;
    static Result<DiffEntry> fromJson(const QJsonObject &json);
    static QString changeName(Change change);   ///< "added", "removed", "changed"

    friend bool operator==(const DiffEntry &, const DiffEntry &) = default;
};

/// A flat, ordered list of differences: by object kind (schemas first, policies last), then
/// name, then attribute. Children of an added or removed table are not listed separately.
struct SchemaDiff
{
    QList<DiffEntry> entries;

    bool isEmpty() const { return entries.isEmpty(); }
    qsizetype size() const { return entries.size(); }
    /// Entries about one object (exact qualified name) or, with `prefix`, about it and its children.
    QList<DiffEntry> about(const QString &name, bool prefix = false) const;
    /// One line per entry, or "no differences".
    QString toText() const;
    QJsonArray toJson() const;
    static Result<SchemaDiff> fromJson(const QJsonArray &json);

    friend bool operator==(const SchemaDiff &, const SchemaDiff &) = default;
};

/// What changed from `before` to `after`. Server version and capture time are ignored; column
/// order is compared among the columns both sides have, so a dropped column does not make
/// every later column "moved".
SchemaDiff diffSnapshots(const Snapshot &before, const Snapshot &after);

/// Rank of an object kind in the diff's order (unknown kinds last).
int objectKindRank(const QString &objectKind);

} // namespace revisor
