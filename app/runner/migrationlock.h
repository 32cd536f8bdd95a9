#pragma once

#include "db/session.h"

#include <atomic>
#include <memory>

namespace revisor {

/// A session-level advisory lock held on its own idle connection while Revisor migrates, so
/// that a second Revisor on the same database waits instead of interleaving. It is polled with
/// pg_try_advisory_lock, never waited for with a blocking pg_advisory_lock: a blocked waiter
/// would deadlock (40P01) against the other migrator's CREATE INDEX CONCURRENTLY, which waits
/// for every transaction that could see the table, the waiter's included.
class MigrationLock
{
public:
    /// Key shared by every Revisor: "revisor" in ASCII.
    static constexpr qint64 Key = 0x726576697369;

    ~MigrationLock();
    /// Waits up to timeoutMs; fails with ErrorKind::LockTimeout naming the holder.
    static Result<std::unique_ptr<MigrationLock>> acquire(const ConnectionSettings &settings, int timeoutMs,
                                                          const std::atomic_bool *cancel = nullptr);
    /// Whether the lock is still ours: its connection alive and the advisory lock granted to
    /// it. A terminated backend releases the lock, and another migrator may then take it.
    Status verify();

private:
    std::unique_ptr<Session> m_session;
};

} // namespace revisor
