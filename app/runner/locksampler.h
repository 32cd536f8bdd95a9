#pragma once

#include "db/connectionsettings.h"
#include "runner/stepresult.h"

#include <QHash>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace revisor {

/// Watches the relation locks of backends another process opens (a migration tool run as a
/// child): from a connection of its own, every `intervalMs` it reads pg_locks for the
/// backends whose application_name is `applicationName` (the child gets it through libpq's
/// PGAPPNAME). How long each lock was held is known only to the sampling interval: from the
/// first sample that saw it to the last, plus one interval; a lock held for less than an
/// interval can be missed.
class LockSampler
{
public:
    LockSampler(ConnectionSettings settings, QString applicationName, int intervalMs);
    ~LockSampler();
    LockSampler(const LockSampler &) = delete;
    LockSampler &operator=(const LockSampler &) = delete;

    /// Waits until the sampling connection is open (or failed), so the first lock of a child
    /// started afterwards is not missed for want of a connection. Empty when sampling runs.
    QString waitUntilReady();
    /// Stops sampling and returns what was seen, named through the catalog as it is now (a
    /// relation the child created is visible once it committed), strongest mode first.
    QList<LockInfo> stop();
    int samples() const;

private:
    struct Seen
    {
        QString relationOid;
        QString name;   ///< as the sampler's snapshot named it then ("" for a relation not yet committed)
        QString kind;
        QString mode;
        qint64 firstMs = 0;
        qint64 lastMs = 0;
    };
    void run();

    ConnectionSettings m_settings;
    QString m_applicationName;
    int m_intervalMs;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_ready = false;
    QString m_failure;
    int m_samples = 0;
    QList<Seen> m_seen;
    QList<LockInfo> m_result;
    std::thread m_thread;
};

} // namespace revisor
