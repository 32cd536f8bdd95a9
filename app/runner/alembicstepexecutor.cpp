// An Alembic project's step: the project's own Alembic, as a child process, moving the
// database exactly one revision (`alembic upgrade <next id>` / `alembic downgrade <previous>`),
// so env.py, Python data migrations and op.* run as they do in production.
//
// How the connection reaches Alembic without its password on a command line or in a lasting
// file: Alembic gets a private copy of alembic.ini (owner-only folder and file, removed after
// the step) whose sqlalchemy.url names host, port, user and database but no password, and the
// same URL as DATABASE_URL for an env.py that reads the environment; the password travels in
// the child's environment as PGPASSWORD, which libpq (under psycopg2) reads itself.
#include "runner/stepexecutor.h"

#include "db/session.h"
#include "migrations/alembicproject.h"
#include "runner/locksampler.h"
#include "runner/migrationlock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUrl>

#include <atomic>

namespace revisor {

namespace {

// How often the child's locks are sampled. 10 ms keeps the sampling query (a few tenths of
// a millisecond on a small catalog) well under a tenth of one core; REVISOR_LOCK_SAMPLE_MS
// changes it (0: no sampling), for measuring what it costs.
int samplingIntervalMs()
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue("REVISOR_LOCK_SAMPLE_MS", &ok);
    return ok ? std::max(0, v) : 10;
}

// A SQLAlchemy URL for the settings, without any secret option: the user and database in the
// URL, every other non-secret libpq keyword (host, port, sslmode...) as a query parameter,
// which psycopg2 hands to libpq as it is.
QString urlWithoutSecrets(const ConnectionSettings &settings)
{
    QString url = QStringLiteral("postgresql://");
    const QString user = settings.value(QStringLiteral("user"));
    if (!user.isEmpty())
        url += QString::fromLatin1(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
    url += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(settings.value(QStringLiteral("dbname"))));
    QStringList query;
    const ConnectionSettings shown = settings.withoutSecrets();
    for (const auto &[key, value] : shown.keywords()) {
        if (key == QLatin1String("user") || key == QLatin1String("dbname") || key == QLatin1String("application_name"))
            continue;
        query << QStringLiteral("%1=%2").arg(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    return query.isEmpty() ? url : url + QLatin1Char('?') + query.join(QLatin1Char('&'));
}

class AlembicStepExecutor final : public StepExecutor
{
public:
    AlembicStepExecutor(Result<AlembicProject> project, bool linear)
        : m_project(std::move(project)), m_linear(linear) {}

    StepResult run(const PlannedStep &step, const StepContext &ctx) override;

private:
    // The Alembic command that moves exactly this one revision.
    QStringList argumentsFor(const PlannedStep &step) const
    {
        const Revision &rev = step.revision;
        if (step.direction == PlannedStep::Direction::Up)
            return {QStringLiteral("upgrade"), rev.id};
        // A chain goes down to the revision below by name. In a graph, "<id>@-1" reverts this
        // revision alone (its own branch one step down; a plain "downgrade <parent>" would
        // also revert a sibling branch applied after it); a merge point goes back to one of
        // its parents, which leaves the others applied as heads.
        if (m_linear)
            return {QStringLiteral("downgrade"), step.to.isBase() ? QStringLiteral("base") : step.to.id()};
        if (!rev.mergedRevisions.isEmpty())
            return {QStringLiteral("downgrade"), rev.parents().first()};
        return {QStringLiteral("downgrade"), rev.id + QStringLiteral("@-1")};
    }

    Result<AlembicProject> m_project;
    bool m_linear;
};

StepResult AlembicStepExecutor::run(const PlannedStep &step, const StepContext &ctx)
{
    const Revision &rev = step.revision;
    const bool up = step.direction == PlannedStep::Direction::Up;
    StepResult result;
    result.kind = up ? StepResult::Kind::Upgrade : StepResult::Kind::Downgrade;
    result.revision = rev.id;
    result.from = step.from;
    result.to = step.from;
    result.message = rev.message;
    result.startedAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer timer;
    timer.start();
    const auto finish = [&](std::optional<Error> error) {
        result.durationMs = timer.nsecsElapsed() / 1e6;
        if (error) {
            error->revision = rev.id;
            result.error = error;
        }
        if (ctx.observer.stepFinished)
            ctx.observer.stepFinished(result);
        return result;
    };
    if (!m_project)
        return finish(m_project.error());
    const QStringList args = argumentsFor(step);
    if (ctx.observer.stepStarted)
        ctx.observer.stepStarted(QStringLiteral("%1 %2: %3 %4").arg(up ? QStringLiteral("upgrade to") : QStringLiteral("downgrade from"), rev.id,
                                                                  m_project->command.join(QLatin1Char(' ')), args.join(QLatin1Char(' '))));

    const ConnectionSettings &settings = ctx.session.settings();
    const QString url = urlWithoutSecrets(settings);
    auto config = AlembicConfig::create(*m_project, url);
    if (!config)
        return finish(config.error());
    // A name no other backend has, so the sampler sees the child's backends and no others.
    static std::atomic_int counter = 0;
    const QString appName = QStringLiteral("revisor-alembic-%1-%2").arg(QCoreApplication::applicationPid()).arg(++counter);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), url);
    env.insert(QStringLiteral("PGAPPNAME"), appName);
    if (const QString password = settings.value(QStringLiteral("password")); !password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), password);

