// history, current, upgrade, downgrade, seed: Alembic's verbs on the engine.
#include "migrations/historygraph.h"
#include "cli/migratesupport.h"

#include "db/session.h"
#include "core/textescape.h"
#include "runner/runner.h"
#include "runner/runhistory.h"
#include "runner/seedrunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace revisor::cli {

// Each progress line takes its values in one arg(): a chained arg() would replace a "%5"
// inside a revision id, a message or a server notice inserted by an earlier one.
RunObserver progressObserver(Context &ctx)
{
    RunObserver observer;
    observer.stepFinished = [&ctx](const StepResult &step) {
        if (step.kind == StepResult::Kind::Seed) {
            ctx.progress(QStringLiteral("seed %1: %2 statement(s) in %3 ms%4")
                             .arg(step.revision, QString::number(step.statements.size()), QString::number(step.durationMs, 'f', 1),
                                  step.completed() ? QString() : QStringLiteral(" FAILED")));
            return;
        }
        ctx.progress(QStringLiteral("%1 %2 -> %3 (%4): %5 in %6 ms%7")
                         .arg(StepResult::kindName(step.kind), step.from.label(),
                              (step.completed() ? step.to : step.kind == StepResult::Kind::Upgrade ? RevisionRef(step.revision) : RevisionRef::base()).label(),
                              step.message, step.workSummary(), QString::number(step.durationMs, 'f', 1),
                              step.completed() ? QString() : QStringLiteral(" FAILED")));
        if (step.verify && !step.verify->passed())
            ctx.progress(QStringLiteral("verify %1: FAILED: %2 (the deploy stays applied)").arg(step.revision, step.verify->error->toString()));
        else if (step.verify)
            ctx.progress(QStringLiteral("verify %1: ok (%2)").arg(step.revision, step.verify->file));
        for (const StepResult::LongLock &l : step.locksHeldOver(ctx.lockThresholdMs))
            ctx.progress(QStringLiteral("%1:%2: held ACCESS EXCLUSIVE on %3 for %4 s (over %5 s)")
                             .arg(l.statement->file, QString::number(l.statement->line), l.lock.relation,
                                  QString::number(l.lock.heldMs / 1000.0, 'f', 2), QString::number(ctx.lockThresholdMs / 1000.0, 'g', 3)));
    };
    observer.lockWaiting = [&ctx](const LockWait &wait) { ctx.progress(wait.toText()); };
    return observer;
}

void printNotices(Context &ctx, const QList<StepResult> &steps)
{
    for (const StepResult &step : steps) {
        for (const StatementRun &run : step.statements) {
            for (const Notice &n : run.notices)
                ctx.progress(QStringLiteral("%1:%2: %3: %4").arg(run.file, QString::number(run.line), n.severity, n.message));
        }
    }
}

Result<std::unique_ptr<Session>> connect(Context &ctx, const QCommandLineParser &parser)
{
    auto settings = ctx.connection(parser);
    if (!settings)
        return fail(settings.error());
    return Session::open(*settings);
}

Result<SetAndSession> loadSetAndConnect(Context &ctx, const QCommandLineParser &parser)
{
    auto set = ctx.loadSet(parser);
    if (!set)
        return fail(set.error());
    auto session = connect(ctx, parser);
    if (!session)
        return fail(session.error());
    return SetAndSession{std::move(*set), std::move(*session)};
}

Status warnAboutHistory(Context &ctx, Session &session, const MigrationSet &set, VersionStore &store)
{
    auto current = store.current(session);
    if (!current)
        return fail(current.error());
    auto history = store.appliedHistory(session);
    if (!history)
        return fail(history.error());
    for (const QString &warning : historyWarnings(set, *current, *history))
        ctx.progress(QStringLiteral("warning: ") + warning);
    return {};
}

void addHistoryOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("no-history"), QStringLiteral("Do not add the steps to the history of applied scripts (revisor_history).")});
}

RunnerOptions runnerOptions(Context &ctx, const QCommandLineParser &parser)
{
    RunnerOptions options;
    options.lockTimeoutMs = ctx.lockTimeoutMs(parser);
    options.recordHistory = !parser.optionNames().contains(QStringLiteral("no-history"));
    return options;
}

