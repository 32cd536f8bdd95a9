// scale: the upgrade and downgrade timed at several data volumes, fitted and extrapolated.
#include "cli/clicontext.h"

#include "db/scratchcluster.h"
#include "db/session.h"
#include "rehearsal/scalerun.h"
#include "report/scalereport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace revisor::cli {

int cmdScale(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser, false);
    ctx.addDbOptions(parser);
    parser.addOption({QStringLiteral("scratch"), QStringLiteral("Run on a throwaway PostgreSQL server.")});
    parser.addOption({QStringLiteral("reset"), QStringLiteral("Empty the --db database before each volume (required with --db)." )});
    parser.addOption({QStringLiteral("confirm"), QStringLiteral("The database name, repeated, to allow --reset."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("baseline"), QStringLiteral("Baseline revision (default: the one below the target)."), QStringLiteral("REV")});
    parser.addOption({QStringLiteral("target"), QStringLiteral("Target revision (default: head)."), QStringLiteral("REV"), QStringLiteral("head")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed that makes the volume (default: scale)."), QStringLiteral("NAME"), QStringLiteral("scale")});
    parser.addOption({QStringLiteral("param"), QStringLiteral("Seed parameter with one value per volume: chunks=1000,10000,50000 (repeatable)."),
                      QStringLiteral("name=v1,v2,...")});
    parser.addOption({QStringLiteral("extrapolate"), QStringLiteral("Predict the upgrade and downgrade at ROWS rows of the largest table."),
                      QStringLiteral("ROWS")});
    parser.addOption({QStringLiteral("label"), QStringLiteral("Name of this run, to tell runs apart when they are compared."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("report"), QStringLiteral("Write scale.json (raw points), scale.md, scale.html and scale.pdf (chart and fits) into DIR."),
                      QStringLiteral("DIR")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Time the upgrade and downgrade at several data volumes (a fresh baseline and seed for each), "
                                          "fit time against rows per step and statement, and extrapolate. Each run is kept in the "
                                          "user's data directory."),
                   &code))
        return code;
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    auto volumes = scaleVolumes(parser.values(QStringLiteral("param")));
    if (!volumes)
        return ctx.report(volumes.error());
    double extrapolateRows = 0;
    if (parser.isSet(QStringLiteral("extrapolate"))) {
        bool ok = false;
        extrapolateRows = parser.value(QStringLiteral("extrapolate")).remove(QLatin1Char('_')).remove(QLatin1Char(',')).toDouble(&ok);
        if (!ok || extrapolateRows <= 0)
            return ctx.report(Error::usage(QStringLiteral("--extrapolate expects a number of rows, got '%1'").arg(parser.value(QStringLiteral("extrapolate")))));
    }
    const bool scratch = parser.isSet(QStringLiteral("scratch"));
    if (scratch == ctx.namesDatabase(parser))
        return ctx.report(Error::usage(QStringLiteral("give --scratch, or --db/--db-file with --reset --confirm NAME (each volume empties the database)")));
    std::unique_ptr<ScratchCluster> cluster;
    auto settings = ctx.scratchOrConnection(parser, QStringLiteral("scale"), cluster);
    if (!settings)
        return ctx.report(settings.error());
    auto session = Session::open(*settings);
    if (!session)
        return ctx.report(session.error());
    if (!scratch) {
        const QString name = (*session)->databaseName();
        if (!parser.isSet(QStringLiteral("reset")) || parser.value(QStringLiteral("confirm")) != name)
            return ctx.report(Error::usage(QStringLiteral("scale empties database '%1' for each volume; give --reset --confirm %1 to proceed").arg(name)));
    }
    ScaleOptions options;
    options.baseline = parser.value(QStringLiteral("baseline"));
    options.target = parser.value(QStringLiteral("target"));
    options.seed = parser.value(QStringLiteral("seed"));
    options.volumes = *volumes;
    options.lockTimeoutMs = ctx.lockTimeoutMs(parser);
    options.label = parser.value(QStringLiteral("label"));
    auto run = runScale(**session, *set, options, [&ctx](const QString &line) { ctx.progress(QStringLiteral("revisor: ") + line); });
    if (!run)
        return ctx.report(run.error());
    auto kept = keepScaleRun(*run);
    if (!kept)
        return ctx.report(kept.error());
    ctx.progress(QStringLiteral("revisor: run kept in %1").arg(*kept));
    if (parser.isSet(QStringLiteral("report"))) {
        const QDir dir(parser.value(QStringLiteral("report")));
        if (!QDir().mkpath(dir.path()))
            return ctx.report(Error::input(dir.path(), 0, QStringLiteral("cannot create the report directory")));
        for (const auto &[name, content] : {std::pair{QStringLiteral("scale.json"), QJsonDocument(run->toJson()).toJson(QJsonDocument::Indented)},
                                            std::pair{QStringLiteral("scale.md"), scaleMarkdown(*run, extrapolateRows)}}) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
                return ctx.report(Error::input(file.fileName(), 0, QStringLiteral("cannot write: %1").arg(file.errorString())));
        }
        const QByteArray html = htmlScaleReport(*run, extrapolateRows);
        QFile htmlFile(dir.filePath(QStringLiteral("scale.html")));
        if (!htmlFile.open(QIODevice::WriteOnly | QIODevice::Truncate) || htmlFile.write(html) != html.size())
            return ctx.report(Error::input(htmlFile.fileName(), 0, QStringLiteral("cannot write: %1").arg(htmlFile.errorString())));
        htmlFile.close();
        if (auto pdf = writeScalePdf(*run, extrapolateRows, dir.filePath(QStringLiteral("scale.pdf"))); !pdf)
            return ctx.report(pdf.error());
        ctx.progress(QStringLiteral("revisor: reports: %1 (scale.json, scale.md, scale.html, scale.pdf)").arg(dir.path()));
    }
    ctx.out << scaleSummary(*run, extrapolateRows);
    ctx.out.flush();
    return 0;
}

} // namespace revisor::cli
