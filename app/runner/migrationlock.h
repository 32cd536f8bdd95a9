#pragma once

#include "db/session.h"

#include <atomic>
#include <memory>

namespace revisor {

/// A session-level advisory lock held on its own idle connection while Revisor migrates, so
/// that a second Revisor on the same database waits instead of interleaving (PITFALLS 13:
/// polled with pg_try_advisory_lock, never a blocking waiter).
class MigrationLock
{
public:
    /// Key shared by every Revisor: "revisor" in ASCII.
    static constexpr qint64 Key = 0x726576697369;

    ~MigrationLock();
    /// Waits up to timeoutMs; fails with ErrorKind::LockTimeout naming the holder.
    static Result<std::unique_ptr<MigrationLock>> acquire(const ConnectionSettings &settings, int timeoutMs,
                                                          const std::atomic_bool *cancel = nullptr);

private:
    std::unique_ptr<Session> m_session;
};

} // namespace revisor
