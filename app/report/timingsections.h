#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QString>

namespace revisor {

/// The `count` slowest statements of a step, slowest first.
QList<const StatementRun *> slowestStatements(const StepResult &step, int count = 5);

/// "## Slowest statements": per step, the slowest statements with their share of the step and
/// the ACCESS EXCLUSIVE table locks each took, with how long they were held.
QString markdownSlowest(const RehearsalResult &result);

/// "## Long ACCESS EXCLUSIVE locks": every table lock of that mode held longer than the
/// result's threshold, by step and statement.
QString markdownLongLocks(const RehearsalResult &result);

} // namespace revisor
