#include "ui/panels/inspectionpanels.h"

#include "ui/models/inspectionmodels.h"
#include "ui/panels/panelparts.h"
#include "ui/panels/tablepanels.h"
#include "ui/session/sessioncontroller.h"
#include "ui/widgets/emptystate.h"
#include "ui/widgets/uicolors.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTreeView>

namespace revisor::ui {

namespace {

// "3. after seed sample (005) — baseline"
QString pointTitle(const SessionPoints &points, int i)
{
    QString role;
    if (i == points.rolledBack)
        role = QObject::tr(" — rolled back");
    else if (i == points.upgraded)
        role = QObject::tr(" — upgraded");
    else if (i == points.baseline && points.baselineFixed)
        role = QObject::tr(" — baseline");
    return QStringLiteral("%1. %2%3").arg(i + 1).arg(points.points.at(i).label, role);
}

} // namespace

DiffPanel::DiffPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Diff</b><br><br>What each step changed in the schema (added, removed and changed "
                         "objects, with before and after values), and the difference between the baseline and "
                         "the database after the rollback.<br><br>A capture is taken after every step: apply the "
                         "baseline, then step up or down to compare."), parent),
      m_model(new DiffTreeModel(this)), m_view(makeTreeView()), m_from(new QComboBox), m_to(new QComboBox),
      m_lastStep(new QPushButton(tr("Last step"))), m_roundTrip(new QPushButton(tr("Baseline vs rollback"))),
      m_copyRepair(new QPushButton(tr("Copy repair SQL"))), m_summary(makeCaption()),
      m_noDifferences(makeExplanationLabel(QString())), m_result(new QStackedWidget)
{
    m_copyRepair->setObjectName(QStringLiteral("copyRepairSql"));
    m_copyRepair->setToolTip(tr("Copy the DDL that brings the rolled-back schema back to the baseline: what the down scripts miss"));
    m_copyRepair->setEnabled(false);
    connect(m_copyRepair, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_repairSql); });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (const QList<DiffCause> causes = m_model->causesAt(index); !causes.isEmpty())
            emit causeActivated(causes.first());
    });
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setRecursiveFilteringEnabled(true);
    m_filter = makeFilterField(this, proxy, QStringLiteral("diffFilter"));
    m_view->setModel(proxy);
    m_view->header()->resizeSection(DiffTreeModel::ObjectColumn, 260);
    m_view->header()->resizeSection(DiffTreeModel::ChangeColumn, 80);
    m_view->header()->resizeSection(DiffTreeModel::AttributeColumn, 80);
    m_view->header()->resizeSection(DiffTreeModel::BeforeColumn, 150);
    m_view->header()->resizeSection(DiffTreeModel::AfterColumn, 150);
    for (QComboBox *box : {m_from, m_to}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        box->setMinimumContentsLength(28);
        connect(box, &QComboBox::activated, this, &DiffPanel::recompute);
    }
    m_from->setToolTip(tr("The earlier capture"));
    m_to->setToolTip(tr("The later capture"));
    m_lastStep->setToolTip(tr("Compare the capture before the last action with the latest one"));
    m_roundTrip->setToolTip(tr("Compare the baseline with the database after the rollback: empty when the round trip is safe"));
    connect(m_lastStep, &QPushButton::clicked, this, &DiffPanel::showLastStep);
    connect(m_roundTrip, &QPushButton::clicked, this, &DiffPanel::showBaselineVsRollback);

    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Compare")));
    row->addWidget(m_from);
    row->addWidget(new QLabel(QStringLiteral("→")));
    row->addWidget(m_to);
    row->addSpacing(12);
    row->addWidget(m_lastStep);
    row->addWidget(m_roundTrip);
    row->addWidget(m_copyRepair);
    row->addSpacing(12);
    row->addWidget(m_filter, 1);
    m_result->addWidget(m_view);
    m_result->addWidget(m_noDifferences);
    m_view->setToolTip(tr("Double-click a difference to open the statement that caused it in the SQL tab."));
    setContent(stackedColumn({bar, m_summary}, m_result));
}

void DiffPanel::follow(SessionController *session)
{
    connect(session, &SessionController::setChanged, this, [this, session] { setMigrationSet(session->set()); });
    connect(session, &SessionController::pointsChanged, this, [this, session] { setPoints(session->points()); });
    connect(session, &SessionController::sessionResultChanged, this, [this, session] {
        const auto &outcome = session->outcome();
        setRepairSql(outcome ? outcome->facts.repairSql : QString(), outcome ? outcome->facts.repairSummary : QString());
    });
}

void DiffPanel::setMigrationSet(const MigrationSet *set)
{
    m_set = set ? std::optional<MigrationSet>(*set) : std::nullopt;
    recompute();
}

void DiffPanel::setRepairSql(const QString &sql, const QString &summary)
{
    m_repairSql = sql;
    m_copyRepair->setEnabled(!sql.isEmpty());
    m_copyRepair->setToolTip(sql.isEmpty() ? tr("No repair needed: the round trip left no difference, or none was checked yet")
                                           : tr("Copy the DDL that brings the rolled-back schema back to the baseline (%1)").arg(summary));
}

