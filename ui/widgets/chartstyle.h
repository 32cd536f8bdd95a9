#pragma once

class QCustomPlot;

namespace revisor::ui {

/// The window's charts in the palette's colours (dark themes too): background, both axes'
/// pens and labels, a dotted grid without sub-grid.
void applyChartPalette(QCustomPlot *plot);
/// The dashed rollback budget line at `budgetMs` with its label at the right end.
void addBudgetLine(QCustomPlot *plot, double budgetMs);
/// The legend in the top left corner in the palette's colours; shown when `visible`.
void styleChartLegend(QCustomPlot *plot, bool visible);

} // namespace revisor::ui
