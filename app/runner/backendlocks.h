#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"
#include "runner/stepresult.h"

#include <QList>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace revisor {

class Session;

/// A relation lock of one backend as pg_locks shows it.
struct RelationLock
{
    qint64 oid = 0;
    QString relation;   ///< schema-qualified, or "(oid N)" when this connection cannot name it
    QString kind;       ///< table, index, sequence, ...
    QString mode;
};

/// The granted relation locks of backend `pid` on user relations of the current database.
Result<QList<RelationLock>> readRelationLocks(Session &session, int pid);

/// A monotonic clock in milliseconds, shared by the sampler's thread and the runner's.
double monotonicMs();

/// Samples the relation locks of one backend from a connection of its own, every
/// `intervalMs`, and remembers when each (relation, mode) was first and last seen. It sees
/// what a statement takes while the statement still runs, which the runner's own connection
/// cannot ask until the statement returns.
class BackendLockSampler
{
public:
    struct Sample
    {
        RelationLock lock;
        double firstSeenMs = 0;   ///< monotonicMs()
        double lastSeenMs = 0;
    };

    BackendLockSampler(ConnectionSettings settings, int backendPid, int intervalMs = 50);
    ~BackendLockSampler();
    BackendLockSampler(const BackendLockSampler &) = delete;
    BackendLockSampler &operator=(const BackendLockSampler &) = delete;

    /// Everything seen so far. Thread-safe.
    QList<Sample> samples() const;
    /// Forgets what was seen (a new step starts). Thread-safe.
    void clear();

private:
    void run();

    ConnectionSettings m_settings;
    int m_pid;
    int m_intervalMs;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    QList<Sample> m_samples;
    std::thread m_thread;
};

/// Attributes the locks a step takes to its statements: before each statement the locks
/// already held are known; after it, on the runner's own connection, what is new was taken by
/// it (in a transaction locks stay until COMMIT, so nothing is missed), and the sampler's
/// observations while it ran give the moment each was taken and what a statement outside a
/// transaction held only while it ran.
class StatementLockTracker
{
public:
    StatementLockTracker(Session &session, int pid, bool transactional, BackendLockSampler *sampler);
    void statementStarted();
    void statementFinished(StatementRun &run);
    /// The step commits now: every lock of a transactional step is released here.
    void committed(QList<StatementRun> &runs);

private:
    Session &m_session;
    int m_pid;
    bool m_transactional;
    BackendLockSampler *m_sampler;
    QList<std::pair<qint64, QString>> m_known;   ///< (oid, mode) already attributed
    QList<qint64> m_created;                     ///< tables a CREATE TABLE of the step made
    double m_startedMs = 0;
    QList<double> m_acquiredMs;                  ///< per run: monotonic ms of each lock, in order
};

} // namespace revisor
