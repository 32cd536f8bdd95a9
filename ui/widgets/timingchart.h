#pragma once

#include <QList>
#include <QString>

class QCustomPlot;

namespace revisor::ui {

/// One bar of the step timing chart: plain data so that the report export can draw the same
/// chart without a session. Captures and probes are work of the inspector itself, shown as
/// their own bars so that the migration's time is not confused with the tool's.
struct StepTiming
{
    enum class Kind { Upgrade, Downgrade, Seed, Capture, Probe };
    Kind kind = Kind::Upgrade;
    QString label;       ///< short axis label, e.g. "↑002"
    double durationMs = 0;
    bool failed = false;
    friend bool operator==(const StepTiming &, const StepTiming &) = default;
};

/// The rollback budget the chart draws by default (30 s, the seed scenario's limit).
constexpr double kDefaultRollbackBudgetMs = 30000.0;

/// Draws the duration of each step in order, one bar per step coloured by kind (upgrade,
/// downgrade, seed, capture, probe), on a logarithmic millisecond axis so that 20 ms steps and the budget
/// line (budgetMs, dashed) are both readable. Clears whatever the plot showed before.
void buildStepTimingChart(QCustomPlot *plot, const QList<StepTiming> &steps, double budgetMs = kDefaultRollbackBudgetMs);

} // namespace revisor::ui
