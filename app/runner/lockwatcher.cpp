#include "lockwatcher.h"

#include "db/session.h"

namespace revisor {

namespace {

// Who blocks the backend $1, and on which relation it waits (resolved through this
// connection's catalogs: the relation is committed, or the step could not wait for it).
const char *const kBlockersSql =
    "SELECT b.pid, coalesce(b.state, ''), coalesce(extract(epoch FROM now() - b.state_change)::int, 0),"
    "       coalesce(b.query, ''),"
    "       coalesce((SELECT string_agg(DISTINCT l.relation::regclass::text, ', ') FROM pg_locks l"
    "                  WHERE l.pid = $1::int AND NOT l.granted AND l.locktype = 'relation'), '') "
    "FROM unnest(pg_blocking_pids($1::int)) AS bp(pid) JOIN pg_stat_activity b ON b.pid = bp.pid "
    "ORDER BY 1";

} // namespace

QString LockWait::toText() const
{
    QString text = QStringLiteral("waiting for lock");
    if (!relation.isEmpty())
        text += QStringLiteral(" on %1").arg(relation);
    return text + QStringLiteral(": blocked by pid %1 (%2 %3 s): %4")
                      .arg(blockerPid).arg(blockerState).arg(blockerStateSeconds).arg(blockerQuery.simplified());
}

LockWatcher::LockWatcher(ConnectionSettings settings, int backendPid, std::function<void(const LockWait &)> onWait,
                         int intervalMs)
    : m_settings(std::move(settings)), m_pid(backendPid), m_onWait(std::move(onWait)), m_intervalMs(intervalMs)
{
    m_thread = std::thread([this] { run(); });
}

LockWatcher::~LockWatcher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

QString LockWatcher::lastRelation() const
{
    std::lock_guard lock(m_mutex);
    return m_lastRelation;
}

void LockWatcher::run()
{
    // Opened on this thread: a connection belongs to the thread that opened it. Without one
    // the step still runs; it only goes unexplained.
    auto session = Session::open(m_settings, QStringLiteral("revisor (lock watcher)"));
    if (!session)
        return;
    QList<int> reported;
    std::unique_lock lock(m_mutex);
    // The first look comes early: a short lock timeout must not fire before the watcher has
    // seen which relation the step waits for.
    int waitMs = std::min(200, m_intervalMs);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(std::exchange(waitMs, m_intervalMs)), [this] { return m_stop; })) {
        lock.unlock();
        auto rows = (*session)->exec(QString::fromLatin1(kBlockersSql), {QString::number(m_pid)});
        QList<LockWait> waits;
        if (rows) {
            for (const QStringList &r : rows->rows)
                waits << LockWait{m_pid, r.value(0).toInt(), r.value(1), r.value(2).toInt(), r.value(3), r.value(4)};
        }
        lock.lock();
        if (!waits.isEmpty() && !waits.first().relation.isEmpty())
            m_lastRelation = waits.first().relation;
        QList<int> pids;
        for (const LockWait &w : waits)
            pids << w.blockerPid;
        if (pids == reported)
            continue;
        reported = pids;
        lock.unlock();
        // A blocker is told once; a new one (the queue moved) is told again.
        if (m_onWait) {
            for (const LockWait &w : waits)
                m_onWait(w);
        }
        lock.lock();
    }
}

} // namespace revisor
