#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QString>

namespace revisor {

/// One row of "the slowest statements", the same in every report format.
struct SlowStatementRow
{
    QString step;        ///< "upgrade 002"
    QString statement;   ///< its first line, shortened (the full text is in the JSON report)
    QString where;       ///< "002_x.sql:14"
    double ms = 0;
    double share = 0;    ///< of the step, in percent
    QList<ObservedLock> held;   ///< the ACCESS EXCLUSIVE locks it took on tables others can see
};

/// The slowest statements of every step (baseline steps included), at most `perStep` each.
QList<SlowStatementRow> slowestStatementRows(const RehearsalResult &result, int perStep = 5);

/// "1.20 s" or "12.3 ms".
QString secondsText(double ms);

/// "## Slowest statements": per step, the slowest statements with their share of the step and
/// the ACCESS EXCLUSIVE table locks each took, with how long they were held.
QString markdownSlowest(const RehearsalResult &result);

/// What one capture cost: "baseline 312 ms (schema 40 ms, data 270 ms)".
QString captureCostText(const RehearsalResult::CaptureCost &capture);

/// "The inspector's own work": each capture and each probe that ran with its time, the
/// Markdown counterpart of their bars in the HTML and PDF chart.
QString markdownInspectorWork(const RehearsalResult &result);

/// The slowest statements of each step as plain lines (the JUnit report's system-out):
/// "upgrade 002: 12.3 ms, 71 % of the step, 002_x.sql:14 UPDATE ..."; empty when none ran.
QStringList plainSlowest(const RehearsalResult &result);

/// "## Long ACCESS EXCLUSIVE locks": every table lock of that mode held longer than the
/// result's threshold, by step and statement.
QString markdownLongLocks(const RehearsalResult &result);

} // namespace revisor
