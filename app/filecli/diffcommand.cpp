// revisor diff: runs in the launcher, which loads nothing but QtCore (see app/launcher.cpp).
#include "diffcommand.h"

#include "schema/repairscript.h"
#include "schema/snapshotfiles.h"

#include <QJsonDocument>

namespace revisor::cli {

int cmdDiff(Console &ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the changes as JSON.")});
    parser.addOption({QStringLiteral("sql"), QStringLiteral("Print the repair script instead: the DDL that brings B back to A (drops what B added, "
                                                           "re-creates what it removed, alters back what changed), a comment per statement.")});
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("Snapshot before (from revisor snapshot)."));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("Snapshot after."));
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Compare two schema snapshots; exits 1 when they differ."), &code))
        return code;
    if (parser.positionalArguments().size() != 2)
        return ctx.report(Error::usage(QStringLiteral("expected two snapshot files")));
    const QString a = parser.positionalArguments().at(0), b = parser.positionalArguments().at(1);
    if (parser.isSet(QStringLiteral("sql"))) {
        // The repair script re-creates whole objects: it needs both snapshots in full.
        auto snapshots = readSnapshotFiles(a, b);
        if (!snapshots)
            return ctx.report(snapshots.error());
        const auto &[before, after] = *snapshots;
        ctx.out << repairScript(after, before).toSql();
        return sameSchema(before, after) ? 0 : 1;
    }
    // Reading the files is nearly all of the command's work (megabytes of JSON for thousands
    // of tables; the diff takes milliseconds): what both files hold byte for byte is not parsed.
    auto diff = diffSnapshotFiles(a, b);
    if (!diff)
        return ctx.report(diff.error());
    if (parser.isSet(QStringLiteral("json")))
        ctx.out << QJsonDocument(diff->toJson()).toJson(QJsonDocument::Indented);
    else if (diff->isEmpty())
        ctx.out << "no differences\n";
    else
        ctx.out << diff->toText();
    return diff->isEmpty() ? 0 : 1;
}

} // namespace revisor::cli
