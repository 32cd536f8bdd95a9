// lint: the hazard analysis of every statement of a set, without a database.
#include "cli/clicontext.h"

#include "hazards/stepanalysis.h"
#include "report/sarif.h"
#include "core/textescape.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace revisor::cli {

namespace {

QString lintText(const QList<StepHazards> &steps, const QDir &base)
{
    QString text;
    int shown = 0;
    for (const StepHazards &step : steps) {
        const QList<Hazard> ranked = step.ranking();
        if (ranked.isEmpty())
            continue;
        text += QStringLiteral("%1 %2: %3 error(s), %4 warning(s), %5 note(s)\n")
                    .arg(step.revision, step.direction)
                    .arg(step.count(HazardLevel::Error)).arg(step.count(HazardLevel::Warning)).arg(step.count(HazardLevel::Note));
        // In file order: a reviewer reads the hazards beside the file.
        for (const StatementHazards &s : step.statements) {
            for (Hazard h : s.hazards) {
                h.file = base.relativeFilePath(h.file);
                text += QStringLiteral("  %1\n    safer: %2\n").arg(plainLine(h.toText()), plainLine(h.saferPattern));
                ++shown;
            }
        }
    }
    if (shown == 0)
        text += QStringLiteral("no hazards found\n");
    return text;
}

QByteArray lintJson(const MigrationSet &set, const QList<StepHazards> &steps)
{
    QJsonArray array;
    for (const StepHazards &s : steps)
        array << s.toJson();
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("revisor-hazards/1")},
                                     {QStringLiteral("set"), set.name()},
                                     {QStringLiteral("set_directory"), set.directory()},
                                     {QStringLiteral("steps"), array}})
        .toJson(QJsonDocument::Indented);
}

} // namespace

int cmdLint(Context &ctx)
{
    QCommandLineParser parser;
    ctx.addSetOption(parser, false);
    parser.addOption({QStringLiteral("format"), QStringLiteral("Output: text (default), json or sarif (SARIF 2.1.0 for code review tools)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write to FILE instead of stdout."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("fail-on"),
                      QStringLiteral("Exit 1 when a hazard of this level or above is found: error, warning (default), note or never."),
                      QStringLiteral("LEVEL"), QStringLiteral("warning")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Analyse every statement of a migration set, up and down, for what it does to a live database "
                                          "(locks, rewrites, full scans, data deletion), without connecting."),
                   &code))
        return code;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json") && format != QLatin1String("sarif"))
        return ctx.report(Error::usage(QStringLiteral("--format: expected text, json or sarif, got '%1'").arg(format)));
    const QString failOn = parser.value(QStringLiteral("fail-on"));
    static const QStringList kFailOn{QStringLiteral("note"), QStringLiteral("warning"), QStringLiteral("error"), QStringLiteral("never")};
    if (!kFailOn.contains(failOn))
        return ctx.report(Error::usage(QStringLiteral("--fail-on: expected error, warning, note or never, got '%1'").arg(failOn)));
    auto set = ctx.loadSet(parser);
    if (!set)
        return ctx.report(set.error());
    auto steps = lintSet(*set);
    if (!steps)
        return ctx.report(steps.error());

    // Paths relative to the working directory: a CI job runs from the repository's root,
    // which is where code review tools resolve SARIF locations.
    const QDir base = QDir::current();
    QByteArray output;
    if (format == QLatin1String("sarif"))
        output = sarifReport(rankHazards(*steps), base.absolutePath());
    else if (format == QLatin1String("json"))
        output = lintJson(*set, *steps);
    else
        output = lintText(*steps, base).toUtf8();
    if (parser.isSet(QStringLiteral("output"))) {
        QFile file(parser.value(QStringLiteral("output")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(output) != output.size())
            return ctx.report(Error::input(file.fileName(), 0, QStringLiteral("cannot write: %1").arg(file.errorString())));
    } else {
        ctx.out << QString::fromUtf8(output);
        ctx.out.flush();
    }
    if (failOn == QLatin1String("never"))
        return 0;
    const HazardLevel threshold = Hazard::levelFromName(failOn);
    for (const Hazard &h : rankHazards(*steps)) {
        if (h.level >= threshold)
            return 1;
    }
    return 0;
}

} // namespace revisor::cli
