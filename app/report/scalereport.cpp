#include "scalereport.h"

#include "report/textescape.h"

#include <QFileInfo>

namespace revisor {

namespace {

QString headline(const QString &sql)
{
    QString line = sql.section(QLatin1Char('\n'), 0, 0).simplified();
    return line.size() > 60 ? line.left(57) + QStringLiteral("...") : line;
}

} // namespace

QByteArray scaleMarkdown(const ScaleRun &run, double extrapolateRows)
{
    QString md = QStringLiteral("# Revisor scale run: %1%2\n\n")
                     .arg(markdownText(run.setName), run.label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(markdownText(run.label)));
    md += QStringLiteral("Baseline **%1**, target **%2**, seed `%3`, PostgreSQL %4 (pgvector: %5).\n\n")
              .arg(markdownText(run.baseline.label()), markdownText(run.target.label()), markdownText(run.seed),
                   markdownText(run.serverVersion), run.pgvector ? QStringLiteral("yes") : QStringLiteral("no"));
    md += QStringLiteral("## Volumes\n\n| parameters | rows | table | seed | upgrade | downgrade | upgrade ACCESS EXCLUSIVE | downgrade ACCESS EXCLUSIVE |\n|---|---|---|---|---|---|---|---|\n");
    for (const ScalePoint &p : run.points) {
        QStringList params;
        for (auto it = p.parameters.cbegin(); it != p.parameters.cend(); ++it)
            params << it.key() + QLatin1Char('=') + it.value();
        md += QStringLiteral("| %1 | %2 | %3 | %4 ms | %5 ms | %6 ms | %7 ms | %8 ms |\n")
                  .arg(markdownText(params.join(QLatin1Char(' '))), QString::number(p.rows), markdownText(p.rowsTable),
                       QString::number(p.seedMs, 'f', 0), QString::number(p.upgradeMs, 'f', 0), QString::number(p.downgradeMs, 'f', 0),
                       QString::number(p.upgradeExclusiveMs, 'f', 0), QString::number(p.downgradeExclusiveMs, 'f', 0));
    }
    md += QStringLiteral("\n## Fitted models (time against rows)\n\n| what | model | formula | fit error |\n|---|---|---|---|\n");
    for (const auto &[name, fit] : {std::pair{QStringLiteral("upgrade"), run.upgradeFit}, std::pair{QStringLiteral("downgrade"), run.downgradeFit},
                                    std::pair{QStringLiteral("upgrade ACCESS EXCLUSIVE"), run.upgradeExclusiveFit},
                                    std::pair{QStringLiteral("downgrade ACCESS EXCLUSIVE"), run.downgradeExclusiveFit}})
        md += QStringLiteral("| %1 | %2 | %3 | %4 |\n").arg(name, fit.growthName(), markdownText(fit.formula()), QString::number(fit.logError, 'f', 3));
    md += QStringLiteral("\n## Statements (slowest at the largest volume first)\n\n| direction | where | statement | ms per volume | model | formula |\n|---|---|---|---|---|---|\n");
    int shown = 0;
    for (const StatementFit &s : run.statements) {
        if (++shown > 15)
            break;
        QStringList ms;
        for (double v : s.ms)
            ms << QString::number(v, 'f', 1);
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                  .arg(s.direction, markdownText(QStringLiteral("%1:%2").arg(QFileInfo(s.file).fileName()).arg(s.line)),
                       markdownCode(headline(s.sql)), ms.join(QStringLiteral(" / ")), s.fit.growthName(), markdownText(s.fit.formula()));
    }
    if (extrapolateRows > 0)
        md += QStringLiteral("\n## Extrapolation\n\n%1\n").arg(markdownText(run.extrapolate(extrapolateRows)));
    return md.toUtf8();
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
