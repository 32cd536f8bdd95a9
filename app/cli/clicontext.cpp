#include "clicontext.h"

#include "migrations/setreaders.h"

#include "core/paths.h"
#include "db/scratchcluster.h"

#include <QFile>

namespace revisor::cli {

namespace {

const QString kDb = QStringLiteral("db");
const QString kDbFile = QStringLiteral("db-file");

// The connection string is the first line; the rest of the file is free for comments.
Result<QString> firstLine(QFile &file, const QString &name)
{
    QByteArray line = file.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return fail(Error::input(name, 1, QStringLiteral("the first line should hold the connection URL or keyword string, "
                                                         "and it is empty")));
    return QString::fromUtf8(line);
}

Result<QString> connectionFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot read the connection file: %1").arg(file.errorString())));
    return firstLine(file, path);
}

Result<QString> connectionFromStandardInput()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(Error::usage(QStringLiteral("--db -: cannot read standard input")));
    return firstLine(in, QStringLiteral("standard input"));
}

} // namespace

void Context::addSetOption(QCommandLineParser &parser, bool formatAlias) const
{
    parser.addOption({QStringLiteral("set"), QStringLiteral("Migration set directory (default: the bundled codebase_mcp set)."),
                      QStringLiteral("DIR")});
    QStringList formats;
    for (const SetReader &reader : setReaders())
        formats << reader.name;
    QStringList names{QStringLiteral("set-format")};
    if (formatAlias)
        names << QStringLiteral("format");
    parser.addOption({names,
                      QStringLiteral("The set's layout: %1 (default: detected from the directory).").arg(formats.join(QStringLiteral(", "))),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("version-table"),
                      QStringLiteral("The bookkeeping table, when the project's tool names it differently from the layout's default."),
                      QStringLiteral("TABLE")});
    parser.addOption({QStringLiteral("seeds"), QStringLiteral("Folder of seed files (default: the layout's: seeds/ of a native set, revisor/seeds/ beside alembic.ini)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("checks"), QStringLiteral("Folder of checks files (default: the layout's: checks/ of a native set, revisor/checks/ beside alembic.ini)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("alembic"), QStringLiteral("Command that runs an Alembic project's own Alembic (default: alembic on PATH), e.g. \"python3 -m alembic\"."),
                      QStringLiteral("CMD")});
    parser.addOption({QStringLiteral("alembic-mode"),
                      QStringLiteral("How an Alembic project's steps run: run (the project's Alembic, one revision per step) or sql (the SQL "
                                     "Alembic renders offline, through Revisor's runner; refused for a revision that does not render)."),
                      QStringLiteral("MODE"), QStringLiteral("run")});
}

void Context::addDbOptions(QCommandLineParser &parser) const
{
    parser.addOption({kDb,
                      QStringLiteral("Database: a libpq URL or keyword string, or a SQLAlchemy URL (postgresql+psycopg2://...); "
                                     "'-' reads it from the first line of standard input. Command-line arguments are visible to "
                                     "other local users (ps, /proc/PID/cmdline): pass a password with --db -, --db-file, "
                                     "$DATABASE_URL or .pgpass instead. "
                                     "Default: $DATABASE_URL, then the PG* environment, service file and .pgpass."),
                      QStringLiteral("URL")});
    parser.addOption({kDbFile, QStringLiteral("Read the database URL or keyword string from the first line of FILE."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("lock-timeout"),
                      QStringLiteral("Seconds to wait for another migrator's lock (default 30)."), QStringLiteral("SECONDS"),
                      QStringLiteral("30")});
}

Result<MigrationSet> Context::loadSet(const QCommandLineParser &parser) const
{
    const QString dir = parser.isSet(QStringLiteral("set")) ? parser.value(QStringLiteral("set")) : defaultMigrationSetDir();
    SetOptions options;
    options.format = parser.value(QStringLiteral("set-format"));
    options.versionTable = parser.value(QStringLiteral("version-table"));
    options.seedsDirectory = parser.value(QStringLiteral("seeds"));
    options.checksDirectory = parser.value(QStringLiteral("checks"));
    options.alembicCommand = parser.value(QStringLiteral("alembic"));
    options.alembicMode = parser.value(QStringLiteral("alembic-mode"));
    if (options.alembicMode != QLatin1String("run") && options.alembicMode != QLatin1String("sql"))
        return fail(Error::usage(QStringLiteral("--alembic-mode: '%1' is neither run nor sql").arg(options.alembicMode)));
    return MigrationSet::load(dir, options);
}

Result<ConnectionSettings> Context::connection(const QCommandLineParser &parser) const
{
    if (parser.isSet(kDb) && parser.isSet(kDbFile))
        return fail(Error::usage(QStringLiteral("--db and --db-file exclude each other")));
    Result<QString> text = parser.value(kDb);
    if (parser.isSet(kDbFile))
        text = connectionFromFile(parser.value(kDbFile));
    else if (parser.value(kDb) == QLatin1String("-"))
        text = connectionFromStandardInput();
    if (!text)
        return fail(text.error());
    return ConnectionSettings::fromArgumentOrEnvironment(*text);
}

bool Context::namesDatabase(const QCommandLineParser &parser) const
{
    return parser.isSet(kDb) || parser.isSet(kDbFile);
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

void Context::addLockThresholdOption(QCommandLineParser &parser) const
{
    parser.addOption({QStringLiteral("lock-threshold"),
                      QStringLiteral("Highlight statements that held ACCESS EXCLUSIVE on a table longer than SECONDS (default 1)."),
                      QStringLiteral("SECONDS"), QStringLiteral("1")});
}

Status Context::readLockThreshold(const QCommandLineParser &parser)
{
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("lock-threshold")).toDouble(&ok);
    if (!ok || seconds < 0)
        return fail(Error::usage(QStringLiteral("--lock-threshold expects a number of seconds, got '%1'").arg(parser.value(QStringLiteral("lock-threshold")))));
    lockThresholdMs = seconds * 1000;
    return {};
}

Result<ConnectionSettings> Context::scratchOrConnection(const QCommandLineParser &parser, const QString &scratchDatabase,
                                                        std::unique_ptr<ScratchCluster> &cluster)
{
    if (!parser.isSet(QStringLiteral("scratch")))
        return connection(parser);
    ScratchCluster::installSignalCleanup();
    progress(QStringLiteral("starting a scratch PostgreSQL server"));
    auto started = ScratchCluster::start();
    if (!started)
        return fail(started.error());
    cluster = std::move(*started);
    return cluster->createDatabase(scratchDatabase);
}

} // namespace revisor::cli
