#pragma once

#include "core/tablename.h"
#include "migrations/migrationset.h"

namespace revisor {

class Session;

/// What moving the database from one revision to another would do, read before anything runs:
/// the steps, the statements of the down steps, and the tables they drop with their rows now.
struct MovePlan
{
    struct DroppedTable
    {
        TableName table;
        qint64 rows = -1;        ///< -1: the table is not there now
        bool estimated = false;  ///< rows from the planner's estimate (the table is large)
        QString file;
        int line = 0;
    };
    struct Statement
    {
        QString file;
        int line = 0;
        QString sql;
    };

    RevisionRef from;
    RevisionRef to;
    QList<PlannedStep> steps;
    int downSteps = 0;
    QList<DroppedTable> droppedTables;
    QList<Statement> statements;   ///< of the down steps, in the order they run

    /// A move that can lose data needs the user's yes: more than one step down anywhere, or
    /// any step down on a server that is not a throwaway one.
    bool needsConfirmation(bool scratchServer) const { return downSteps > 1 || (downSteps > 0 && !scratchServer); }
    /// One line per revision, per dropped table and per statement, for the confirmation.
    QStringList describe() const;
};

/// Plans the move from `current` to `target` on `set` and reads the row counts of the tables
/// its down steps drop (DROP TABLE statements found in the libpg_query parse trees).
Result<MovePlan> planMove(Session &session, const MigrationSet &set, const RevisionRef &current, const RevisionRef &target);

/// The tables a statement drops (DROP TABLE), names as written (schema empty when unqualified).
QList<TableName> tablesDroppedBy(const QString &sql);

} // namespace revisor
