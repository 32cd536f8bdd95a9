#include "timingsections.h"

#include "report/reportheader.h"
#include "core/textescape.h"

#include <QFileInfo>

#include <algorithm>

namespace revisor {

namespace {

QString where(const StatementRun &s)
{
    return QStringLiteral("%1:%2").arg(QFileInfo(s.file).fileName()).arg(s.line);
}

// The statement's first line, shortened: the full text is in the JSON report.
QString headline(const QString &sql)
{
    QString line = sql.section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.size() > 70)
        line = line.left(67) + QStringLiteral("...");
    return line;
}

QString seconds(double ms)
{
    return ms >= 1000 ? QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2) : QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
}

} // namespace

QList<SlowStatementRow> slowestStatementRows(const RehearsalResult &r, int perStep)
{
    QList<SlowStatementRow> rows;
    for (const Phase &p : r.phases) {
        for (const StepResult &step : p.steps) {
            for (const StatementRun *s : step.slowestStatements(perStep)) {
                SlowStatementRow row{QStringLiteral("%1 %2").arg(StepResult::kindName(step.kind), step.revision), headline(s->sql), where(*s),
                                     s->durationMs, step.shareOfStep(*s), {}};
                for (const ObservedLock &l : s->locks) {
                    if (l.blocksOthers())
                        row.held << l;
                }
                rows << row;
            }
        }
    }
    return rows;
}

QString secondsText(double ms)
{
    return seconds(ms);
}

QString markdownSlowest(const RehearsalResult &r)
{
    const QList<SlowStatementRow> rows = slowestStatementRows(r);
    if (rows.isEmpty())
        return QStringLiteral("\n## Slowest statements\n\nNo statement ran.\n");
    QString md = QStringLiteral("\n## Slowest statements\n\n"
                                "| step | statement | where | time | share of step | ACCESS EXCLUSIVE held |\n|---|---|---|---|---|---|\n");
    for (const SlowStatementRow &row : rows) {
        QStringList held;
        for (const ObservedLock &l : row.held)
            held << QStringLiteral("%1 %2").arg(l.relation, seconds(l.heldMs));
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 % | %6 |\n")
                  .arg(markdownText(row.step), markdownCode(row.statement), markdownText(row.where), seconds(row.ms),
                       QString::number(row.share, 'f', 0), held.isEmpty() ? QStringLiteral("—") : markdownText(held.join(QStringLiteral(", "))));
    }
    return md;
}

QString captureCostText(const RehearsalResult::CaptureCost &c)
{
    return QStringLiteral("%1 %2 (schema %3, data %4)")
        .arg(QString(c.point).replace(QLatin1Char('_'), QLatin1Char(' ')), durationText(c.ms), durationText(c.schemaMs), durationText(c.dataMs));
}

QString markdownInspectorWork(const RehearsalResult &r)
{
    QString rows;
    for (const RehearsalResult::CaptureCost &c : r.captures)
        rows += QStringLiteral("| capture | %1 |\n").arg(markdownText(captureCostText(c)));
    for (const auto &[what, probe] : {std::pair{QStringLiteral("further downgrade"), &r.downgradeProbe},
                                      std::pair{QStringLiteral("re-upgrade"), &r.reupgradeProbe}}) {
        if (probe->ran)
            rows += QStringLiteral("| probe | %1 %2 → %3, %4, %5 |\n")
                        .arg(what, markdownText(probe->from.label()), markdownText(probe->to.label()), durationText(probe->durationMs),
                             probe->ok ? QStringLiteral("ok") : QStringLiteral("**failed**"));
    }
    if (rows.isEmpty())
        return {};
    return QStringLiteral("\nThe inspector's own work, not the migration's (captures read schema and data; probes are rolled back):\n\n"
                          "| work | what, time |\n|---|---|\n") + rows;
}

QStringList plainSlowest(const RehearsalResult &r)
{
    QStringList lines;
    for (const SlowStatementRow &row : slowestStatementRows(r))
        lines << QStringLiteral("%1: %2, %3 % of the step, %4 %5").arg(row.step, seconds(row.ms), QString::number(row.share, 'f', 0), row.where, row.statement);
    return lines;
}

QString markdownLongLocks(const RehearsalResult &r)
{
    QString md = QStringLiteral("\n## Long ACCESS EXCLUSIVE locks (over %1)\n\n").arg(seconds(r.lockThresholdMs));
    QString rows;
    for (const Phase &p : r.phases) {
        for (const StepResult &step : p.steps) {
            for (const StepResult::LongLock &l : step.locksHeldOver(r.lockThresholdMs)) {
                rows += QStringLiteral("| %1 %2 | %3 | %4 | %5 | %6 |\n")
                            .arg(StepResult::kindName(step.kind), markdownText(step.revision), markdownText(l.lock.relation),
                                 markdownText(where(*l.statement)), markdownCode(headline(l.statement->sql)), seconds(l.lock.heldMs));
            }
        }
    }
    if (rows.isEmpty())
        return md + QStringLiteral("No statement held ACCESS EXCLUSIVE on a table others can see for longer.\n");
    return md + QStringLiteral("| step | table | where | statement | held |\n|---|---|---|---|---|\n") + rows;
}

} // namespace revisor
