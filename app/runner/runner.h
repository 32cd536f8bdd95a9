#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"
#include "runner/steptimeouts.h"
#include "runner/versionstore.h"

#include <atomic>

namespace revisor {

struct RunnerOptions
{
    /// The set's bookkeeping; empty: the one its format uses (versionStoreFor).
    std::shared_ptr<VersionStore> versionStore;
    int lockTimeoutMs = 30000;
    /// Take the advisory lock (off for probes that already run inside a held lock).
    bool takeLock = true;
    /// lock_timeout / statement_timeout for each step (a revision's header overrides them).
    StepTimeouts timeouts;
    /// Watch the session from a second connection and tell who blocks a waiting step.
    bool watchLocks = true;
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
    Runner(Session &session, const MigrationSet &set, RunnerOptions options = {});

    VersionStore &versionStore() const { return *m_options.versionStore; }
    /// The revision the version store records.
    Result<RevisionRef> currentRevision();
    /// Resolves `target` (head, base, id, +N, -N) against the current revision and steps to it.
    /// Fails when nothing could run (lock, unknown target, bad plan); a step that fails is
    /// told by its StepResult in the outcome.
    Result<RunOutcome> migrate(const QString &target);
    /// Steps to a revision of the set.
    Result<RunOutcome> migrate(const RevisionRef &target);
    /// Runs planned steps, stopping after the first that fails; with `insideTransaction` each
    /// step is a SAVEPOINT in the caller's open transaction (probes that are rolled back).
    RunOutcome runSteps(const QList<PlannedStep> &steps, bool insideTransaction = false);

    void setObserver(RunObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe: stops before the next statement and cancels the running one.
    void requestCancel();

private:
    /// Under the migration lock: reads the current revision, resolves the target from it,
    /// plans and runs.
    Result<RunOutcome> migrateUnderLock(const std::function<Result<RevisionRef>(const RevisionRef &current)> &resolve);
    StepResult runStep(const PlannedStep &step, bool insideTransaction);
    Result<QList<LockInfo>> heldLocks();

    Session &m_session;
    const MigrationSet &m_set;
    RunnerOptions m_options;
    RunObserver m_observer;
    std::atomic_bool m_cancel = false;
    LockWatcher *m_watcher = nullptr;   ///< during migrate(): which relation a step waited for
};

} // namespace revisor