namespace {

// `history --applied`: what the database's history says Revisor applied, oldest first.
int printAppliedHistory(Context &ctx, const QCommandLineParser &parser, const MigrationSet &set)
{
    auto session = connect(ctx, parser);
    if (!session)
        return ctx.report(session.error());
    auto history = versionStoreFor(set)->appliedHistory(**session);
    if (!history)
        return ctx.report(history.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray entries;
        for (const HistoryEntry &e : *history)
            entries.append(QJsonObject{{QStringLiteral("revision"), e.revision.id()}, {QStringLiteral("direction"), e.up ? QStringLiteral("up") : QStringLiteral("down")},
                                       {QStringLiteral("from"), e.from.id()}, {QStringLiteral("to"), e.to.id()},
                                       {QStringLiteral("sha256"), e.scriptSha256}, {QStringLiteral("applied_at"), e.appliedAt.toString(Qt::ISODateWithMs)},
                                       {QStringLiteral("applied_by"), e.appliedBy}, {QStringLiteral("duration_ms"), e.durationMs}});
        ctx.out << QJsonDocument(QJsonObject{{QStringLiteral("applied"), entries}}).toJson(QJsonDocument::Indented);
        return 0;
    }
    for (const HistoryEntry &e : *history)
        ctx.out << QStringLiteral("%1  %2 %3 (%4 -> %5)  sha256:%6  by %7 in %8 ms\n")
                       .arg(e.appliedAt.toString(Qt::ISODate), e.up ? QStringLiteral("up") : QStringLiteral("down"), e.revision.label(),
                            e.from.label(), e.to.label(), e.scriptSha256.left(12), e.appliedBy)
                       .arg(e.durationMs, 0, 'f', 1);
    return 0;
}

} // namespace

int cmdHistory(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addOption({QStringLiteral("applied"), QStringLiteral("List what Revisor applied to the database (revisor_history), oldest first.")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("List the revisions of a migration set, base to head."), &code))
        return code;
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    if (parser.isSet(QStringLiteral("applied")))
        return printAppliedHistory(ctx, parser, *set);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray revisions;
        for (const Revision &r : set->revisions())
            revisions.append(QJsonObject{{QStringLiteral("revision"), r.id}, {QStringLiteral("revises"), r.revises.id()},
                                         {QStringLiteral("merges"), QJsonArray::fromStringList(r.mergedRevisions)},
                                         {QStringLiteral("depends_on"), QJsonArray::fromStringList(r.dependsOn)},
                                         {QStringLiteral("branch_labels"), QJsonArray::fromStringList(r.branchLabels)},
                                         {QStringLiteral("message"), r.message}, {QStringLiteral("transactional"), r.transactional},
                                         {QStringLiteral("irreversible"), r.irreversible}, {QStringLiteral("file"), r.file},
                                         {QStringLiteral("down_file"), r.irreversible ? QString() : r.sectionFile(false)},
                                         {QStringLiteral("down_transactional"), r.transactionalFor(false)},
                                         {QStringLiteral("down_has_no_effect"), downHasNoEffect(r)}});
        ctx.out << QJsonDocument(QJsonObject{{QStringLiteral("set"), set->directory()}, {QStringLiteral("format"), set->format()},
                                             {QStringLiteral("revisions"), revisions}})
                       .toJson(QJsonDocument::Indented);
        return 0;
    }
    if (!set->isLinear()) {
        for (const QString &line : historyGraph(*set))
            ctx.out << line << "\n";
        return 0;
    }
    for (const Revision &r : set->revisions()) {
        QString flags;
        if (!r.transactional)
            flags += QStringLiteral(" [non-transactional]");
        else if (!r.transactionalFor(false) && !r.irreversible)
            flags += QStringLiteral(" [down non-transactional]");
        if (r.irreversible)
            flags += QStringLiteral(" [irreversible]");
        else if (downHasNoEffect(r))
            flags += QStringLiteral(" [down script has no effect]");
        ctx.out << QStringLiteral("%1 -> %2%3  %4%5\n")
                       .arg(r.revises.label(), r.id, RevisionRef(r.id) == set->head() ? QStringLiteral(" (head)") : QString(), r.message, flags);
    }
    return 0;
}

int cmdCurrent(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Show the revision the database is at."), &code))
        return code;
    auto opened = loadSetAndConnect(ctx, parser);
    if (!opened)
        return ctx.report(opened.error());
    const MigrationSet *set = &opened->set;
    Session &session = *opened->session;
    Runner runner(session, *set);
    auto current = runner.currentRevision();
    if (!current)
        return ctx.report(current.error());
    if (auto warned = warnAboutHistory(ctx, session, *set, runner.versionStore()); !warned)
        return ctx.report(warned.error());
    auto dirty = runner.versionStore().dirtyState(session);
    if (!dirty)
        return ctx.report(dirty.error());
    const QString dirtyNote = dirty->dirty ? QStringLiteral("  [dirty: %1]").arg(dirty->detail()) : QString();
    if (current->isBase()) {
        ctx.out << "base (no revision applied)" << dirtyNote << "\n";
        return 0;
    }
    // The version table is the database's to fill: its value is shown, never acted on.
    const Revision *r = set->find(*current);
    ctx.out << plainLine(current->id()) << (*current == set->head() ? QStringLiteral(" (head)") : QString())
            << (r ? QStringLiteral("  ") + plainLine(r->message) : QStringLiteral("  (not in set %1)").arg(plainLine(set->name()))) << dirtyNote << "\n";
    return 0;
}

