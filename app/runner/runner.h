#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"
#include "runner/versionstore.h"

#include <atomic>

namespace revisor {
class MigrationLock;
}

namespace revisor {

struct RunnerOptions
{
    /// The set's bookkeeping; empty: the one its format uses (versionStoreFor).
    std::shared_ptr<VersionStore> versionStore;
    int lockTimeoutMs = 30000;
    /// Take the advisory lock (off for probes that already run inside a held lock).
    bool takeLock = true;
};

/// What a migrate call did: the steps that ran (a failed one last; its StepResult says why and
/// what stayed applied), and the revision the database is at afterwards.
struct RunOutcome
{
    QList<StepResult> steps;
    RevisionRef finalRevision;
    bool completed() const { return steps.isEmpty() || steps.constLast().completed(); }
    /// The failed step's error, or null.
    const Error *error() const { return completed() ? nullptr : &*steps.constLast().error; }
};

/// The bookkeeping a set's format uses.
std::shared_ptr<VersionStore> versionStoreFor(const MigrationSet &set);

/// Applies revisions one at a time: each in its own transaction (or statement by statement
/// where the file says transactional: false), the version store updated in the same
/// transaction, the locks held recorded just before COMMIT.
class Runner
{
public:
    /// Which way a move may go: upgrade never moves down, downgrade never moves up.
    enum class Direction { Either, Up, Down };

    Runner(Session &session, const MigrationSet &set, RunnerOptions options = {});

    VersionStore &versionStore() const { return *m_options.versionStore; }
    /// The revision the version store records.
    Result<RevisionRef> currentRevision();
    /// Resolves `target` (head, base, id, +N, -N) against the current revision and steps to it.
    /// Fails when nothing could run (lock, unknown target, a target on the wrong side of the
    /// current revision for `direction`, bad plan); a step that fails is told by its
    /// StepResult in the outcome. The current revision, the target and the direction are all
    /// decided under the migration lock.
    Result<RunOutcome> migrate(const QString &target, Direction direction = Direction::Either);
    /// Steps to a revision of the set.
    Result<RunOutcome> migrate(const RevisionRef &target, Direction direction = Direction::Either);
    /// Runs planned steps, stopping after the first that fails; with `insideTransaction` each
    /// step is a SAVEPOINT in the caller's open transaction (probes that are rolled back).
    RunOutcome runSteps(const QList<PlannedStep> &steps, bool insideTransaction = false);

    void setObserver(RunObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe: stops before the next statement and cancels the running one.
    void requestCancel();

private:
    /// Under the migration lock: reads the current revision, resolves the target from it,
    /// plans and runs.
    Result<RunOutcome> migrateUnderLock(const std::function<Result<RevisionRef>(const RevisionRef &current)> &resolve,
                                        Direction direction);
    StepResult runStep(const PlannedStep &step, bool insideTransaction);
    Result<QList<LockInfo>> heldLocks();

    Session &m_session;
    const MigrationSet &m_set;
    RunnerOptions m_options;
    RunObserver m_observer;
    MigrationLock *m_lock = nullptr;   ///< held while migrate() runs its steps
    std::atomic_bool m_cancel = false;
};

} // namespace revisor
