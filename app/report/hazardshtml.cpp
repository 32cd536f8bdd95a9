#include "hazardshtml.h"

#include "core/textescape.h"
#include "report/timingsections.h"

#include <QFileInfo>
#include <QObject>

namespace revisor {

namespace {

QString esc(const QString &text)
{
    return visibleControls(text).toHtmlEscaped();
}

QString where(const QString &file, int line)
{
    return esc(QStringLiteral("%1:%2").arg(QFileInfo(file).fileName()).arg(line));
}

} // namespace

QString slowestStatementsHtml(const RehearsalResult &r)
{
    QString h = QStringLiteral("<h2>%1</h2>\n<p class=\"muted\">%2</p>\n<table>\n<tr><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th>%7</th><th>%8</th></tr>\n")
                    .arg(esc(QObject::tr("Slowest statements")),
                         esc(QObject::tr("Per step, its slowest statements and their share of the step; ACCESS EXCLUSIVE held longer than %1 is marked.")
                                 .arg(secondsText(r.lockThresholdMs))),
                         esc(QObject::tr("step")), esc(QObject::tr("statement")), esc(QObject::tr("where")), esc(QObject::tr("time")),
                         esc(QObject::tr("share")), esc(QObject::tr("ACCESS EXCLUSIVE held")));
    for (const SlowStatementRow &row : slowestStatementRows(r)) {
        QStringList held;
        for (const ObservedLock &l : row.held) {
            const QString text = esc(QStringLiteral("%1 %2").arg(l.relation, secondsText(l.heldMs)));
            held << (l.heldMs > r.lockThresholdMs ? QStringLiteral("<strong>%1</strong>").arg(text) : text);
        }
        h += QStringLiteral("<tr><td>%1</td><td><code>%2</code></td><td>%3</td><td>%4</td><td>%5 %</td><td>%6</td></tr>\n")
                 .arg(esc(row.step), esc(row.statement), esc(row.where), secondsText(row.ms), QString::number(row.share, 'f', 0),
                      held.isEmpty() ? QStringLiteral("—") : held.join(QStringLiteral(", ")));
    }
    return h + QStringLiteral("</table>\n");
}

QString hazardsHtml(const RehearsalResult &r)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Hazards")));
    if (r.hazards.isEmpty())
        return h + QStringLiteral("<p class=\"muted\">%1</p>\n").arg(esc(QObject::tr("No upgrade or downgrade step was analysed.")));
    for (const StepHazards &step : r.hazards) {
        const QList<Hazard> ranked = step.ranking();
        h += QStringLiteral("<h3>%1</h3>\n").arg(esc(QObject::tr("%1 %2: %3 error(s), %4 warning(s), %5 note(s)")
                                                         .arg(step.revision, step.direction == QLatin1String("up") ? QObject::tr("upgrade") : QObject::tr("downgrade"))
                                                         .arg(step.count(HazardLevel::Error)).arg(step.count(HazardLevel::Warning)).arg(step.count(HazardLevel::Note))));
        if (ranked.isEmpty())
            continue;
        h += QStringLiteral("<table>\n<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>\n")
                 .arg(esc(QObject::tr("level")), esc(QObject::tr("hazard")), esc(QObject::tr("table (rows)")), esc(QObject::tr("where")),
                      esc(QObject::tr("what happens")), esc(QObject::tr("safer")));
        for (const Hazard &hz : ranked) {
            const QString table = hz.table.isEmpty() ? QStringLiteral("—")
                                                     : esc(hz.rows >= 0 ? QStringLiteral("%1 (%2)").arg(hz.table).arg(hz.rows) : hz.table);
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                     .arg(esc(hz.levelName()), esc(hz.ruleId()), table, where(hz.file, hz.line), esc(hz.explanation), esc(hz.saferPattern));
        }
        h += QStringLiteral("</table>\n");
    }
    return h;
}

} // namespace revisor
