#pragma once

#include "runner/stepresult.h"
#include "ui/widgets/timingchart.h"

#include <QWidget>

class QCustomPlot;

namespace revisor::ui {

class EmptyStateWidget;

/// The Timing panel: a bar per step of this session and the rollback budget line.
class TimingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimingPanel(QWidget *parent = nullptr);

    void addStep(const StepResult &step);
    void clear();
    const QList<StepTiming> &timings() const { return m_timings; }
    QCustomPlot *plot() const { return m_plot; }

    /// The chart's bar for a step result.
    static StepTiming timingOf(const StepResult &step);

private:
    void rebuild();
    QCustomPlot *m_plot;
    EmptyStateWidget *m_stack;
    QList<StepTiming> m_timings;
};

} // namespace revisor::ui