int cmdMigrate(Context &ctx, bool upgrade)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    addHistoryOption(parser);
    parser.addOption({QStringLiteral("sql"), QStringLiteral("Print the statements the plan would run, bookkeeping included, without connecting.")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("With --sql: the revision the database is at (default: base for upgrade; "
                                                             "required by a relative downgrade, else head)."), QStringLiteral("REV")});
    ctx.addStepTimeoutOptions(parser);
    ctx.addLockThresholdOption(parser);
    parser.addPositionalArgument(QStringLiteral("TARGET"), upgrade ? QStringLiteral("head, a revision id, or +N")
                                                                   : QStringLiteral("base, a revision id, or -N"));
    // "-1" would read as an option: take a relative target out before parsing.
    QString relativeTarget;
    static const QRegularExpression relative(QStringLiteral("^[+-]\\d+$"));
    for (qsizetype i = 2; i < ctx.arguments.size(); ++i) {
        if (relative.match(ctx.arguments.at(i)).hasMatch()) {
            relativeTarget = ctx.arguments.takeAt(i);
            break;
        }
    }
    int code = 0;
    if (!ctx.parse(parser, upgrade ? QStringLiteral("Apply revisions up to TARGET, each in its own transaction.")
                                   : QStringLiteral("Revert revisions down to TARGET, each in its own transaction."), &code))
        return code;
    QStringList positional = parser.positionalArguments();
    if (!relativeTarget.isEmpty())
        positional.prepend(relativeTarget);
    if (positional.size() != 1)
        return ctx.report(Error::usage(QStringLiteral("expected exactly one TARGET")));
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    if (parser.isSet(QStringLiteral("sql")))
        return printOfflinePlan(ctx, *set, positional.constFirst(), parser.value(QStringLiteral("from")), upgrade);
    if (parser.isSet(QStringLiteral("from")))
        return ctx.report(Error::usage(QStringLiteral("--from is for --sql; connected, the database says where it is")));
    auto session = connect(ctx, parser);
    if (!session)
        return ctx.report(session.error());
    RunnerOptions options = runnerOptions(ctx, parser);
    if (auto threshold = ctx.readLockThreshold(parser); !threshold)
        return ctx.report(threshold.error());
    auto timeouts = ctx.stepTimeouts(parser);
    if (!timeouts)
        return ctx.report(timeouts.error());
    options.timeouts = *timeouts;
    Runner runner(**session, *set, options);
    runner.setObserver(progressObserver(ctx));
    if (auto warned = warnAboutHistory(ctx, **session, *set, runner.versionStore()); !warned)
        return ctx.report(warned.error());

    // A target on the wrong side of the current revision is refused, like Alembic does.
    auto outcome = runner.migrate(positional.constFirst(), upgrade ? Runner::Direction::Up : Runner::Direction::Down);
    if (!outcome)
        return ctx.report(outcome.error());
    printNotices(ctx, outcome->steps);
    if (const Error *e = outcome->error())
        return ctx.report(*e);
    if (outcome->steps.isEmpty())
        ctx.progress(QStringLiteral("already at %1; nothing to do").arg(outcome->finalRevision.label()));
    ctx.out << outcome->finalRevision.label() << "\n";
    // Every step was applied; a verify script that failed still fails the command, like a
    // failing check does in rehearse.
    QStringList unverified;
    for (const StepResult &step : outcome->steps) {
        if (step.verify && !step.verify->passed())
            unverified << step.revision;
    }
    if (!unverified.isEmpty()) {
        ctx.err << "revisor " << ctx.command << ": verify failed for " << unverified.join(QStringLiteral(", "))
                << " (deployed; revert with revisor downgrade)" << Qt::endl;
        return 1;
    }
    return 0;
}

int cmdSeed(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    parser.addOption({QStringLiteral("param"), QStringLiteral("Seed parameter (repeatable)."), QStringLiteral("key=value")});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Seed name (seeds/NAME.sql), e.g. sample or scale."));
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Run a seed of the migration set in one transaction."), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.report(Error::usage(QStringLiteral("expected exactly one seed NAME")));
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    QMap<QString, QString> params;
    for (const QString &p : parser.values(QStringLiteral("param"))) {
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return ctx.report(Error::usage(QStringLiteral("--param expects key=value, got '%1'").arg(p)));
        params.insert(p.left(eq), p.mid(eq + 1));
    }
    auto seed = readSeed(*set, parser.positionalArguments().constFirst());
    if (!seed)
        return ctx.report(seed.error());
    auto session = connect(ctx, parser);
    if (!session)
        return ctx.report(session.error());
    std::atomic_bool cancel = false;
    auto result = runSeed(**session, *seed, params, cancel, progressObserver(ctx));
    if (!result)
        return ctx.report(result.error());
    printNotices(ctx, {*result});
    if (!result->completed())
        return ctx.report(*result->error);
    qint64 rows = 0;
    for (const StatementRun &run : result->statements)
        rows += run.rows;
    ctx.out << QStringLiteral("seed %1: %2 row(s) written\n").arg(seed->name).arg(rows);
    return 0;
}

} // namespace revisor::cli
