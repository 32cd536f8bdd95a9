#include "clicontext.h"

#include "core/paths.h"

namespace revisor::cli {

void Context::addSetOption(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("set"), QStringLiteral("Migration set directory (default: the bundled codebase_mcp set)."),
                      QStringLiteral("DIR")});
}

void Context::addDbOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("db"),
                      QStringLiteral("Database: a libpq URL or keyword string, or a SQLAlchemy URL (postgresql+psycopg2://...). "
                                     "Default: $DATABASE_URL, then the PG* environment, service file and .pgpass."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("lock-timeout"),
                      QStringLiteral("Seconds to wait for another migrator's lock (default 30)."), QStringLiteral("SECONDS"),
                      QStringLiteral("30")});
}

bool Context::parse(QCommandLineParser &parser, const QString &synopsis, int *exitCode)
{
    parser.setApplicationDescription(synopsis);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList args = arguments;
    args.removeAt(1); // the command
    args[0] = QStringLiteral("revisor ") + command;
    if (!parser.parse(args)) {
        err << "revisor " << command << ": " << parser.errorText() << "\n";
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        *exitCode = 0;
        return false;
    }
    return true;
}

Result<MigrationSet> Context::loadSet(const QCommandLineParser &parser) const
{
    const QString dir = parser.isSet(QStringLiteral("set")) ? parser.value(QStringLiteral("set")) : defaultMigrationSetDir();
    return MigrationSet::load(dir);
}

Result<ConnectionSettings> Context::connection(const QCommandLineParser &parser) const
{
    return ConnectionSettings::fromArgumentOrEnvironment(parser.value(QStringLiteral("db")));
}

int Context::lockTimeoutMs(const QCommandLineParser &parser) const
{
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("lock-timeout")).toDouble(&ok);
    return ok && seconds >= 0 ? int(seconds * 1000) : 30000;
}

void Context::addStepTimeoutOptions(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("ddl-lock-timeout"),
                      QStringLiteral("Seconds a step's statement may wait for a table lock another session holds "
                                     "(lock_timeout; default: the server's). A revision's '-- lock-timeout:' header wins."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("statement-timeout"),
                      QStringLiteral("Seconds one statement of a step may run (statement_timeout; default: the server's). "
                                     "A revision's '-- statement-timeout:' header wins."),
                      QStringLiteral("SECONDS")});
}

Result<StepTimeouts> Context::stepTimeouts(const QCommandLineParser &parser) const
{
    StepTimeouts timeouts;
    for (auto [name, ms] : {std::pair{QStringLiteral("ddl-lock-timeout"), &timeouts.lockTimeoutMs},
                            std::pair{QStringLiteral("statement-timeout"), &timeouts.statementTimeoutMs}}) {
        if (!parser.isSet(name))
            continue;
        bool ok = false;
        const double seconds = parser.value(name).toDouble(&ok);
        if (!ok || seconds <= 0)
            return fail(Error::usage(QStringLiteral("--%1 expects a positive number of seconds, got '%2'").arg(name, parser.value(name))));
        *ms = int(seconds * 1000);
    }
    return timeouts;
}

int Context::report(const Error &error)
{
    err << "revisor " << command << ": error: " << error.toString() << Qt::endl;
    return error.exitCode();
}

void Context::progress(const QString &line)
{
    err << line << Qt::endl;
}

} // namespace revisor::cli
