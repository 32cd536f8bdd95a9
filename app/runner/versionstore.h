#pragma once

#include "core/error.h"
#include "core/revisionref.h"
#include "core/tablename.h"

#include <memory>

namespace revisor {

class Session;
struct PlannedStep;

/// A database left half-way by a step that could not be rolled back.
struct DirtyState
{
    bool dirty = false;
    RevisionRef revision;   ///< the revision the bookkeeping names
    QString detail;         ///< what the tool recorded, as people read it
};

/// A migration tool's bookkeeping of where a database is: Alembic's alembic_version,
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
    /// Whether a failed step left the database dirty (never, for a tool that cannot tell).
    virtual Result<DirtyState> dirtyState(Session &session) = 0;
    /// The tables the bookkeeping lives in: left out of snapshots and fingerprints, whose
    /// content changes by design.
    virtual QList<TableName> ownTables() const = 0;
};

/// Alembic's version table (version_num VARCHAR(32), one row per head), in the schema the
/// connection's search_path resolves `table` to.
std::unique_ptr<VersionStore> alembicVersionStore(const QString &table = QStringLiteral("alembic_version"));

} // namespace revisor
