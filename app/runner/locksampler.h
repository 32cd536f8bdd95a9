#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"
#include "runner/stepresult.h"

#include <QHash>
#include <QList>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace revisor {

class Session;

/// The backends whose relation locks are read: one backend by pid (the runner's own), or every
/// backend with an application_name (a migration tool run as a child, named through libpq's
/// PGAPPNAME).
struct WatchedBackends
{
    int pid = 0;
    QString applicationName;
};

/// A relation lock of a backend as pg_locks shows it.
struct RelationLock
{
    qint64 oid = 0;
    QString relation;   ///< schema-qualified, or "(oid N)" when this connection cannot name it
    QString kind;       ///< table, index, sequence, ...
    QString mode;
    /// False when this connection's catalog snapshot has no such relation yet: the watched
    /// backend created it in a transaction that has not committed.
    bool named = true;
};

/// The granted relation locks of `backends` on user relations of the current database.
Result<QList<RelationLock>> readRelationLocks(Session &session, const WatchedBackends &backends);

/// A monotonic clock in milliseconds, shared by the sampler's thread and the runner's.
double monotonicMs();

/// Samples the relation locks of the watched backends from a connection of its own, every
/// `intervalMs`, and remembers when each (relation, mode) was first and last seen. It sees
/// what a statement takes while the statement still runs, which the runner's own connection
/// cannot ask until the statement returns, and what a child process's backends take at all.
/// A lock held for less than an interval can be missed.
class LockSampler
{
public:
    struct Sample
    {
        RelationLock lock;
        double firstSeenMs = 0;   ///< monotonicMs()
        double lastSeenMs = 0;
    };

    LockSampler(ConnectionSettings settings, WatchedBackends backends, int intervalMs = 50);
    ~LockSampler();
    LockSampler(const LockSampler &) = delete;
    LockSampler &operator=(const LockSampler &) = delete;

    int intervalMs() const { return m_intervalMs; }
    /// Waits until the sampling connection is open (or failed), so the first lock of a child
    /// started afterwards is not missed for want of a connection. Empty when sampling runs.
    QString waitUntilReady();
    /// Everything seen so far. Thread-safe.
    QList<Sample> samples() const;
    /// Forgets what was seen (a new step starts). Thread-safe.
    void clear();
    /// Stops sampling and returns what was seen, each relation the samples could not name
    /// named through the catalog as it is now (a relation a child created is visible once it
    /// committed).
    QList<Sample> stop();

private:
    void run();

    ConnectionSettings m_settings;
    WatchedBackends m_backends;
    int m_intervalMs;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_nameAtStop = false;
    bool m_ready = false;
    QString m_failure;
    QList<Sample> m_samples;
    QHash<std::pair<qint64, QString>, qsizetype> m_index;   ///< (oid, mode) -> m_samples
    std::thread m_thread;
};

/// What samples taken every `intervalMs` say each lock was held: from the first sample that
/// saw it to the last, plus one interval; TOAST relations left out (they only repeat their
/// table), strongest mode first.
QList<LockInfo> sampledLocks(const QList<LockSampler::Sample> &samples, int intervalMs);

} // namespace revisor
