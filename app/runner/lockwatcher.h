#pragma once

#include "db/connectionsettings.h"

#include <QString>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace revisor {

/// A session that blocks a step: who holds the lock the step waits for, and what it does.
struct LockWait
{
    int waitingPid = 0;
    int blockerPid = 0;
    QString blockerState;     ///< pg_stat_activity.state, e.g. "idle in transaction"
    int blockerStateSeconds = 0;
    QString blockerQuery;     ///< its current or last statement
    QString relation;         ///< the relation waited for, when it is one

    /// "waiting for lock: blocked by pid 1234 (idle in transaction 12 s): <query>"
    QString toText() const;
    friend bool operator==(const LockWait &, const LockWait &) = default;
};

/// Watches one backend from a connection of its own: every ~500 ms it asks
/// pg_blocking_pids() who blocks it, and reports each new blocker. Started before a step's
/// statements run and stopped (joined) by the destructor.
class LockWatcher
{
public:
    /// `onWait` is called on the watcher's own thread.
    LockWatcher(ConnectionSettings settings, int backendPid, std::function<void(const LockWait &)> onWait,
                int intervalMs = 500);
    ~LockWatcher();
    LockWatcher(const LockWatcher &) = delete;
    LockWatcher &operator=(const LockWatcher &) = delete;

    /// The relation the backend was last seen waiting for (empty: none seen). Thread-safe.
    QString lastRelation() const;

private:
    void run();

    ConnectionSettings m_settings;
    int m_pid;
    std::function<void(const LockWait &)> m_onWait;
    int m_intervalMs;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    QString m_lastRelation;
    std::thread m_thread;
};

} // namespace revisor
