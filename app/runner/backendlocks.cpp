#include "backendlocks.h"

#include "db/session.h"

#include <chrono>

namespace revisor {

namespace {

// Granted relation locks of backend $1 on the current database's user relations (the catalogs
// this query itself reads are left out). A relation created by the backend's open transaction
// is invisible to another connection's catalog snapshot: it is named by OID there.
const char *const kRelationLocksSql =
    "SELECT l.relation::bigint,"
    "       coalesce(quote_ident(n.nspname) || '.' || quote_ident(c.relname), '(oid ' || l.relation::text || ')'),"
    "       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'"
    "            WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
    "            WHEN 't' THEN 'toast table' ELSE coalesce(c.relkind::text, 'dropped') END,"
    "       l.mode "
    "FROM pg_locks l "
    "LEFT JOIN pg_class c ON c.oid = l.relation "
    "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE l.pid = $1::int AND l.locktype = 'relation' AND l.granted "
    "  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "  AND coalesce(n.nspname, '') NOT IN ('pg_catalog', 'information_schema') "
    "ORDER BY 2, 4";

} // namespace

Result<QList<RelationLock>> readRelationLocks(Session &session, int pid)
{
    auto rows = session.exec(QString::fromLatin1(kRelationLocksSql), {QString::number(pid)});
    if (!rows)
        return fail(rows.error());
    QList<RelationLock> out;
    for (const QStringList &r : rows->rows)
        out << RelationLock{r.value(0).toLongLong(), r.value(1), r.value(2), r.value(3)};
    return out;
}

double monotonicMs()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

BackendLockSampler::BackendLockSampler(ConnectionSettings settings, int backendPid, int intervalMs)
    : m_settings(std::move(settings)), m_pid(backendPid), m_intervalMs(intervalMs)
{
    m_thread = std::thread([this] { run(); });
}

BackendLockSampler::~BackendLockSampler()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

QList<BackendLockSampler::Sample> BackendLockSampler::samples() const
{
    std::lock_guard lock(m_mutex);
    return m_samples;
}

void BackendLockSampler::clear()
{
    std::lock_guard lock(m_mutex);
    m_samples.clear();
}

void BackendLockSampler::run()
{
    // Opened on this thread: a connection belongs to the thread that opened it. Without one
    // the locks are still read after each statement; only the moments are less exact.
    auto session = Session::open(m_settings, QStringLiteral("revisor (lock sampler)"));
    if (!session)
        return;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        // Stamped with the moment the query started: a lock it finds was held then or later,
        // and a lock released before a statement started is never dated into it.
        const double now = monotonicMs();
        auto locks = readRelationLocks(**session, m_pid);
        lock.lock();
        if (locks) {
            for (const RelationLock &l : *locks) {
                auto it = std::find_if(m_samples.begin(), m_samples.end(), [&](const Sample &s) {
                    return s.lock.oid == l.oid && s.lock.mode == l.mode;
                });
                if (it == m_samples.end())
                    m_samples << Sample{l, now, now};
                else
                    it->lastSeenMs = now;
            }
        }
        m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stop; });
    }
}

StatementLockTracker::StatementLockTracker(Session &session, int pid, bool transactional, BackendLockSampler *sampler)
    : m_session(session), m_pid(pid), m_transactional(transactional), m_sampler(sampler)
{
    // What the step holds before its first statement (the version table's row, taken by the
    // bookkeeping) is not a statement's.
    if (auto held = readRelationLocks(m_session, m_pid)) {
        for (const RelationLock &l : *held)
            m_known.append({l.oid, l.mode});
    }
    if (m_sampler)
        m_sampler->clear();
}

void StatementLockTracker::statementStarted()
{
    // Outside a transaction each statement takes its locks anew.
    if (!m_transactional && m_sampler)
        m_sampler->clear();
    m_startedMs = monotonicMs();
}

void StatementLockTracker::statementFinished(StatementRun &run)
{
    const double endedMs = monotonicMs();
    const QList<BackendLockSampler::Sample> samples = m_sampler ? m_sampler->samples() : QList<BackendLockSampler::Sample>();
    const auto sampleOf = [&](qint64 oid, const QString &mode) -> const BackendLockSampler::Sample * {
        for (const BackendLockSampler::Sample &s : samples) {
            if (s.lock.oid == oid && s.lock.mode == mode && s.firstSeenMs >= m_startedMs && s.firstSeenMs <= endedMs)
                return &s;
        }
        return nullptr;
    };
    // The ACCESS EXCLUSIVE table lock of a CREATE TABLE is on the table it creates (a table it
    // references gets a weaker one).
    const bool creates = run.commandTag == QLatin1String("CREATE TABLE");
    const auto attribute = [&](const RelationLock &l, double acquiredMs, bool sampled) {
        m_known.append({l.oid, l.mode});
        if (creates && l.kind == QLatin1String("table") && l.mode == QLatin1String("AccessExclusiveLock"))
            m_created << l.oid;
        run.locks << ObservedLock{l.relation, l.kind, l.mode, acquiredMs - m_startedMs, endedMs - acquiredMs, sampled,
                                  m_created.contains(l.oid)};
        m_acquiredMs << acquiredMs;
    };
    // The runner's own connection names relations its transaction created, which the
    // sampler's cannot.
    if (m_transactional) {
        if (auto held = readRelationLocks(m_session, m_pid)) {
            for (const RelationLock &l : *held) {
                if (m_known.contains(std::pair{l.oid, l.mode}))
                    continue;
                const BackendLockSampler::Sample *s = sampleOf(l.oid, l.mode);
                attribute(l, s ? s->firstSeenMs : m_startedMs, s != nullptr);
            }
        }
        return;
    }
    // Outside a transaction the statement's locks went with it: only the samples saw them.
    for (const BackendLockSampler::Sample &s : samples) {
        if (s.firstSeenMs < m_startedMs || s.firstSeenMs > endedMs || m_known.contains(std::pair{s.lock.oid, s.lock.mode}))
            continue;
        attribute(s.lock, s.firstSeenMs, true);
        m_known.removeLast(); // the next statement takes it anew
    }
}

void StatementLockTracker::committed(QList<StatementRun> &runs)
{
    if (!m_transactional)
        return;
    const double now = monotonicMs();
    qsizetype i = 0;
    for (StatementRun &run : runs) {
        for (ObservedLock &l : run.locks) {
            if (i < m_acquiredMs.size())
                l.heldMs = now - m_acquiredMs.at(i);
            ++i;
        }
    }
}

} // namespace revisor
