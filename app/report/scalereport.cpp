#include "scalereport.h"

#include "rehearsal/rehearsalresult.h"
#include "report/reportpdf.h"
#include "report/scaleimage.h"
#include "core/textescape.h"

#include <QFileInfo>

#include <cmath>

namespace revisor {

namespace {

QString headline(const QString &sql)
{
    QString line = sql.section(QLatin1Char('\n'), 0, 0).simplified();
    return line.size() > 60 ? line.left(57) + QStringLiteral("...") : line;
}

// The tables every format shows, as plain text cells: each writer escapes them its own way.
// A cell in `codeColumn` is SQL, shown as code.
struct Table
{
    QStringList header;
    QList<QStringList> rows;
    int codeColumn = -1;
};

Table volumesTable(const ScaleRun &run)
{
    Table t{{QStringLiteral("parameters"), QStringLiteral("rows"), QStringLiteral("table"), QStringLiteral("seed"), QStringLiteral("upgrade"),
             QStringLiteral("downgrade"), QStringLiteral("upgrade ACCESS EXCLUSIVE"), QStringLiteral("downgrade ACCESS EXCLUSIVE")},
            {}};
    for (const ScalePoint &p : run.points) {
        QStringList params;
        for (auto it = p.parameters.cbegin(); it != p.parameters.cend(); ++it)
            params << it.key() + QLatin1Char('=') + it.value();
        t.rows << QStringList{params.join(QLatin1Char(' ')), QString::number(p.rows), p.rowsTable,
                              QStringLiteral("%1 ms").arg(p.seedMs, 0, 'f', 0), QStringLiteral("%1 ms").arg(p.upgradeMs, 0, 'f', 0),
                              QStringLiteral("%1 ms").arg(p.downgradeMs, 0, 'f', 0), QStringLiteral("%1 ms").arg(p.upgradeExclusiveMs, 0, 'f', 0),
                              QStringLiteral("%1 ms").arg(p.downgradeExclusiveMs, 0, 'f', 0)};
    }
    return t;
}

Table fitsTable(const ScaleRun &run)
{
    Table t{{QStringLiteral("what"), QStringLiteral("model"), QStringLiteral("formula"), QStringLiteral("fit error")}, {}};
    for (const auto &[name, fit] : {std::pair{QStringLiteral("upgrade"), run.upgradeFit}, std::pair{QStringLiteral("downgrade"), run.downgradeFit},
                                    std::pair{QStringLiteral("upgrade ACCESS EXCLUSIVE"), run.upgradeExclusiveFit},
                                    std::pair{QStringLiteral("downgrade ACCESS EXCLUSIVE"), run.downgradeExclusiveFit}})
        t.rows << QStringList{name, fit.growthName(), fit.formula(),
                              QStringLiteral("%1 (±%2 %)").arg(fit.logError, 0, 'f', 3).arg((std::exp(fit.logError) - 1) * 100, 0, 'f', 0)};
    return t;
}

Table statementsTable(const ScaleRun &run)
{
    Table t{{QStringLiteral("direction"), QStringLiteral("where"), QStringLiteral("statement"), QStringLiteral("ms per volume"),
             QStringLiteral("model"), QStringLiteral("formula")},
            {},
            2};
    for (const StatementFit &s : run.statements) {
        if (t.rows.size() >= 15)
            break;
        QStringList ms;
        for (double v : s.ms)
            ms << QString::number(v, 'f', 1);
        t.rows << QStringList{s.direction, QStringLiteral("%1:%2").arg(QFileInfo(s.file).fileName()).arg(s.line), headline(s.sql),
                              ms.join(QStringLiteral(" / ")), s.fit.growthName(), s.fit.formula()};
    }
    return t;
}

QString markdownTable(const Table &t)
{
    QString md = QStringLiteral("| ") + t.header.join(QStringLiteral(" | ")) + QStringLiteral(" |\n|");
    for (qsizetype i = 0; i < t.header.size(); ++i)
        md += QStringLiteral("---|");
    md += QLatin1Char('\n');
    for (const QStringList &row : t.rows) {
        QStringList cells;
        for (qsizetype c = 0; c < row.size(); ++c)
            cells << (c == t.codeColumn ? markdownCode(row.at(c)) : markdownText(row.at(c)));
        md += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
    }
    return md;
}

QString esc(const QString &text)
{
    return visibleControls(text).toHtmlEscaped();
}

QString htmlTable(const Table &t)
{
    QString h = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr>");
    for (const QString &c : t.header)
        h += QStringLiteral("<th>%1</th>").arg(esc(c));
    h += QStringLiteral("</tr></thead>\n");
    for (const QStringList &row : t.rows) {
        h += QStringLiteral("<tr>");
        for (qsizetype c = 0; c < row.size(); ++c)
            h += c == t.codeColumn ? QStringLiteral("<td><code>%1</code></td>").arg(esc(row.at(c))) : QStringLiteral("<td>%1</td>").arg(esc(row.at(c)));
        h += QStringLiteral("</tr>\n");
    }
    return h + QStringLiteral("</table>\n");
}

QString title(const ScaleRun &run)
{
    return QStringLiteral("Revisor scale run: %1%2").arg(run.setName, run.label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(run.label));
}

QString about(const ScaleRun &run)
{
    return QStringLiteral("Baseline %1, target %2, seed %3, PostgreSQL %4 (pgvector: %5).")
        .arg(run.baseline.label(), run.target.label(), run.seed, run.serverVersion, run.pgvector ? QStringLiteral("yes") : QStringLiteral("no"));
}

// The budget line of the chart: the rollback budget every rehearsal is judged against.
double chartBudgetMs()
{
    return Budgets().rollbackMs;
}

} // namespace

QByteArray scaleMarkdown(const ScaleRun &run, double extrapolateRows)
{
    QString md = QStringLiteral("# %1\n\n").arg(markdownText(title(run)));
    md += markdownText(about(run)) + QStringLiteral("\n\n");
    md += QStringLiteral("## Volumes\n\n") + markdownTable(volumesTable(run));
    md += QStringLiteral("\n## Fitted models (time against rows)\n\n") + markdownTable(fitsTable(run));
    md += QStringLiteral("\n## Statements (slowest at the largest volume first)\n\n") + markdownTable(statementsTable(run));
    if (extrapolateRows > 0)
        md += QStringLiteral("\n## Extrapolation\n\n%1\n").arg(markdownText(run.extrapolate(extrapolateRows)));
    return md.toUtf8();
}

QString scaleHtml(const ScaleRun &run, double extrapolateRows, const QString &chartSource, ReportMedium medium)
{
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n<style>\n%2</style>\n</head>\n<body>\n")
                    .arg(esc(title(run)), reportStylesheet(medium));
    h += QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n").arg(esc(title(run)), esc(about(run)));
    if (!chartSource.isEmpty()) {
        // Drawn 720 x 340; within the PDF's A4 margins (672 CSS pixels) a little smaller.
        const QSize shown = medium == ReportMedium::Print ? QSize(660, 312) : QSize(720, 340);
        h += QStringLiteral("<h2>Step time against rows</h2>\n<p style=\"line-height: 100%\"><img src=\"%1\" width=\"%3\" height=\"%4\" alt=\"%2\"></p>\n")
                 .arg(chartSource.toHtmlEscaped(), esc(QStringLiteral("upgrade and downgrade time against rows, log-log, with the fitted models")),
                      QString::number(shown.width()), QString::number(shown.height()));
    }
    if (extrapolateRows > 0)
        h += QStringLiteral("<h2>Extrapolation</h2>\n<p>%1</p>\n").arg(esc(run.extrapolate(extrapolateRows)).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    h += QStringLiteral("<h2>Fitted models (time against rows)</h2>\n") + htmlTable(fitsTable(run));
    h += QStringLiteral("<h2>Volumes</h2>\n") + htmlTable(volumesTable(run));
    h += QStringLiteral("<h2>Statements (slowest at the largest volume first)</h2>\n") + htmlTable(statementsTable(run));
    h += QStringLiteral("<p class=\"footer\">%1</p>\n</body>\n</html>\n")
             .arg(esc(QStringLiteral("Written by Revisor from a %1 run; the raw points are in scale.json.").arg(QString::fromLatin1(ScaleRun::Format))));
    return h;
}

QByteArray htmlScaleReport(const ScaleRun &run, double extrapolateRows)
{
    return scaleHtml(run, extrapolateRows, pngDataUri(renderScaleChart(run, extrapolateRows, chartBudgetMs())), ReportMedium::Screen).toUtf8();
}

Status writeScalePdf(const ScaleRun &run, double extrapolateRows, const QString &path)
{
    const QString chart = QStringLiteral("revisor-report://scale.png");
    return writeHtmlPdf(scaleHtml(run, extrapolateRows, chart, ReportMedium::Print),
                        {{chart, renderScaleChart(run, extrapolateRows, chartBudgetMs(), {720, 340}, 3.0)}}, title(run), title(run), path);
}

QString scaleSummary(const ScaleRun &run, double extrapolateRows)
{
    QString out = QStringLiteral("Scale run of %1: %2 volume(s)\n").arg(plainLine(run.setName)).arg(run.points.size());
    for (const ScalePoint &p : run.points)
        out += QStringLiteral("  %1 rows of %2: upgrade %3 ms, downgrade %4 ms\n")
                   .arg(QString::number(p.rows), plainLine(p.rowsTable), QString::number(p.upgradeMs, 'f', 0), QString::number(p.downgradeMs, 'f', 0));
    out += QStringLiteral("  upgrade: %1 (%2, fit error %3)\n").arg(run.upgradeFit.growthName(), run.upgradeFit.formula(), QString::number(run.upgradeFit.logError, 'f', 3));
    out += QStringLiteral("  downgrade: %1 (%2, fit error %3)\n").arg(run.downgradeFit.growthName(), run.downgradeFit.formula(), QString::number(run.downgradeFit.logError, 'f', 3));
    for (int i = 0; i < std::min<int>(3, int(run.statements.size())); ++i) {
        const StatementFit &s = run.statements.at(i);
        out += QStringLiteral("  slowest %1 %2:%3 %4: %5\n").arg(s.direction, QFileInfo(s.file).fileName(), QString::number(s.line),
                                                                 plainLine(headline(s.sql)), s.fit.growthName());
    }
    if (extrapolateRows > 0)
        out += QStringLiteral("  ") + plainLine(run.extrapolate(extrapolateRows)).replace(QStringLiteral("\\n"), QStringLiteral("\n")) + QLatin1Char('\n');
    return out;
}

} // namespace revisor
