#include "locksampler.h"

#include "db/session.h"

#include <QElapsedTimer>

namespace revisor {

namespace {

// Relation locks of the backends named $1 in this database, catalogs left out. The name is
// this connection's view: a relation the child created and has not committed shows no name
// yet and is named by OID after the step (stop()).
const char *const kSampleSql =
    "SELECT l.relation::text, coalesce(quote_ident(n.nspname) || '.' || quote_ident(c.relname), ''),"
    "       coalesce(c.relkind::text, ''), l.mode "
    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "LEFT JOIN pg_class c ON c.oid = l.relation "
    "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE a.application_name = $1 AND l.locktype = 'relation' AND l.granted "
    "  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "  AND coalesce(n.nspname, '') NOT IN ('pg_catalog', 'information_schema') "
    "  AND coalesce(n.nspname, '') NOT LIKE 'pg_toast%'";

// Names for the OIDs the samples could not name.
const char *const kNamesSql =
    "SELECT c.oid::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])";

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

// Lock modes from the strongest: the order a reader wants them in.
int strength(const QString &mode)
{
    static const QStringList order{QStringLiteral("AccessExclusiveLock"), QStringLiteral("ExclusiveLock"),
                                   QStringLiteral("ShareRowExclusiveLock"), QStringLiteral("ShareLock"),
                                   QStringLiteral("ShareUpdateExclusiveLock"), QStringLiteral("RowExclusiveLock"),
                                   QStringLiteral("RowShareLock"), QStringLiteral("AccessShareLock")};
    const qsizetype i = order.indexOf(mode);
    return i < 0 ? int(order.size()) : int(i);
}

} // namespace

LockSampler::LockSampler(ConnectionSettings settings, QString applicationName, int intervalMs)
    : m_settings(std::move(settings)), m_applicationName(std::move(applicationName)), m_intervalMs(std::max(1, intervalMs))
{
    m_thread = std::thread([this] { run(); });
}

LockSampler::~LockSampler()
{
    stop();
}

QString LockSampler::waitUntilReady()
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return m_ready || m_stop; });
    return m_failure;
}

int LockSampler::samples() const
{
    std::lock_guard lock(m_mutex);
    return m_samples;
}

QList<LockInfo> LockSampler::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    return m_result;
}

void LockSampler::run()
{
    // Opened on this thread: a connection belongs to the thread that opened it.
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
    QElapsedTimer clock;
    clock.start();
    QHash<QString, qsizetype> index; // oid + mode -> m_seen
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        const qint64 now = clock.elapsed();
        auto rows = (*session)->exec(QString::fromLatin1(kSampleSql), {m_applicationName});
        lock.lock();
        if (rows) {
            ++m_samples;
            for (const QStringList &r : rows->rows) {
                const QString key = r.value(0) + QLatin1Char('/') + r.value(3);
                if (const auto it = index.constFind(key); it != index.cend()) {
                    m_seen[*it].lastMs = now;
                    if (m_seen[*it].name.isEmpty())
                        m_seen[*it].name = r.value(1);
                } else {
                    index.insert(key, m_seen.size());
                    m_seen.append({r.value(0), r.value(1), r.value(2), r.value(3), now, now});
                }
            }
        }
        m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stop; });
    }
    lock.unlock();
    QStringList unnamed;
    for (const Seen &s : m_seen) {
        if (s.name.isEmpty())
            unnamed << s.relationOid;
    }
    QHash<QString, std::pair<QString, QString>> names;
    if (!unnamed.isEmpty()) {
        if (auto rows = (*session)->exec(QString::fromLatin1(kNamesSql), {QStringLiteral("{%1}").arg(unnamed.join(QLatin1Char(',')))})) {
            for (const QStringList &r : rows->rows)
                names.insert(r.value(0), {r.value(1), r.value(2)});
        }
    }
    QList<LockInfo> result;
    for (const Seen &s : m_seen) {
        const auto named = names.value(s.relationOid);
        const QString name = !s.name.isEmpty() ? s.name : !named.first.isEmpty() ? named.first : QStringLiteral("(oid %1)").arg(s.relationOid);
        const QString kind = !s.name.isEmpty() ? s.kind : named.second;
        // A TOAST table and its index go with their table: shown, they only repeat it.
        if (name.startsWith(QLatin1String("pg_toast.")))
            continue;
        result << LockInfo{name, kindWord(kind), s.mode, double(s.lastMs - s.firstMs + m_intervalMs), m_intervalMs};
    }
    std::sort(result.begin(), result.end(), [](const LockInfo &a, const LockInfo &b) {
        return std::make_tuple(strength(a.mode), a.relation) < std::make_tuple(strength(b.mode), b.relation);
    });
    lock.lock();
    m_result = result;
}

} // namespace revisor
