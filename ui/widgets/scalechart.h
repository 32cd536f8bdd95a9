#pragma once

#include "rehearsal/scalerun.h"

class QCustomPlot;

namespace revisor::ui {

/// Draws a scale run: upgrade and downgrade time against rows on log-log axes, as measured
/// points and as the fitted model of each step (dashed, reaching out to `extrapolateRows`
/// when given, where the predictions are marked), the budget line (`budgetMs`, none when
/// <= 0), and an `overlay` run (another kept run, in lighter colours and other point shapes)
/// to compare with. Clears whatever the plot showed before.
void buildScaleChart(QCustomPlot *plot, const ScaleRun &run, const ScaleRun *overlay = nullptr, double budgetMs = 0,
                     double extrapolateRows = 0);

} // namespace revisor::ui
