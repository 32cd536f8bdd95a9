#include "cli.h"

#include "cli/clicontext.h"
#include "core/paths.h"
#include "filecli/diffcommand.h"

#include <QCoreApplication>

#include <algorithm>

namespace revisor {

namespace {

struct Command
{
    const char *name;
    const char *summary;
    int (*run)(cli::Context &);
};

int upgrade(cli::Context &ctx) { return cli::cmdMigrate(ctx, true); }
int downgrade(cli::Context &ctx) { return cli::cmdMigrate(ctx, false); }
int diff(cli::Context &ctx) { return cli::cmdDiff(ctx); }

const Command kCommands[] = {
    {"history", "list the revisions of a migration set, base to head", &cli::cmdHistory},
    {"current", "show the revision a database is at", &cli::cmdCurrent},
    {"upgrade", "apply revisions up to TARGET (head, an id, +N)", &upgrade},
    {"downgrade", "revert revisions down to TARGET (base, an id, -N)", &downgrade},
    {"resolve", "settle a dirty database: --resume, --mark-applied or --mark-rolled-back", &cli::cmdResolve},
    {"stamp", "set the database's revision without running anything (stamp base empties it)", &cli::cmdStamp},
    {"seed", "run a seed of the set (seeds/NAME.sql) with parameters", &cli::cmdSeed},
    {"snapshot", "capture a database's schema as JSON", &cli::cmdSnapshot},
    {"diff", "compare two schema snapshots (exit 1 when they differ)", &diff},
    {"lint", "analyse every statement for locks, rewrites, scans and data deletion, without a database", &cli::cmdLint},
    {"rehearse", "run baseline, seed, upgrade, downgrade and check the rollback; write reports", &cli::cmdRehearse},
    {"scale", "time upgrade and downgrade at several data volumes, fit time against rows, extrapolate", &cli::cmdScale},
    {"scratch", "start a throwaway PostgreSQL server, print its URL, keep it until Ctrl-C", &cli::cmdScratch},
};

QString usage()
{
    QString text = QStringLiteral("Usage: revisor [COMMAND] [OPTIONS]\n\n"
                                  "Revisor inspects PostgreSQL schema migrations. Without a command it opens the window\n"
                                  "(revisor [--scratch] [--set DIR]: --scratch starts a throwaway server and connects to it).\n\n"
                                  "Commands:\n");
    for (const Command &c : kCommands)
        text += QStringLiteral("  %1 %2\n").arg(QLatin1String(c.name), -10).arg(QLatin1String(c.summary));
    text += QStringLiteral("\nRun 'revisor COMMAND --help' for a command's options.\n"
                           "Command-line arguments are visible to other local users: give a password with --db-file FILE,\n"
                           "--db - (standard input), $DATABASE_URL or .pgpass, not in --db URL.\n"
                           "Exit codes: 0 success, 1 a check failed or snapshots differ, 2 bad input, 3 database error.\n");
    return text;
}

} // namespace

bool isCliInvocation(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString first = arguments.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("--version")
        || first == QLatin1String("-v") || first == QLatin1String("help"))
        return true;
    for (const Command &c : kCommands) {
        if (first == QLatin1String(c.name))
            return true;
    }
    return !first.startsWith(QLatin1Char('-')); // an unknown verb still gets a CLI error
}

bool cliDrawsReports(const QStringList &arguments)
{
    // A scale run's reports always include the HTML and PDF with the chart.
    if (arguments.value(1) == QLatin1String("scale") && std::any_of(arguments.cbegin(), arguments.cend(), [](const QString &a) {
            return a == QLatin1String("--report") || a.startsWith(QLatin1String("--report="));
        }))
        return true;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        QString value;
        if (a == QLatin1String("--format"))
            value = arguments.value(i + 1);
        else if (a.startsWith(QLatin1String("--format=")))
            value = a.mid(9);
        const QStringList formats = value.split(QLatin1Char(','));
        if (formats.contains(QLatin1String("html")) || formats.contains(QLatin1String("pdf")))
            return true;
    }
    return false;
}

int runCli(const QStringList &arguments)
{
    cli::Context ctx;
    ctx.arguments = arguments;
    const QString first = arguments.value(1);
    if (first.isEmpty() || first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        ctx.out << usage();
        return first.isEmpty() ? 2 : 0;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        ctx.out << "revisor " << versionString() << Qt::endl;
        return 0;
    }
    for (const Command &c : kCommands) {
        if (first == QLatin1String(c.name)) {
            ctx.command = first;
            return c.run(ctx);
        }
    }
    ctx.err << "revisor: unknown command '" << first << "'\n\n" << usage();
    return 2;
}

} // namespace revisor
