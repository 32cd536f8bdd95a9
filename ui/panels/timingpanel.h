#pragma once

#include "rehearsal/interactivesession.h"
#include "runner/stepresult.h"
#include "ui/widgets/timingchart.h"

#include <QWidget>

class QCustomPlot;
class QTreeWidget;

namespace revisor::ui {

class EmptyStateWidget;

/// The Timing panel: a bar per step of this session, per capture the inspector took after an
/// action and per probe of a completed round trip (each kind its own colour), the rollback
/// budget line, and below the chart the slowest statements of each step with their share of it.
class TimingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimingPanel(QWidget *parent = nullptr);

    void addStep(const StepResult &step);
    /// After an action: bars for the captures it took and the probes it ran (its steps came
    /// through addStep() while it ran).
    void addAction(const ActionResult &result);
    void clear();
    /// The step bars, oldest first.
    const QList<TimingBar> &timings() const { return m_timings; }
    /// Every bar of the chart in order: steps, captures and probes.
    const QList<TimingBar> &bars() const { return m_bars; }
    QCustomPlot *plot() const { return m_plot; }
    /// The slowest statements: one top-level item per step, one child per statement.
    QTreeWidget *slowest() const { return m_slowest; }

private:
    void rebuild();
    /// After Run rehearsal: its step bars replaced by the report's bars of its result.
    bool replaceWithRehearsal(const ActionResult &result);
    void addSlowest(const StepResult &step, const QString &label);
    QCustomPlot *m_plot;
    QTreeWidget *m_slowest;
    EmptyStateWidget *m_stack;
    QList<TimingBar> m_timings;
    QList<TimingBar> m_bars;
    int m_pointsSeen = 0;   ///< captures of the session already shown
};

} // namespace revisor::ui
