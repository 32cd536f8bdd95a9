#include "probecopy.h"

#include "db/session.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>

namespace revisor {

namespace {

// A name no other database has: the source's (cut so that the whole stays within
// PostgreSQL's 63 bytes), this process and a counter.
QString copyName(const QString &source)
{
    static std::atomic<int> counter{0};
    const QString suffix = QStringLiteral("_probe_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
    QString base = source;
    while (base.toUtf8().size() + suffix.size() > 63)
        base.chop(1);
    return base + suffix;
}

// Why no copy can be made, from what the server said.
QString refusal(const Error &e)
{
    if (e.sqlState == QLatin1String("55006"))
        return QStringLiteral("other sessions are connected to the database, and a copy needs it to itself (%1)").arg(e.message);
    if (e.sqlState == QLatin1String("42501"))
        return QStringLiteral("the role may not create databases (%1)").arg(e.message);
    return e.message;
}

} // namespace

ProbeResult runProbeOnCopy(Session &session, const MigrationSet &set, const RevisionRef &from, const RevisionRef &to,
                           const QString &why)
{
    ProbeResult p;
    p.from = from;
    p.to = to;
    p.onCopy = true;
    const auto skip = [&p, &why](const QString &reason) {
        p.detail = QStringLiteral("skipped: %1, and no disposable copy of the database could be made to probe on: %2").arg(why, reason);
        return p;
    };
    auto allowed = session.scalar(QStringLiteral("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"));
    if (!allowed)
        return skip(allowed.error().message);
    if (*allowed != QLatin1String("t"))
        return skip(QStringLiteral("the role may not create databases (CREATEDB)"));

    QElapsedTimer timer;
    timer.start();
    const QString name = copyName(session.databaseName());
    // The source may have no other session connected; this one is allowed (it is the one
    // running CREATE DATABASE).
    if (auto created = session.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2")
                                        .arg(session.quoteIdent(name), session.quoteIdent(session.databaseName())));
        !created)
        return skip(refusal(created.error()));
    const double copyMs = timer.nsecsElapsed() / 1e6;
    ConnectionSettings settings = session.settings();
    settings.setValue(QStringLiteral("dbname"), name);
    {
        auto copy = Session::open(settings, QStringLiteral("revisor probe"));
        if (!copy) {
            p.detail = QStringLiteral("skipped: %1, and the copy %2 could not be reached: %3").arg(why, name, copy.error().message);
        } else {
            p.ran = true;
            RunnerOptions options;
            options.watchLocks = false;
            options.recordHistory = false;
            Runner runner(**copy, set, options);
            timer.restart();
            auto outcome = runner.migrate(to);
            p.durationMs = timer.nsecsElapsed() / 1e6;
            if (!outcome) {
                p.detail = outcome.error().toString();
            } else {
                p.ok = outcome->completed();
                if (const Error *e = outcome->error())
                    p.detail = e->toString();
            }
            p.detail = QStringLiteral("on a disposable copy (%1; copied in %2 ms)%3")
                           .arg(why).arg(copyMs, 0, 'f', 0).arg(p.detail.isEmpty() ? QString() : QStringLiteral(": ") + p.detail);
        }
    }
    // The copy's own session is closed: nothing keeps the drop waiting.
    if (auto dropped = session.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(session.quoteIdent(name))); !dropped)
        p.detail += QStringLiteral("; the copy %1 could not be dropped: %2").arg(name, dropped.error().message);
    return p;
}

} // namespace revisor
