#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QString>

namespace revisor {

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
