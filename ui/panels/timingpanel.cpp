#include "ui/panels/timingpanel.h"

#include "ui/widgets/emptystate.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

namespace revisor::ui {

TimingPanel::TimingPanel(QWidget *parent)
    : QWidget(parent), m_plot(new QCustomPlot)
{
    m_plot->setMinimumHeight(200);
    m_stack = new EmptyStateWidget(m_plot, tr("The duration of every step of this session appears here as a bar "
                                              "(upgrades and downgrades in different colours), with the "
                                              "rollback budget of %1 s as a line.<br><br>Apply a baseline or step "
                                              "up or down to start.").arg(kDefaultRollbackBudgetMs / 1000.0));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

StepTiming TimingPanel::timingOf(const StepResult &step)
{
    StepTiming t;
    switch (step.kind) {
    case StepResult::Kind::Upgrade:
        t.kind = StepTiming::Kind::Upgrade;
        t.label = QStringLiteral("↑%1").arg(step.revision);
        break;
    case StepResult::Kind::Downgrade:
        t.kind = StepTiming::Kind::Downgrade;
        t.label = QStringLiteral("↓%1").arg(step.revision);
        break;
    case StepResult::Kind::Seed:
        t.kind = StepTiming::Kind::Seed;
        t.label = tr("seed %1").arg(step.revision);
        break;
    }
    t.durationMs = step.durationMs;
    t.failed = !step.completed();
    return t;
}

void TimingPanel::addStep(const StepResult &step)
{
    m_timings << timingOf(step);
    rebuild();
}

void TimingPanel::clear()
{
    m_timings.clear();
    rebuild();
}

void TimingPanel::rebuild()
{
    m_stack->showContent(!m_timings.isEmpty());
    buildStepTimingChart(m_plot, m_timings, kDefaultRollbackBudgetMs);
}

} // namespace revisor::ui
