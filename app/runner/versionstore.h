#pragma once

#include "core/error.h"
#include "core/revisionref.h"
#include "core/tablename.h"

#include <QDateTime>
#include <QStringList>

#include <memory>

namespace revisor {

class MigrationSet;
class Session;
struct PlannedStep;

/// A database left half-way by a step that could not be rolled back (a step that is not
/// transactional failed after some of its statements stayed applied).
struct DirtyState
{
    bool dirty = false;
    RevisionRef revision;    ///< the revision whose step stopped half-way
    bool up = true;          ///< the direction of that step
    RevisionRef from;        ///< the version the bookkeeping still names
    RevisionRef to;          ///< the version the step was moving to
    int statementsDone = 0;  ///< statements of the step that completed and stayed
    int statementCount = 0;  ///< statements in the step
    QStringList invalidIndexes; ///< INVALID indexes the step left behind (failed CREATE INDEX CONCURRENTLY)
    QString error;           ///< why the step stopped

    /// As people read it: "002 after statement 3 of 5 (upgrade from 001)".
    QString detail() const;
    friend bool operator==(const DirtyState &, const DirtyState &) = default;
};

/// One step Revisor applied, as the history beside the bookkeeping keeps it.
struct HistoryEntry
{
    RevisionRef revision;
    bool up = true;
    RevisionRef from;
    RevisionRef to;
    QString scriptSha256;   ///< of the exact script text of that direction, hex
    QDateTime appliedAt;    ///< set by the database when recorded
    QString appliedBy;      ///< current_user, set by the database when recorded
    double durationMs = 0;  ///< the step's statements, up to the recording
    friend bool operator==(const HistoryEntry &, const HistoryEntry &) = default;
};

/// A statement of the bookkeeping with its values bound ($1, $2...): run as it is, shown with
/// the values written in (displaySql).
struct BoundStatement
{
    QString sql;
    QStringList params;   ///< a null QString is NULL
};

/// The statement as text to read or to run by hand: each $n replaced by its value as a quoted
/// SQL literal. Never executed by Revisor, which binds the values.
QString displaySql(const BoundStatement &statement);

/// A tool's bookkeeping of where a database is: Alembic's alembic_version,
/// golang-migrate's schema_migrations, Flyway's history... Each format brings one
/// implementation; the runner, the captures and the front ends only talk to this interface.
class VersionStore
{
public:
    virtual ~VersionStore() = default;

    /// The bookkeeping as people name it in messages ("alembic_version").
    virtual QString name() const = 0;
    /// The revision the database is at; base when the bookkeeping does not exist yet.
    virtual Result<RevisionRef> current(Session &session) = 0;
    /// Called before a step's first statement: inside its transaction, or (for a step that is
    /// not transactional) on its own, so a tool that marks a move in progress can do so.
    virtual Status beginMove(Session &session, const PlannedStep &step) = 0;
    /// Records the completed step: inside its transaction, just before COMMIT.
    virtual Status commitMove(Session &session, const PlannedStep &step) = 0;
    /// The statements commitMove runs for `step`, as text (displaySql), for plans printed
    /// without a database.
    virtual QStringList moveStatements(const PlannedStep &step) const;
    /// Whether a failed step left the database dirty (never, for a tool that cannot tell).
    virtual Result<DirtyState> dirtyState(Session &session) = 0;
    /// Records that a step stopped half-way; called outside any transaction so that it stays.
    /// A store that cannot record it says so by failing.
    virtual Status markDirty(Session &session, const DirtyState &state);
    /// Forgets the dirty record (the step was completed, or repaired by hand).
    virtual Status clearDirty(Session &session);
    /// Adds `entry` to the history of applied steps: inside the step's transaction, after
    /// commitMove, so it is exactly as durable as the move. A store without a history does
    /// nothing.
    virtual Status recordHistory(Session &session, const HistoryEntry &entry);
    /// The recorded history, oldest first; empty for a store without one.
    virtual Result<QList<HistoryEntry>> appliedHistory(Session &session);
    /// The tables the bookkeeping lives in: left out of snapshots and fingerprints, whose
    /// content changes by design.
    virtual QList<TableName> ownTables() const = 0;
};

/// Alembic's version table (version_num VARCHAR(32), one row per head), in the schema the
/// connection's search_path resolves `table` to, with Revisor's own revisor_dirty table beside
/// it (Alembic has no dirty flag). For a set that branches (`graph`), the rows are the heads
/// of a point of its apply order (MigrationSet::appliedHeads); without one, a single row.
std::unique_ptr<VersionStore> alembicVersionStore(const QString &table = QStringLiteral("alembic_version"),
                                                  std::shared_ptr<const MigrationSet> graph = nullptr);

} // namespace revisor