void DiffPanel::setPoints(const SessionPoints &points)
{
    const bool grew = points.points.size() != m_points.points.size();
    m_points = points;
    for (QComboBox *box : {m_from, m_to}) {
        box->clear();
        for (int i = 0; i < points.points.size(); ++i)
            box->addItem(pointTitle(points, i), i);
    }
    m_roundTrip->setEnabled(points.rolledBack >= 0 && points.baseline >= 0);
    if (points.points.size() < 2) {
        stack()->showContent(false);
        return;
    }
    stack()->showContent(true);
    // A new capture: show what the action did, or the round trip's verdict when it just completed.
    if (grew && points.rolledBack == points.points.size() - 1)
        showBaselineVsRollback();
    else
        showLastStep();
}

void DiffPanel::showLastStep()
{
    const int n = int(m_points.points.size());
    if (n >= 2)
        compare(n - 2, n - 1);
}

bool DiffPanel::showBaselineVsRollback()
{
    if (m_points.baseline < 0 || m_points.rolledBack < 0)
        return false;
    compare(m_points.baseline, m_points.rolledBack);
    return true;
}

void DiffPanel::compare(int from, int to)
{
    m_from->setCurrentIndex(from);
    m_to->setCurrentIndex(to);
    recompute();
}

void DiffPanel::recompute()
{
    const int from = m_from->currentIndex(), to = m_to->currentIndex();
    if (from < 0 || to < 0 || from >= m_points.points.size() || to >= m_points.points.size())
        return;
    const TrackedPoint &a = m_points.points.at(from);
    const TrackedPoint &b = m_points.points.at(to);
    const SchemaDiff diff = diffSnapshots(a.point.schema, b.point.schema);
    m_model->setDiff(diff, causesOf(diff, a.point.revision, b.point.revision));
    m_view->expandToDepth(0);
    int added = 0, removed = 0, changed = 0;
    for (const DiffEntry &e : diff.entries)
        (e.change == DiffEntry::Change::Added ? added : e.change == DiffEntry::Change::Removed ? removed : changed)++;
    const QString pair = tr("%1 → %2").arg(a.label.toHtmlEscaped(), b.label.toHtmlEscaped());
    if (diff.isEmpty()) {
        m_summary->setText(tr("<b>%1</b>").arg(pair));
        const bool roundTrip = from == m_points.baseline && to == m_points.rolledBack;
        m_noDifferences->setText(tr("<b>No differences</b>: the schema of <i>%1</i> and of <i>%2</i> is identical.<br>"
                                    "Compared: tables and views: %3, sequences: %4, functions: %5, types: %6.%7")
                                     .arg(a.label.toHtmlEscaped(), b.label.toHtmlEscaped())
                                     .arg(a.point.schema.tables.size()).arg(a.point.schema.sequences.size())
                                     .arg(a.point.schema.functions.size()).arg(a.point.schema.types.size())
                                     .arg(roundTrip ? tr("<br><br>The rollback restored the baseline's schema exactly.") : QString()));
        m_result->setCurrentWidget(m_noDifferences);
        return;
    }
    auto colored = [](const QColor &bg, const QString &text) {
        return QStringLiteral("<span style=\"background-color:%1\">&nbsp;%2&nbsp;</span>").arg(bg.name(), text);
    };
    m_summary->setText(tr("<b>%1</b>: %2 differences &nbsp; %3 %4 %5")
                           .arg(pair).arg(diff.size())
                           .arg(colored(colors::addedBackground(), tr("%1 added").arg(added)),
                                colored(colors::removedBackground(), tr("%1 removed").arg(removed)),
                                colored(colors::changedBackground(), tr("%1 changed").arg(changed))));
    m_result->setCurrentWidget(m_view);
}

QList<QList<DiffCause>> DiffPanel::causesOf(const SchemaDiff &diff, const RevisionRef &from, const RevisionRef &to) const
{
    // The statements between the two captures' revisions, up and down sections; two captures
    // at one revision (baseline and rolled back) are traced through the round trip's target.
    if (!m_set || diff.isEmpty())
        return {};
    const auto a = m_set->height(from), b = m_set->height(to);
    if (!a || !b)
        return {};
    if (*a != *b)
        return findDiffCauses(diff, *m_set, *a < *b ? from : to, *a < *b ? to : from);
    if (m_points.upgraded < 0 || m_points.baseline < 0)
        return {};
    return findDiffCauses(diff, *m_set, m_points.points.at(m_points.baseline).point.revision,
                          m_points.points.at(m_points.upgraded).point.revision);
}

bool DiffPanel::isShowingNoDifferences() const
{
    return m_result->currentWidget() == m_noDifferences && !isShowingEmptyState();
}

QString DiffPanel::summary() const
{
    return isShowingNoDifferences() ? m_noDifferences->text() : m_summary->text();
}

} // namespace revisor::ui
