// history, current, upgrade, downgrade, seed: Alembic's verbs on the engine.
#include "core/revisionlabel.h"
#include "cli/clicontext.h"

#include "db/session.h"
#include "report/textescape.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace revisor::cli {

namespace {

// Each progress line takes its values in one arg(): a chained arg() would replace a "%5"
// inside a revision id, a message or a server notice inserted by an earlier one.
RunObserver progressObserver(Context &ctx)
{
    RunObserver observer;
    observer.stepFinished = [&ctx](const StepResult &step) {
        if (step.kind == StepResult::Kind::Seed) {
            ctx.progress(QStringLiteral("seed %1: %2 statement(s) in %3 ms%4")
                             .arg(step.revision, QString::number(step.statements.size()), QString::number(step.durationMs, 'f', 1),
                                  step.ok() ? QString() : QStringLiteral(" FAILED")));
            return;
        }
        ctx.progress(QStringLiteral("%1 %2 -> %3 (%4): %5 statement(s) in %6 ms%7")
                         .arg(StepResult::kindName(step.kind), revisionLabel(step.from),
                              revisionLabel(step.ok() ? step.to : (step.kind == StepResult::Kind::Upgrade ? step.revision : QString())),
                              step.message, QString::number(step.statements.size()), QString::number(step.durationMs, 'f', 1),
                              step.ok() ? QString() : QStringLiteral(" FAILED")));
    };
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

} // namespace

int cmdHistory(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("List the revisions of a migration set, base to head."), &code))
        return code;
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray revisions;
        for (const Revision &r : set->revisions())
            revisions.append(QJsonObject{{QStringLiteral("revision"), r.id}, {QStringLiteral("revises"), r.revises},
                                         {QStringLiteral("message"), r.message}, {QStringLiteral("transactional"), r.transactional},
                                         {QStringLiteral("irreversible"), r.irreversible}, {QStringLiteral("file"), r.file}});
        ctx.out << QJsonDocument(QJsonObject{{QStringLiteral("set"), set->directory()}, {QStringLiteral("revisions"), revisions}})
                       .toJson(QJsonDocument::Indented);
        return 0;
    }
    for (const Revision &r : set->revisions()) {
        QString flags;
        if (!r.transactional)
            flags += QStringLiteral(" [non-transactional]");
        if (r.irreversible)
            flags += QStringLiteral(" [irreversible]");
        ctx.out << QStringLiteral("%1 -> %2%3  %4%5\n")
                       .arg(revisionLabel(r.revises), r.id, r.id == set->head() ? QStringLiteral(" (head)") : QString(), r.message, flags);
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
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    auto session = connect(ctx, parser);
    if (!session)
        return ctx.report(session.error());
    Runner runner(**session, *set);
    auto current = runner.currentRevision();
    if (!current)
        return ctx.report(current.error());
    if (current->isEmpty()) {
        ctx.out << "base (no revision applied)\n";
        return 0;
    }
    // The version table is the database's to fill: its value is shown, never acted on.
    const Revision *r = set->find(*current);
    ctx.out << plainLine(*current) << (*current == set->head() ? QStringLiteral(" (head)") : QString())
            << (r ? QStringLiteral("  ") + plainLine(r->message) : QStringLiteral("  (not in set %1)").arg(plainLine(set->name()))) << "\n";
    return 0;
}

int cmdMigrate(Context &ctx, bool upgrade)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
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
    auto session = connect(ctx, parser);
    if (!session)
        return ctx.report(session.error());
    RunnerOptions options;
    options.lockTimeoutMs = ctx.lockTimeoutMs(parser);
    Runner runner(**session, *set, options);
    runner.setObserver(progressObserver(ctx));

    // Refuse a target on the wrong side of the current revision, like Alembic does.
    const QString target = positional.constFirst();
    auto current = runner.currentRevision();
    if (!current)
        return ctx.report(current.error());
    auto resolved = set->resolveTarget(*current, target);
    if (!resolved)
        return ctx.report(resolved.error());
    const int from = set->indexOf(*current), to = set->indexOf(*resolved);
    if (upgrade ? to < from : to > from)
        return ctx.report(Error::usage(QStringLiteral("%1 %2: target %3 is %4 the current revision %5")
                                           .arg(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), target, revisionLabel(*resolved),
                                                upgrade ? QStringLiteral("below") : QStringLiteral("above"), revisionLabel(*current))));
    RunOutcome outcome = runner.migrate(target);
    printNotices(ctx, outcome.steps);
    if (!outcome.ok())
        return ctx.report(*outcome.error);
    if (outcome.steps.isEmpty())
        ctx.progress(QStringLiteral("already at %1; nothing to do").arg(revisionLabel(outcome.finalRevision)));
    ctx.out << revisionLabel(outcome.finalRevision) << "\n";
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
    if (!result->ok())
        return ctx.report(*result->error);
    qint64 rows = 0;
    for (const StatementRun &run : result->statements)
        rows += run.rows;
    ctx.out << QStringLiteral("seed %1: %2 row(s) written\n").arg(seed->name).arg(rows);
    return 0;
}

} // namespace revisor::cli
