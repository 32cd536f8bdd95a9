// stamp: records a revision as the database's without running anything (Alembic's stamp), for
// a database whose schema was brought there by other means.
#include "cli/migratesupport.h"

namespace revisor::cli {

int cmdStamp(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser);
    ctx.addDbOptions(parser);
    parser.addPositionalArgument(QStringLiteral("REV"), QStringLiteral("head, base (empties the version table), or a revision id."));
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Set the database's revision without running any migration."), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.report(Error::usage(QStringLiteral("expected exactly one REV")));
    auto opened = loadSetAndConnect(ctx, parser);
    if (!opened)
        return ctx.report(opened.error());
    Runner runner(*opened->session, opened->set, runnerOptions(ctx, parser));
    auto stamped = runner.stamp(parser.positionalArguments().constFirst());
    if (!stamped)
        return ctx.report(stamped.error());
    ctx.out << stamped->label() << "\n";
    return 0;
}

} // namespace revisor::cli
