#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"
#include "runner/versionstore.h"

#include <atomic>
#include <memory>

namespace revisor {

class MigrationLock;
class Session;

/// What a step executor works with: the runner's session (for reading the version store
/// back), the store, the cancel flag, the observer, and the migration lock the runner holds.
struct StepContext
{
    Session &session;
    VersionStore &store;
    const std::atomic_bool &cancel;
    const RunObserver &observer;
    MigrationLock *lock = nullptr;
};

/// Carries out the steps of a set whose revisions are not SQL text Revisor runs itself (an
/// Alembic project's Python revisions, run by the project's own Alembic). Chosen by the set's
/// format (stepExecutorFor); the runner calls it with its migration lock held, one step at a
/// time, and takes the step's result as the executor reports it: the executor reads the
/// revision the database is at afterwards from the version store rather than assuming it.
class StepExecutor
{
public:
    virtual ~StepExecutor() = default;
    virtual StepResult run(const PlannedStep &step, const StepContext &context) = 0;
};

/// The executor of the set's format, or null for a set whose steps are SQL that the runner
/// runs itself (native sets, an Alembic project in --alembic-mode sql).
std::shared_ptr<StepExecutor> stepExecutorFor(const MigrationSet &set);

} // namespace revisor