    std::unique_ptr<LockSampler> sampler;
    if (const int interval = samplingIntervalMs(); interval > 0) {
        sampler = std::make_unique<LockSampler>(settings, WatchedBackends{0, appName}, interval);
        if (const QString failed = sampler->waitUntilReady(); !failed.isEmpty())
            result.toolOutput += QStringLiteral("(locks not sampled: %1)\n").arg(failed);
    }
    const AlembicRun run = runAlembic(*m_project, (*config)->path(), args, env, {}, [&] { return ctx.cancel.load(); });
    if (sampler)
        result.locks = sampledLocks(sampler->stop(), sampler->intervalMs());
    result.toolOutput += run.output;

    // Where the database is now, as Alembic's own table says.
    auto now = ctx.store.current(ctx.session);
    if (!now) {
        Error e = now.error();
        e.message = QStringLiteral("after '%1': cannot read %2 back: %3").arg(args.join(QLatin1Char(' ')), ctx.store.name(), e.message);
        return finish(e);
    }
    result.to = *now;
    if (!run.ok()) {
        Error e = alembicRunError(*m_project, args, run);
        e.kind = ctx.cancel.load() ? ErrorKind::Cancelled : ErrorKind::Database;
        e.message += *now == step.from
                         ? QStringLiteral(" (the database is still at revision %1, read back from %2)").arg(now->label(), ctx.store.name())
                         : QStringLiteral(" (the database is now at revision %1, read back from %2; the step started at %3)")
                               .arg(now->label(), ctx.store.name(), step.from.label());
        return finish(e);
    }
    if (*now != step.to)
        return finish(Error::database(QStringLiteral("'%1' succeeded, but %2 says the database is at %3, not %4")
                                          .arg(args.join(QLatin1Char(' ')), ctx.store.name(), now->label(), step.to.label())));
    // The move counts only if the lock was ours all along.
    if (ctx.lock) {
        if (auto held = ctx.lock->verify(); !held)
            return finish(held.error());
    }
    return finish(std::nullopt);
}

} // namespace

std::shared_ptr<StepExecutor> stepExecutorFor(const MigrationSet &set)
{
    if (set.format() == QLatin1String("alembic") && set.options().alembicMode != QLatin1String("sql")) {
        auto project = locateAlembicProject(set.directory(), set.options().alembicCommand);
        if (project)
            project->versionTable = set.options().versionTable.isEmpty() ? project->versionTable : set.options().versionTable;
        return std::make_shared<AlembicStepExecutor>(std::move(project), set.isLinear());
    }
    return nullptr;
}

} // namespace revisor
