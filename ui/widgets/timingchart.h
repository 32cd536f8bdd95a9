#pragma once

#include "report/timingbars.h"

#include <QList>

class QCustomPlot;

namespace revisor::ui {

/// The rollback budget the chart draws by default (30 s, the seed scenario's limit).
constexpr double kDefaultRollbackBudgetMs = 30000.0;

/// Draws the duration of each bar in order (steps, captures and probes), coloured by kind as
/// in the reports (timingBarColor()), on a logarithmic millisecond axis so that 20 ms steps
/// and the budget line (budgetMs, dashed) are both readable. Clears whatever the plot showed.
void buildStepTimingChart(QCustomPlot *plot, const QList<TimingBar> &steps, double budgetMs = kDefaultRollbackBudgetMs);

} // namespace revisor::ui
