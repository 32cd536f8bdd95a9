#pragma once

#include "schema/snapshotdiff.h"

#include <QStringList>

namespace revisor {

/// One statement of a repair script and the difference it repairs.
struct RepairStatement
{
    QString sql;
    QString repairs;   ///< the diff entry's text, written above the statement as a comment
    friend bool operator==(const RepairStatement &, const RepairStatement &) = default;
};

/// The DDL that brings the schema `current` back to `wanted` (the baseline): what was added is
/// dropped, what was removed is re-created from the captured definitions, what changed is
/// altered back; drops first, then creations, then alterations.
struct RepairScript
{
    QList<RepairStatement> statements;
    QStringList unrepairable;   ///< differences no statement is generated for, with why

    bool isEmpty() const { return statements.isEmpty() && unrepairable.isEmpty(); }
    /// The script as SQL: each statement under a comment naming the difference, the
    /// differences it cannot repair as comments at the end.
    QString toSql() const;
};

RepairScript repairScript(const Snapshot &current, const Snapshot &wanted);

} // namespace revisor
