#include "hazardsections.h"

#include "core/textescape.h"

#include <QFileInfo>

#include <algorithm>

namespace revisor {

QString markdownHazards(const RehearsalResult &r)
{
    QString md = QStringLiteral("\n## Hazards\n\n");
    if (r.hazards.isEmpty())
        return md + QStringLiteral("No upgrade or downgrade step was analysed.\n");
    for (const StepHazards &step : r.hazards) {
        const QList<Hazard> ranked = step.ranking();
        md += QStringLiteral("### %1 %2: %3 error(s), %4 warning(s), %5 note(s)%6\n\n")
                  .arg(markdownText(step.revision), step.direction == QLatin1String("up") ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                       QString::number(step.count(HazardLevel::Error)), QString::number(step.count(HazardLevel::Warning)),
                       QString::number(step.count(HazardLevel::Note)),
                       step.ranked ? QStringLiteral(", ranked by the table sizes before the step") : QString());
        if (ranked.isEmpty()) {
            md += QStringLiteral("None.\n\n");
            continue;
        }
        md += QStringLiteral("| level | hazard | table | rows | where | what happens | safer |\n|---|---|---|---|---|---|---|\n");
        for (const Hazard &h : ranked) {
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                      .arg(h.levelName(), h.ruleId(), h.table.isEmpty() ? QStringLiteral("—") : markdownText(h.table),
                           h.rows < 0 ? QStringLiteral("—") : QString::number(h.rows),
                           markdownText(QStringLiteral("%1:%2").arg(QFileInfo(h.file).fileName()).arg(h.line)),
                           markdownText(h.explanation), markdownText(h.saferPattern));
        }
        md += QLatin1Char('\n');
    }
    return md;
}

QList<Hazard> rehearsalHazards(const RehearsalResult &r)
{
    QList<Hazard> all;
    for (const StepHazards &s : r.hazards)
        all << s.ranking();
    std::stable_sort(all.begin(), all.end(), [](const Hazard &a, const Hazard &b) { return a.score > b.score; });
    return all;
}

} // namespace revisor
