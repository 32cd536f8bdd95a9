#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"

#include <atomic>

namespace revisor {

struct RunnerOptions
{
    QString versionTable = QStringLiteral("alembic_version");
    int lockTimeoutMs = 30000;
    /// Take the advisory lock (off for probes that already run inside a held lock).
    bool takeLock = true;
};

/// What a migrate call did: the steps that completed (and the failed one, last, with its
/// error), and the revision the database is at afterwards.
struct RunOutcome
{
    QList<StepResult> steps;
    QString finalRevision;
    std::optional<Error> error;
    bool ok() const { return !error.has_value(); }
};

/// Applies revisions one at a time: each in its own transaction (or statement by statement
/// where the file says transactional: false), the version table updated in the same
/// transaction, the locks held recorded just before COMMIT.
class Runner
{
public:
    Runner(Session &session, const MigrationSet &set, RunnerOptions options = {});

    /// The version table's revision; "" when the table is missing or empty.
    Result<QString> currentRevision();
    /// Resolves `target` (head, base, id, +N, -N) against the current revision and steps to it.
    RunOutcome migrate(const QString &target);
    /// Runs planned steps; with `insideTransaction` each step is a SAVEPOINT in the caller's
    /// open transaction (probes that are rolled back afterwards).
    RunOutcome runSteps(const QList<PlannedStep> &steps, bool insideTransaction = false);

    void setObserver(RunObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe: stops before the next statement and cancels the running one.
    void requestCancel();
    void resetCancel() { m_cancel = false; }

private:
    Result<StepResult> runStep(const PlannedStep &step, bool insideTransaction);
    Status writeVersion(const QString &from, const QString &to);
    Result<QList<LockInfo>> heldLocks();

    Session &m_session;
    const MigrationSet &m_set;
    RunnerOptions m_options;
    RunObserver m_observer;
    std::atomic_bool m_cancel = false;
};

} // namespace revisor
