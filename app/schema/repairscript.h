#pragma once

#include "schema/snapshotdiff.h"

#include <QStringList>

namespace revisor {

/// One statement of a repair script and the difference(s) it repairs.
struct RepairStatement
{
    QString sql;
    QString repairs;   ///< the diff entries' text, written above the statement as a comment
    friend bool operator==(const RepairStatement &, const RepairStatement &) = default;
};

/// A difference no statement repairs, and why. `entry` names it by kind, name and attribute as
/// the diff does (an entry the script itself would leave, such as a re-created column's
/// position, is named the same way).
struct UnrepairableDiff
{
    DiffEntry entry;
    QString reason;

    /// "~ column public.t.c position: re-creating a column ..."
    QString text() const;
    /// True when `e` is this difference (same kind, name and attribute; any values).
    bool covers(const DiffEntry &e) const;
    friend bool operator==(const UnrepairableDiff &, const UnrepairableDiff &) = default;
};

/// The DDL that brings the schema `current` back to `wanted` (the baseline): what was added is
/// dropped, what was removed is re-created from the captured definitions, what changed is
/// altered back; in dependency order (drops, creations, alterations, foreign keys, then what
/// depends on tables). Every difference has a statement or an entry in `unrepairable`.
struct RepairScript
{
    QList<RepairStatement> statements;
    QList<UnrepairableDiff> unrepairable;

    bool isEmpty() const { return statements.isEmpty() && unrepairable.isEmpty(); }
    /// The unrepairable differences' text, one per entry.
    QStringList unrepairableText() const;
    /// The script as SQL: each statement under a comment naming the difference, the
    /// differences it cannot repair as comments at the end.
    QString toSql() const;
};

RepairScript repairScript(const Snapshot &current, const Snapshot &wanted);

} // namespace revisor
