// snapshot, rehearse: what a step did to the schema and the data, and the verdict.
#include "cli/migratesupport.h"

#include "db/scratchcluster.h"
#include "db/session.h"
#include "rehearsal/rehearsal.h"
#include "rehearsal/sweep.h"
#include "runner/runner.h"
#include "report/reports.h"
#include "schema/catalogreader.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <limits>

namespace revisor::cli {

namespace {

// A failed step is a failed check (exit 1); a lost connection, a lock timeout or a cancel
// is a database error (exit 3).
bool isInfrastructureError(const Error &e)
{
    return e.kind == ErrorKind::LockTimeout || e.kind == ErrorKind::Cancelled || e.sqlState.startsWith(QLatin1String("08"))
        || e.sqlState.startsWith(QLatin1String("57P"));
}

// A sweep's reports: each step's own in DIR/<revision>/, and sweep.json and sweep.md with one
// row per revision.
Result<QStringList> writeSweepReports(const SweepResult &sweep, const QString &directory, const QStringList &formats)
{
    QStringList written;
    for (const SweepRow &row : sweep.rows) {
        auto files = writeReports(row.result, QDir(directory).filePath(row.revision.label()), formats);
        if (!files)
            return fail(files.error());
        written << *files;
    }
    const QList<std::pair<QString, QByteArray>> summaries{
        {QStringLiteral("sweep.json"), QJsonDocument(sweep.toJson()).toJson()},
        {QStringLiteral("sweep.md"), sweep.toMarkdown().toUtf8()}};
    for (const auto &[name, content] : summaries) {
        QSaveFile file(QDir(directory).filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
            return fail(Error::input(file.fileName(), 0, QStringLiteral("cannot write: %1").arg(file.errorString())));
        written << file.fileName();
    }
    return written;
}

} // namespace

int cmdSnapshot(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write the snapshot JSON to FILE (default: stdout)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("pretty"), QStringLiteral("Indent the JSON for reading (default: compact, which loads faster).")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Capture the schema of a database (every user schema, names not OIDs) as JSON."), &code))
        return code;
    // The set only says which tables are its bookkeeping, left out of the snapshot.
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    auto settings = ctx.connection(parser);
    if (!settings)
        return ctx.report(settings.error());
    auto session = Session::open(*settings);
    if (!session)
        return ctx.report(session.error());
    const auto store = versionStoreFor(*set);
    auto snapshot = captureSnapshot(**session, SnapshotOptions{store->ownTables(), store->ownSchemas()});
    if (!snapshot)
        return ctx.report(snapshot.error());
    const SnapshotLayout layout = parser.isSet(QStringLiteral("pretty")) ? SnapshotLayout::Pretty : SnapshotLayout::Compact;
    if (parser.isSet(QStringLiteral("output"))) {
        if (auto written = writeSnapshotFile(*snapshot, parser.value(QStringLiteral("output")), layout); !written)
            return ctx.report(written.error());
        ctx.progress(QStringLiteral("%1 tables, %2 sequences, %3 functions, %4 types written to %5")
                         .arg(snapshot->tables.size()).arg(snapshot->sequences.size()).arg(snapshot->functions.size())
                         .arg(snapshot->types.size()).arg(parser.value(QStringLiteral("output"))));
    } else {
        ctx.out << snapshotText(*snapshot, layout);
        if (layout == SnapshotLayout::Compact)
            ctx.out << '\n';
    }
    return 0;
}

int cmdRehearse(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser, false);
    ctx.addDbOptions(parser);
    ctx.addStepTimeoutOptions(parser);
    ctx.addLockThresholdOption(parser);
    parser.addOption({QStringLiteral("scratch"), QStringLiteral("Run on a throwaway server started for this run (no --db needed).")});
    parser.addOption({QStringLiteral("reset"), QStringLiteral("Empty --db first, under the migration lock and in one transaction: drop every user schema "
                                                                     "except those holding an extension, keep public's owner, privileges and comment; "
                                                                     "prints what it drops and keeps (requires --confirm NAME).")});
    parser.addOption({QStringLiteral("confirm"), QStringLiteral("The database name, repeated, to allow --reset."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("baseline"), QStringLiteral("Baseline revision (default: the one below the target)."), QStringLiteral("REV")});
    parser.addOption({QStringLiteral("target"), QStringLiteral("Target revision (default: head)."), QStringLiteral("REV"), QStringLiteral("head")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed to run after the baseline (default: sample if the set has it; 'none' for no seed)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("each"), QStringLiteral("Rehearse every single step from --from to --to, each its own round trip on the emptied "
                                                            "database (needs --scratch, or --reset with --confirm), judged by the generic checks; "
                                                            "one row per revision.")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("With --each: the revision the sweep starts from (default: base)."), QStringLiteral("REV"), QStringLiteral("base")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("With --each: the last revision rehearsed (default: head)."), QStringLiteral("REV"), QStringLiteral("head")});
    parser.addOption({QStringLiteral("keep-going"), QStringLiteral("With --each: rehearse the remaining steps after one fails.")});
    parser.addOption({QStringLiteral("seed-upgraded"), QStringLiteral("Seed declared '-- at: upgraded' to run right after the upgrade: rows written "
                                                                     "once the upgrade is live, which the rollback must keep."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("param"), QStringLiteral("Seed parameter (repeatable)."), QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("report"), QStringLiteral("Write reports into DIR."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("Report formats, comma-separated: json,junit,md,html,pdf,sarif (default: json,junit,md)."), QStringLiteral("LIST"),
                      QStringLiteral("json,junit,md")});
    parser.addOption({QStringLiteral("all-locks"), QStringLiteral("In the html and pdf reports, the locks of every step (default: the round trip's upgrade and downgrade).")});
    parser.addOption({QStringLiteral("rollback-budget"), QStringLiteral("Seconds the rollback may take (default 30)."), QStringLiteral("SECONDS"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("upgrade-budget"), QStringLiteral("Seconds the upgrade may take (default: no budget)."), QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("scenario-budget"), QStringLiteral("Seconds the whole scenario may take (default 60)."), QStringLiteral("SECONDS"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("full-probes"), QStringLiteral("Always repeat the upgrade in the re-upgrade probe (default: an upgrade of 2 s or more "
                                                                    "is not repeated when the rollback restored the baseline exactly; the report says which).")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Rehearse a migration: baseline, seed, upgrade, downgrade, then check that the rollback "
                                          "restored schema and data. Exits 0 when every check passes, 1 when one fails."), &code))
        return code;
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    RehearsalOptions options;
    options.baseline = parser.value(QStringLiteral("baseline"));
    options.target = parser.value(QStringLiteral("target"));
    options.seed = parser.value(QStringLiteral("seed"));
    options.upgradedSeed = parser.value(QStringLiteral("seed-upgraded"));
    options.lockTimeoutMs = ctx.lockTimeoutMs(parser);
    if (auto threshold = ctx.readLockThreshold(parser); !threshold)
        return ctx.report(threshold.error());
    auto timeouts = ctx.stepTimeouts(parser);
    if (!timeouts)
        return ctx.report(timeouts.error());
    options.stepTimeouts = *timeouts;
    options.lockThresholdMs = ctx.lockThresholdMs;
    if (parser.isSet(QStringLiteral("full-probes")))
        options.repeatUpgradeUnderMs = std::numeric_limits<double>::infinity();
    options.rollbackBudgetMs = parser.value(QStringLiteral("rollback-budget")).toDouble() * 1000;
    options.scenarioBudgetMs = parser.value(QStringLiteral("scenario-budget")).toDouble() * 1000;
    if (parser.isSet(QStringLiteral("upgrade-budget"))) {
        options.upgradeBudgetMs = parser.value(QStringLiteral("upgrade-budget")).toDouble() * 1000;
        if (options.upgradeBudgetMs <= 0)
            return ctx.report(Error::usage(QStringLiteral("--upgrade-budget must be a positive number of seconds")));
    }
    if (options.rollbackBudgetMs <= 0 || options.scenarioBudgetMs <= 0)
        return ctx.report(Error::usage(QStringLiteral("budgets must be positive numbers of seconds")));
    for (const QString &p : parser.values(QStringLiteral("param"))) {
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return ctx.report(Error::usage(QStringLiteral("--param expects key=value, got '%1'").arg(p)));
        options.seedParameters.insert(p.left(eq), p.mid(eq + 1));
    }
    const QStringList formats = parser.value(QStringLiteral("format")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &f : formats) {
        if (!reportFormats().contains(f))
            return ctx.report(Error::usage(QStringLiteral("unknown report format '%1' (known: %2)").arg(f, reportFormats().join(QStringLiteral(", ")))));
    }
    const bool scratch = parser.isSet(QStringLiteral("scratch"));
    if (scratch && ctx.namesDatabase(parser))
        return ctx.report(Error::usage(QStringLiteral("--scratch and --db/--db-file exclude each other")));

    std::unique_ptr<ScratchCluster> cluster;
    auto settings = ctx.scratchOrConnection(parser, QStringLiteral("rehearsal"), cluster);
    if (!settings)
        return ctx.report(settings.error());
    auto session = Session::open(*settings);
    if (!session)
        return ctx.report(session.error());
    if (parser.isSet(QStringLiteral("reset"))) {
        if (scratch)
            return ctx.report(Error::usage(QStringLiteral("--reset is for --db; a scratch database starts empty")));
        const QString name = (*session)->databaseName();
        if (parser.value(QStringLiteral("confirm")) != name)
            return ctx.report(Error::usage(QStringLiteral("--reset drops the user schemas of database '%1'; repeat its name with --confirm %1 to proceed").arg(name)));
        options.reset = true;
    }

    // A database that ran an earlier text of a revision rehearses something else than the set.
    if (!options.reset) {
        if (auto warned = warnAboutHistory(ctx, **session, *set, *versionStoreFor(*set)); !warned)
            return ctx.report(warned.error());
    }

    RehearsalObserver observer;
    observer.progress = [&ctx](const QString &line) { ctx.progress(QStringLiteral("revisor: ") + line); };
    observer.run.stepFinished = [&ctx](const StepResult &s) {
        // One arg() for every value: a chained arg() would replace a "%3" inside a revision id.
        ctx.progress(QStringLiteral("revisor:   %1 %2: %3, %4 ms%5")
                         .arg(StepResult::kindName(s.kind), s.revision, s.workSummary(),
                              QString::number(s.durationMs, 'f', 1), s.completed() ? QString() : QStringLiteral(" FAILED")));
    };
    observer.run.lockWaiting = [&ctx](const LockWait &wait) { ctx.progress(QStringLiteral("revisor:   ") + wait.toText()); };
    if (parser.isSet(QStringLiteral("each"))) {
        if (parser.isSet(QStringLiteral("baseline")) || parser.isSet(QStringLiteral("target")))
            return ctx.report(Error::usage(QStringLiteral("--each sweeps --from .. --to; --baseline and --target are for one scenario")));
        // Each step starts from an emptied database: a scratch one, or one the user allowed
        // to be reset.
        if (!scratch && !options.reset)
            return ctx.report(Error::usage(QStringLiteral("--each empties the database before every step: use --scratch, or --reset --confirm NAME")));
        SweepOptions sweepOptions;
        sweepOptions.from = parser.value(QStringLiteral("from"));
        sweepOptions.to = parser.value(QStringLiteral("to"));
        sweepOptions.keepGoing = parser.isSet(QStringLiteral("keep-going"));
        sweepOptions.rehearsal = options;
        // The default seed is written for one revision; a sweep seeds only when asked.
        if (!parser.isSet(QStringLiteral("seed")))
            sweepOptions.rehearsal.seed = QStringLiteral("none");
        auto sweep = runSweep(**session, *set, sweepOptions, observer);
        if (!sweep)
            return ctx.report(sweep.error());
        if (parser.isSet(QStringLiteral("report"))) {
            auto written = writeSweepReports(*sweep, parser.value(QStringLiteral("report")), formats);
            if (!written)
                return ctx.report(written.error());
            ctx.progress(QStringLiteral("revisor: reports: %1").arg(written->join(QStringLiteral(", "))));
        }
        ctx.out << sweep->toMarkdown();
        ctx.out.flush();
        return sweep->passed() ? 0 : 1;
    }
    Rehearsal rehearsal(**session, *set, options);
    rehearsal.setObserver(observer);
    auto outcome = rehearsal.run();
    if (!outcome)
        return ctx.report(outcome.error());
    const RehearsalResult &result = outcome->result;
    if (parser.isSet(QStringLiteral("report"))) {
        ReportOptions reportOptions;
        reportOptions.allLocks = parser.isSet(QStringLiteral("all-locks"));
        auto written = writeReports(result, parser.value(QStringLiteral("report")), formats, reportOptions);
        if (!written)
            return ctx.report(written.error());
        ctx.progress(QStringLiteral("revisor: reports: %1").arg(written->join(QStringLiteral(", "))));
    }
    ctx.out << summaryText(result);
    ctx.out.flush();
    if (result.error && isInfrastructureError(*result.error))
        return ctx.report(*result.error);
    return result.passed() ? 0 : 1;
}

} // namespace revisor::cli
