#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QString>

namespace revisor {

/// "## Hazards": per step, its hazards most serious first (level, rule, table with its rows in
/// the capture before the step, file:line, explanation, safer pattern).
QString markdownHazards(const RehearsalResult &result);

/// Every hazard of the rehearsal's steps, ranked, for the SARIF report.
QList<Hazard> rehearsalHazards(const RehearsalResult &result);

} // namespace revisor
