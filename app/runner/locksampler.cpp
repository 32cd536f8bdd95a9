#include "locksampler.h"

#include "db/session.h"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace revisor {

namespace {

// The one query both kinds of watcher read: granted relation locks of backend $1, or of the
// backends named $2, on the current database's user relations (the catalogs this query itself
// reads are left out). A relation created by the backend's open transaction is invisible to
// another connection's catalog snapshot: it is named by OID there, and flagged unnamed.
const char *const kRelationLocksSql =
    "SELECT l.relation::bigint,"
    "       coalesce(quote_ident(n.nspname) || '.' || quote_ident(c.relname), '(oid ' || l.relation::text || ')'),"
    "       coalesce(c.relkind::text, ''),"
    "       l.mode, (c.oid IS NOT NULL)::int "
    "FROM pg_locks l "
    "LEFT JOIN pg_class c ON c.oid = l.relation "
    "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE l.locktype = 'relation' AND l.granted "
    "  AND (l.pid = $1::int OR ($2::text <> '' AND l.pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = $2::text))) "
    "  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "  AND coalesce(n.nspname, '') NOT IN ('pg_catalog', 'information_schema') "
    "ORDER BY 2, 4";

// Names for the OIDs the samples could not name.
const char *const kNamesSql =
    "SELECT c.oid::bigint, quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])";

// pg_class.relkind as a word; "dropped" when the relation is gone from the catalog.
QString kindWord(const QString &relkind)
{
    if (relkind == QLatin1String("r") || relkind == QLatin1String("p"))
        return QStringLiteral("table");
    if (relkind == QLatin1String("i") || relkind == QLatin1String("I"))
        return QStringLiteral("index");
    if (relkind == QLatin1String("S"))
        return QStringLiteral("sequence");
    if (relkind == QLatin1String("v"))
        return QStringLiteral("view");
    if (relkind == QLatin1String("m"))
        return QStringLiteral("materialized view");
    if (relkind == QLatin1String("t"))
        return QStringLiteral("toast table");
    return relkind.isEmpty() ? QStringLiteral("dropped") : relkind;
}

} // namespace

Result<QList<RelationLock>> readRelationLocks(Session &session, const WatchedBackends &backends)
{
    auto rows = session.exec(QString::fromLatin1(kRelationLocksSql), {QString::number(backends.pid), backends.applicationName});
    if (!rows)
        return fail(rows.error());
    QList<RelationLock> out;
    for (const QStringList &r : rows->rows)
        out << RelationLock{r.value(0).toLongLong(), r.value(1), kindWord(r.value(2)), r.value(3), r.value(4) == QLatin1String("1")};
    return out;
}

double monotonicMs()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

LockSampler::LockSampler(ConnectionSettings settings, WatchedBackends backends, int intervalMs)
    : m_settings(std::move(settings)), m_backends(std::move(backends)), m_intervalMs(std::max(1, intervalMs))
{
    m_thread = std::thread([this] { run(); });
}

LockSampler::~LockSampler()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

QString LockSampler::waitUntilReady()
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return m_ready || m_stop; });
    return m_failure;
}

QList<LockSampler::Sample> LockSampler::samples() const
{
    std::lock_guard lock(m_mutex);
    return m_samples;
}

void LockSampler::clear()
{
    std::lock_guard lock(m_mutex);
    m_samples.clear();
    m_index.clear();
}

QList<LockSampler::Sample> LockSampler::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_nameAtStop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    return samples();
}

void LockSampler::run()
{
    // Opened on this thread: a connection belongs to the thread that opened it. Without one
    // the runner still reads its locks after each statement; only the moments are less exact.
    auto session = Session::open(m_settings, QStringLiteral("revisor (lock sampler)"));
    {
        std::lock_guard lock(m_mutex);
        m_ready = true;
        if (!session)
            m_failure = session.error().message;
    }
    m_wake.notify_all();
    if (!session)
        return;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        // Stamped with the moment the query started: a lock it finds was held then or later,
        // and a lock released before a statement started is never dated into it.
        const double now = monotonicMs();
        auto locks = readRelationLocks(**session, m_backends);
        lock.lock();
        if (locks) {
            for (const RelationLock &l : *locks) {
                const auto key = std::pair{l.oid, l.mode};
                if (const auto it = m_index.constFind(key); it != m_index.cend()) {
                    Sample &seen = m_samples[*it];
                    seen.lastSeenMs = now;
                    // A relation the backend created is named once its transaction committed.
                    if (!seen.lock.named && l.named)
                        seen.lock = l;
                } else {
                    m_index.insert(key, m_samples.size());
                    m_samples << Sample{l, now, now};
                }
            }
        }
        m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stop; });
    }
    if (!m_nameAtStop)
        return;
    QStringList unnamed;
    for (const Sample &s : m_samples) {
        if (!s.lock.named)
            unnamed << QString::number(s.lock.oid);
    }
    if (unnamed.isEmpty())
        return;
    lock.unlock();
    auto rows = (*session)->exec(QString::fromLatin1(kNamesSql), {QStringLiteral("{%1}").arg(unnamed.join(QLatin1Char(',')))});
    lock.lock();
    if (!rows)
        return;
    for (const QStringList &r : rows->rows) {
        for (Sample &s : m_samples) {
            if (!s.lock.named && s.lock.oid == r.value(0).toLongLong()) {
                s.lock.relation = r.value(1);
                s.lock.kind = kindWord(r.value(2));
                s.lock.named = true;
            }
        }
    }
}

QList<LockInfo> sampledLocks(const QList<LockSampler::Sample> &samples, int intervalMs)
{
    QList<LockInfo> result;
    for (const LockSampler::Sample &s : samples) {
        // A TOAST table and its index go with their table: shown, they only repeat it.
        if (s.lock.relation.startsWith(QLatin1String("pg_toast.")))
            continue;
        result << LockInfo{s.lock.relation, s.lock.kind, s.lock.mode, s.lastSeenMs - s.firstSeenMs + intervalMs, intervalMs};
    }
    std::sort(result.begin(), result.end(), [](const LockInfo &a, const LockInfo &b) {
        return std::make_tuple(lockModeRank(a.mode), a.relation) < std::make_tuple(lockModeRank(b.mode), b.relation);
    });
    return result;
}

} // namespace revisor
