#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"
#include "runner/steptimeouts.h"
#include "runner/versionstore.h"

#include <atomic>

namespace revisor {
class MigrationLock;
class StepExecutor;
}

namespace revisor {

class MigrationLock;

struct RunnerOptions
{
    /// The set's bookkeeping; empty: the one its format uses (versionStoreFor).
    std::shared_ptr<VersionStore> versionStore;
    /// Who carries out a step that is not SQL Revisor runs; empty: the one the set's format
    /// uses (stepExecutorFor), none for SQL sets.
    std::shared_ptr<StepExecutor> executor;
    int lockTimeoutMs = 30000;
    /// Take the advisory lock (off for probes that already run inside a held lock).
    bool takeLock = true;
    /// Keep the history of applied steps (revision, direction, script SHA-256, when, who).
    bool recordHistory = true;
    /// lock_timeout / statement_timeout for each step (a revision's header overrides them).
    StepTimeouts timeouts;
    /// Watch the session from a second connection and tell who blocks a waiting step.
    bool watchLocks = true;
    /// Sample the session's locks from a second connection while statements run (every
    /// 50 ms), to date each lock a statement takes; without it a lock is dated at its
    /// statement's start.
    bool sampleLocks = true;
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

    /// Under the migration lock: records `target` (head, base, an id, +N, -N) as the database's
    /// revision without running anything (Alembic's stamp). Returns the revision recorded.
    Result<RevisionRef> stamp(const QString &target);

    /// How a database left dirty by a failed step that is not transactional was repaired.
    enum class Resolution {
        Resume,          ///< run the step's remaining statements, then record the move
        MarkApplied,     ///< the rest was done by hand: record the move
        MarkRolledBack,  ///< what stayed was undone by hand: forget it, the version stays
    };
    /// Under the migration lock: settles the dirty record (fails when the database is not
    /// dirty). For Resume, the outcome holds the resumed step.
    Result<RunOutcome> resolve(Resolution resolution);

    void setObserver(RunObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe: stops before the next statement and cancels the running one.
    void requestCancel();

private:
    /// Under the migration lock: reads the current revision, resolves the target from it,
    /// plans and runs.
    Result<RunOutcome> migrateUnderLock(const std::function<Result<RevisionRef>(const RevisionRef &current)> &resolve,
                                        Direction direction);
    /// `resumeAfter`: statements of the step that already ran in an earlier, failed run
    /// (-1: a fresh step).
    StepResult runStep(const PlannedStep &step, bool insideTransaction, int resumeAfter = -1);
    /// A step that is not transactional failed with `kept` of its `count` statements applied:
    /// records the dirty state outside any transaction; returns what to add to the error.
    QString recordDirty(const PlannedStep &step, const Error &error, int kept, int count,
                        const QStringList &invalidBefore, bool resumed);
    Result<std::unique_ptr<MigrationLock>> lock();
    /// The lock held, the database clean (refuseWhenDirty), and its revision read under it.
    struct Locked
    {
        std::unique_ptr<MigrationLock> lock;
        RevisionRef current;
    };
    Result<Locked> lockClean();
    /// The refusal to move a dirty database, or nothing.
    Status refuseWhenDirty();
    /// The move of `step` and, when kept, its history entry: inside the transaction that
    /// makes them durable.
    /// Adds the step to the history of applied steps (revisor_history) unless told not to.
    Status recordHistory(const PlannedStep &step, double durationMs);
    Status recordMove(const PlannedStep &step, double durationMs);
    /// BEGIN, `work`, COMMIT; ROLLBACK when either fails.
    Status inOwnTransaction(const std::function<Status()> &work);
    Result<QList<LockInfo>> heldLocks();
    /// The session's backend pid (0 when it cannot be read).
    int backendPid();
    /// Runs the revision's verify script after its up section and rolls back what it did;
    /// fails when the script raises an error.
    /// Runs the revision's verify script and undoes whatever it did; its own failure is the
    /// outcome, an error only when the session could not be put back.
    Result<StepResult::Verify> verify(const Revision &rev, bool insideTransaction, ScriptExecutor &executor);

    Session &m_session;
    const MigrationSet &m_set;
    RunnerOptions m_options;
    RunObserver m_observer;
    MigrationLock *m_lock = nullptr;   ///< held while migrate() runs its steps
    std::atomic_bool m_cancel = false;
    LockWatcher *m_watcher = nullptr;   ///< during migrate(): which relation a step waited for
    LockSampler *m_sampler = nullptr;   ///< during migrate(): the locks statements take while they run
    int m_backendPid = 0;
};

/// Every statement the steps will run, split (with the file and line of each) before the
/// first of them runs: a bad statement in the seventh step must not leave six applied.
Status validatePlan(const QList<PlannedStep> &steps);

/// The refusal of a move from `current` to `target` that goes the wrong way for `direction`
/// (an upgrade that would move down, a downgrade that would move up), or nothing.
Status checkDirection(const MigrationSet &set, const RevisionRef &current, const RevisionRef &target, Runner::Direction direction);

} // namespace revisor
