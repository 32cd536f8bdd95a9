#include "ui/panels/timingpanel.h"

#include "report/reportheader.h"
#include "report/timingsections.h"
#include "ui/widgets/emptystate.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QHeaderView>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace revisor::ui {

TimingPanel::TimingPanel(QWidget *parent)
    : QWidget(parent), m_plot(new QCustomPlot), m_slowest(new QTreeWidget)
{
    m_plot->setMinimumHeight(200);
    m_slowest->setObjectName(QStringLiteral("slowestStatements"));
    m_slowest->setHeaderLabels({tr("Step / statement"), tr("Where"), tr("Time"), tr("Share of step"), tr("ACCESS EXCLUSIVE held")});
    m_slowest->setRootIsDecorated(true);
    m_slowest->setUniformRowHeights(true);
    m_slowest->header()->setStretchLastSection(true);
    // The statement is what a reader looks for: room for its first words, not only "CREAT...".
    m_slowest->setColumnWidth(0, 380);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("timingSplitter"));  // the window remembers it by name
    splitter->addWidget(m_plot);
    splitter->addWidget(m_slowest);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_stack = new EmptyStateWidget(splitter, tr("The duration of every step of this session appears here as a bar "
                                                "(upgrades and downgrades in different colours, the captures and probes "
                                                "the inspector runs as bars of their own), with the rollback budget of "
                                                "%1 s as a line, and below it the slowest statements of each step."
                                                "<br><br>Apply a baseline or step up or down to start.").arg(kDefaultRollbackBudgetMs / 1000.0));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

void TimingPanel::addStep(const StepResult &step)
{
    const TimingBar t = TimingBar::ofStep(step);
    m_timings << t;
    m_bars << t;
    addSlowest(step, t.label);
    rebuild();
}

void TimingPanel::addSlowest(const StepResult &step, const QString &label)
{
    const QList<const StatementRun *> slowest = step.slowestStatements(5);
    if (slowest.isEmpty())
        return;
    auto *top = new QTreeWidgetItem(m_slowest, {tr("%1 (%2 statement(s))").arg(label).arg(step.statements.size()), QString(),
                                                durationText(step.durationMs), QString(), QString()});
    for (const StatementRun *s : slowest) {
        QStringList held;
        for (const ObservedLock &l : s->locks) {
            // Only tables others can see: a table the step created blocks nobody.
            if (l.blocksOthers())
                held << QStringLiteral("%1 %2").arg(l.relation, durationText(l.heldMs));
        }
        const double share = step.shareOfStep(*s);
        auto *item = new QTreeWidgetItem(top, {s->sql.simplified().left(120), QStringLiteral("%1:%2").arg(QFileInfo(s->file).fileName()).arg(s->line),
                                               durationText(s->durationMs), tr("%1 %").arg(share, 0, 'f', 0),
                                               held.isEmpty() ? QStringLiteral("—") : held.join(QStringLiteral(", "))});
        item->setToolTip(0, s->sql);
        item->setData(3, Qt::UserRole, share);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    }
    top->setExpanded(true);
    m_slowest->resizeColumnToContents(1);
    m_slowest->resizeColumnToContents(2);
    m_slowest->resizeColumnToContents(3);
}

void TimingPanel::addAction(const ActionResult &result)
{
    const QList<TrackedPoint> &points = result.state.points.points;
    // A new session or set starts the list of captures over.
    if (points.size() < m_pointsSeen)
        m_pointsSeen = 0;
    if (result.state.outcomeFromRehearsal && result.completedRoundTrip && replaceWithRehearsal(result)) {
        m_pointsSeen = int(points.size());
        rebuild();
        return;
    }
    for (qsizetype i = m_pointsSeen; i < points.size(); ++i) {
        if (!points.at(i).point.captured)
            continue;
        m_bars << TimingBar::ofCapture(points.at(i).point.revision.label(), points.at(i).point.captureMs);
    }
    m_pointsSeen = int(points.size());
    if (result.completedRoundTrip && result.state.outcome) {
        const RehearsalResult &r = result.state.outcome->result;
        if (r.downgradeProbe.ran)
            m_bars << TimingBar::ofProbe(r.downgradeProbe, tr("down"));
        if (r.reupgradeProbe.ran)
            m_bars << TimingBar::ofProbe(r.reupgradeProbe, tr("re-up"));
    }
    rebuild();
}

bool TimingPanel::replaceWithRehearsal(const ActionResult &result)
{
    // The rehearsal's steps arrived one by one while it ran; its captures and probes are known
    // only now. Its own bars put each capture between the steps it ran between, as the report
    // does, when the bars shown last are exactly its steps.
    const qsizetype count = result.steps.size();
    if (!result.state.outcome || m_bars.size() < count)
        return false;
    for (qsizetype i = 0; i < count; ++i) {
        if (m_bars.at(m_bars.size() - count + i) != TimingBar::ofStep(result.steps.at(i)))
            return false;
    }
    m_bars.resize(m_bars.size() - count);
    m_bars << timingBars(result.state.outcome->result);
    return true;
}

void TimingPanel::clear()
{
    m_timings.clear();
    m_bars.clear();
    m_slowest->clear();
    m_pointsSeen = 0;
    rebuild();
}

void TimingPanel::rebuild()
{
    m_stack->showContent(!m_bars.isEmpty());
    buildStepTimingChart(m_plot, m_bars, kDefaultRollbackBudgetMs);
}

} // namespace revisor::ui
