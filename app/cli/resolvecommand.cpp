// resolve: settles a database that a failed step which is not transactional left dirty, once
// the user has looked at it (golang-migrate's `force`, made to say what happened).
#include "cli/migratesupport.h"

namespace revisor::cli {

int cmdResolve(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    addHistoryOption(parser);
    const QCommandLineOption resume(QStringLiteral("resume"), QStringLiteral("Run the step's remaining statements, from the one after the last that completed, then record the move."));
    const QCommandLineOption applied(QStringLiteral("mark-applied"), QStringLiteral("The rest of the step was done by hand: record the move."));
    const QCommandLineOption rolledBack(QStringLiteral("mark-rolled-back"), QStringLiteral("What stayed applied was undone by hand: forget it; the version stays."));
    parser.addOptions({resume, applied, rolledBack});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Settle a database left dirty by a failed step that is not transactional."), &code))
        return code;
    const int chosen = int(parser.isSet(resume)) + int(parser.isSet(applied)) + int(parser.isSet(rolledBack));
    if (chosen != 1 || !parser.positionalArguments().isEmpty())
        return ctx.report(Error::usage(QStringLiteral("expected exactly one of --resume, --mark-applied, --mark-rolled-back")));
    auto opened = loadSetAndConnect(ctx, parser);
    if (!opened)
        return ctx.report(opened.error());
    Runner runner(*opened->session, opened->set, runnerOptions(ctx, parser));
    runner.setObserver(progressObserver(ctx));
    const Runner::Resolution resolution = parser.isSet(resume) ? Runner::Resolution::Resume
                                        : parser.isSet(applied) ? Runner::Resolution::MarkApplied
                                                                : Runner::Resolution::MarkRolledBack;
    auto outcome = runner.resolve(resolution);
    if (!outcome)
        return ctx.report(outcome.error());
    printNotices(ctx, outcome->steps);
    if (const Error *e = outcome->error())
        return ctx.report(*e);
    ctx.out << outcome->finalRevision.label() << "\n";
    return 0;
}

} // namespace revisor::cli
