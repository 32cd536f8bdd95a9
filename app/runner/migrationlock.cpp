#include "migrationlock.h"

#include <QElapsedTimer>
#include <QThread>

namespace revisor {

MigrationLock::~MigrationLock()
{
    if (m_session)
        (void)m_session->exec(QStringLiteral("SELECT pg_advisory_unlock($1::bigint)"), {QString::number(Key)});
}

Status MigrationLock::verify()
{
    auto held = m_session->scalar(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() "
        "AND granted AND ((classid::bigint << 32) | objid::bigint) = $1::bigint)"), {QString::number(Key)});
    const QString why = !held ? held.error().message : *held == QLatin1String("t") ? QString() : QStringLiteral("no longer granted");
    if (why.isEmpty())
        return {};
    Error e = Error::database(QStringLiteral("the migration lock was lost (%1): the step was stopped before its bookkeeping, "
                                             "since another migrator may now be running").arg(why.trimmed()));
    e.hint = QStringLiteral("check who ended the lock's connection (application_name 'revisor (migration lock)'), then run again");
    return fail(e);
}

Result<std::unique_ptr<MigrationLock>> MigrationLock::acquire(const ConnectionSettings &settings, int timeoutMs,
                                                              const std::atomic_bool *cancel)
{
    auto session = Session::open(settings, QStringLiteral("revisor (migration lock)"));
    if (!session)
        return fail(session.error());
    QElapsedTimer waited;
    waited.start();
    int backoffMs = 20;
    for (;;) {
        auto got = (*session)->scalar(QStringLiteral("SELECT pg_try_advisory_lock($1::bigint)"), {QString::number(Key)});
        if (!got)
            return fail(got.error());
        if (*got == QLatin1String("t")) {
            auto lock = std::unique_ptr<MigrationLock>(new MigrationLock);
            lock->m_session = std::move(*session);
            return lock;
        }
        if (cancel && cancel->load())
            return fail(Error::of(ErrorKind::Cancelled, QStringLiteral("cancelled while waiting for the migration lock")));
        if (waited.elapsed() >= timeoutMs) {
            auto holder = (*session)->exec(QStringLiteral(
                "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'), "
                "       coalesce(to_char(now() - a.backend_start, 'HH24:MI:SS'), '') "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "  AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint"),
                {QString::number(Key)});
            QString who = QStringLiteral("another session");
            if (holder && !holder->rows.isEmpty())
                who = QStringLiteral("backend pid %1 (%2, from %3, connected for %4)")
                          .arg(holder->value(0, 0), holder->value(0, 1), holder->value(0, 2), holder->value(0, 3));
            Error e = Error::of(ErrorKind::LockTimeout,
                    QStringLiteral("timed out after %1 s waiting for the migration lock on database '%2': held by %3")
                        .arg(timeoutMs / 1000.0, 0, 'f', 1).arg((*session)->databaseName(), who));
            e.hint = QStringLiteral("another Revisor is migrating this database; wait for it, or raise --lock-timeout");
            return fail(e);
        }
        QThread::msleep(std::min<qint64>(backoffMs, std::max<qint64>(1, timeoutMs - waited.elapsed())));
        backoffMs = std::min(backoffMs * 2, 500);
    }
}

} // namespace revisor
