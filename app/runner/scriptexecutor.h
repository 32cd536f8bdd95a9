#pragma once

#include "migrations/sqlsplitter.h"
#include "runner/backendlocks.h"
#include "runner/lockwatcher.h"
#include "runner/stepresult.h"

#include <atomic>
#include <functional>

namespace revisor {

/// What a front end wants to hear while statements run (called on the running thread).
struct RunObserver
{
    std::function<void(const QString &what)> stepStarted;
    std::function<void(int index, int count, const QString &file, const SqlStatement &statement)> statementStarted;
    std::function<void(const StatementRun &run)> statementFinished;
    std::function<void(const StepResult &step)> stepFinished;
    /// A step waits for a lock that `wait` holds; called on the lock watcher's thread.
    std::function<void(const LockWait &wait)> lockWaiting;
};

/// Runs statements one at a time on a session, timing each and collecting its notices.
/// A failure comes back with the file and exact line of the failing token.
class ScriptExecutor
{
public:
    ScriptExecutor(Session &session, const std::atomic_bool &cancelRequested, const RunObserver &observer)
        : m_session(session), m_cancel(cancelRequested), m_observer(observer) {}

    /// Attributes the locks each statement takes (nothing when not set).
    void setLockTracker(StatementLockTracker *tracker) { m_locks = tracker; }
    /// Appends each statement's run to `runs`; stops at the first failure.
    Status run(const QList<SqlStatement> &statements, const QString &file, QList<StatementRun> &runs);

private:
    Session &m_session;
    const std::atomic_bool &m_cancel;
    const RunObserver &m_observer;
    StatementLockTracker *m_locks = nullptr;
};

/// The error for a cancelled run.
Error cancelledError();

} // namespace revisor
