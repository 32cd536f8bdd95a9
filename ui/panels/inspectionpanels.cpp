#include "ui/panels/inspectionpanels.h"

#include "report/reportheader.h"
#include "ui/widgets/emptystate.h"
#include "ui/widgets/findfield.h"
#include "ui/models/inspectionmodels.h"
#include "ui/session/sessioncontroller.h"
#include "ui/panels/panelparts.h"
#include "ui/panels/tablepanels.h"
#include "ui/widgets/tablecopy.h"
#include "ui/widgets/uicolors.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace revisor::ui {


InspectionPanel::InspectionPanel(const QString &emptyText, QWidget *parent)
    : QWidget(parent), m_stack(new EmptyStateWidget(new QWidget, emptyText))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

QString InspectionPanel::emptyText() const
{
    return m_stack->emptyText();
}

bool InspectionPanel::isShowingEmptyState() const
{
    return !m_stack->isShowingContent();
}

void InspectionPanel::setContent(QWidget *content)
{
    QWidget *old = m_stack->widget(1);
    m_stack->removeWidget(old);
    delete old;
    m_stack->addWidget(content);
}

// ---------------------------------------------------------------------------------------------

SchemaPanel::SchemaPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Schema</b><br><br>The tables, columns, constraints and indexes of the database "
                         "at its current revision, as a tree.<br><br>Connect to a database (or start a scratch "
                         "server): the schema is captured after every step."), parent),
      m_model(new SchemaTreeModel(this)), m_view(makeTreeView()), m_caption(makeCaption()), m_filter(new QLineEdit)
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setRecursiveFilteringEnabled(true);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    m_view->setModel(proxy);
    m_view->header()->resizeSection(SchemaTreeModel::NameColumn, 340);
    m_view->header()->resizeSection(SchemaTreeModel::KindColumn, 170);
    m_filter->setPlaceholderText(tr("Filter by name, kind or definition (e.g. project_id, index, CHECK)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this, proxy](const QString &text) {
        proxy->setFilterFixedString(text);
        m_view->expandToDepth(text.isEmpty() ? 1 : 3);
    });
    setContent(stackedColumn({m_caption, m_filter}, m_view));
}

void SchemaPanel::follow(SessionController *session)
{
    connect(session, &SessionController::pointsChanged, this, [this, session] { showPoint(session->points().latest()); });
}

void SchemaPanel::showPoint(const TrackedPoint *point)
{
    if (!point) {
        m_model->setSnapshot({});
        stack()->showContent(false);
        return;
    }
    m_model->setSnapshot(point->point.schema);
    const Snapshot &s = point->point.schema;
    QString caption = tr("<b>Schema at revision %1</b> — captured %2 in %3. Tables and views: %4, sequences: %5, "
                         "functions: %6, types: %7.")
                          .arg(point->point.revision.label(), point->label.toHtmlEscaped(), durationText(point->point.captureMs))
                          .arg(s.tables.size()).arg(s.sequences.size()).arg(s.functions.size()).arg(s.types.size());
    if (s.tables.isEmpty())
        caption += tr(" The database has no tables yet: apply the baseline.");
    m_caption->setText(caption);
    m_view->expandToDepth(m_filter->text().isEmpty() ? 1 : 3);
    stack()->showContent(true);
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

ChecksPanel::ChecksPanel(QWidget *parent)
    : InspectionPanel(QString(), parent), m_model(new ChecksModel(this)), m_view(new QTableView),
      m_summary(makeCaption()), m_state(makeCaption())
{
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_filter = makeFilterField(this, m_proxy, QStringLiteral("checksFilter"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(ChecksModel::StatusColumn, 90);
    m_view->horizontalHeader()->resizeSection(ChecksModel::IdColumn, 150);
    m_view->horizontalHeader()->resizeSection(ChecksModel::TitleColumn, 460);
    m_view->setIconSize(QSize(16, 16));
    enableCopy(m_view);
    connect(m_view, &QTableView::doubleClicked, this, &ChecksPanel::showDetails);
    m_state->setForegroundRole(QPalette::PlaceholderText);
    auto *hint = new QLabel(tr("Double-click a check for its full detail and the objects involved."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setMargin(4);
    setContent(stackedColumn({m_summary, m_state, m_filter}, m_view));
    static_cast<QVBoxLayout *>(stack()->widget(1)->layout())->addWidget(hint);
    setState(QString());
}

void ChecksPanel::follow(SessionController *session)
{
    connect(session, &SessionController::sessionResultChanged, this,
            [this, session] { setOutcome(session->outcome(), session->outcomeFromRehearsal()); });
    connect(session, &SessionController::pointsChanged, this, [this, session] {
        // Once the round trip that the checks show is complete, the summary says it all.
        const SessionPoints &p = session->points();
        const bool justChecked = p.rolledBack >= 0 && p.rolledBack == p.points.size() - 1;
        setState(justChecked ? QString() : p.state);
    });
}

void ChecksPanel::setState(const QString &state)
{
    m_stateText = state;
    m_state->setText(state.toHtmlEscaped());
    m_state->setVisible(!state.isEmpty());
    stack()->setEmptyText(tr("<b>Checks</b><br><br>Every check of the round trip (columns, constraints and indexes "
                             "removed, tables restored, row counts preserved...) with its status, failing first."
                             "<br><br>%1<br><br>Or run the whole scenario at once: <b>Run rehearsal</b> (Ctrl+R).")
                              .arg(state.isEmpty() ? tr("Connect, apply the baseline, seed, step up and step down: the "
                                                        "checks run when the database is back at the baseline.")
                                                   : state.toHtmlEscaped()));
}

void ChecksPanel::setOutcome(const std::optional<RehearsalOutcome> &outcome, bool fromRehearsal)
{
    if (!outcome) {
        m_model->setChecks({});
        m_summary->clear();
        stack()->showContent(false);
        return;
    }
    const RehearsalResult &r = outcome->result;
    m_model->setChecks(r.checks);
    const int failed = r.count(CheckResult::Status::Fail), warned = r.count(CheckResult::Status::Warn),
              skipped = r.count(CheckResult::Status::Skip);
    const int total = int(r.checks.size());
    QString verdict = failed ? tr("%1 of %2 checks failed").arg(failed).arg(total) : tr("All %1 checks passed").arg(total);
    QStringList extra;
    if (warned)
        extra << tr("%n warning(s)", nullptr, warned);
    if (skipped)
        extra << tr("%n skipped", nullptr, skipped);
    if (!extra.isEmpty())
        verdict += QStringLiteral(" (%1)").arg(extra.join(QStringLiteral(", ")));
    const QColor color = failed ? colors::failColor() : colors::passColor();
    m_summary->setText(tr("<span style=\"font-size:large; color:%1\"><b>%2</b></span> — round trip %3 → %4 → %5, %6, "
                          "%7 of steps, captures and probes.")
                           .arg(color.name(), verdict, r.baselineRevision.label(), r.targetRevision.label(), r.finalRevision.label(),
                                fromRehearsal ? tr("from Run rehearsal") : tr("stepped interactively"), durationText(r.scenarioMs)));
    stack()->showContent(true);
}

QString ChecksPanel::summary() const
{
    return m_summary->text();
}

QDialog *ChecksPanel::detailsDialog(const CheckResult &check, QWidget *parent)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("checkDetails"));
    dialog->setWindowTitle(tr("Check %1").arg(check.id));
    auto *layout = new QVBoxLayout(dialog);
    auto *title = new QLabel(QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> &nbsp; <b>%3</b> — %4<br><small>%5</small>")
                                 .arg(ChecksModel::statusColor(check.status).name(), CheckResult::statusName(check.status).toUpper(),
                                      check.id.toHtmlEscaped(), check.title.toHtmlEscaped(),
                                      tr("declared in %1").arg(check.origin.toHtmlEscaped())));
    title->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(new QLabel(tr("Objects involved:")));
    auto *objects = new QListWidget;
    objects->setObjectName(QStringLiteral("objects"));
    objects->addItems(check.objects);
    if (check.objects.isEmpty())
        objects->addItem(tr("(none named)"));
    objects->setMaximumHeight(140);
    layout->addWidget(objects);
    layout->addWidget(new QLabel(tr("Detail:")));
    auto *detail = new QPlainTextEdit(check.detail);
    detail->setObjectName(QStringLiteral("detail"));
    detail->setReadOnly(true);
    detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(makeFindField(dialog, detail, QStringLiteral("detailFind")));
    layout->addWidget(detail, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(760, 460);
    return dialog;
}

void ChecksPanel::showDetails(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    QDialog *dialog = detailsDialog(m_model->checks().at(m_proxy->mapToSource(index).row()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

// ---------------------------------------------------------------------------------------------

DataPanel::DataPanel(QWidget *parent)
    : InspectionPanel(QString(), parent), m_model(new DataComparisonModel(this)), m_view(makeTreeView()), m_caption(makeCaption())
{
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->header()->resizeSection(DataComparisonModel::TableColumn, 280);
    for (int c : {DataComparisonModel::BeforeColumn, DataComparisonModel::AfterColumn})
        m_view->header()->resizeSection(c, 110);
    m_view->header()->resizeSection(DataComparisonModel::DeltaColumn, 70);
    m_view->header()->resizeSection(DataComparisonModel::MatchColumn, 120);
    setContent(stackedColumn({m_caption}, m_view));
    setPoints({});
}

void DataPanel::follow(SessionController *session)
{
    connect(session, &SessionController::pointsChanged, this, [this, session] { setPoints(session->points()); });
}

void DataPanel::setPoints(const SessionPoints &points)
{
    if (points.baseline < 0 || !points.latest()) {
        stack()->setEmptyText(tr("<b>Data</b><br><br>Rows per table at the baseline and at the latest capture, the "
                                 "difference, and whether each table's content fingerprint still matches; the rows "
                                 "that changed, by primary key.<br><br>Apply the baseline (and seed it): every later "
                                 "step is compared with it."));
        m_model->setComparisons({});
        stack()->showContent(false);
        return;
    }
    const TrackedPoint &base = points.points.at(points.baseline);
    const TrackedPoint &latest = *points.latest();
    m_model->setComparisons(compareCaptures(base.point.data, latest.point.data));
    int differing = 0;
    for (const TableComparison &t : m_model->comparisons())
        differing += t.matches() ? 0 : 1;
    m_caption->setText(tr("<b>Baseline</b> (%1) &nbsp;vs&nbsp; <b>latest</b> (%2)%3: %4 tables, %5 matching. "
                          "Tables absent at one side show —; expand a differing table for its changed rows.")
                           .arg(base.label.toHtmlEscaped(), latest.label.toHtmlEscaped(),
                                points.baseline == points.points.size() - 1 ? tr(" — the latest capture is the baseline") : QString())
                           .arg(m_model->comparisons().size()).arg(m_model->comparisons().size() - differing));
    bool rowDetail = false;
    for (const TableComparison &t : m_model->comparisons())
        rowDetail |= !t.changedRows.isEmpty();
    m_view->setRootIsDecorated(rowDetail);
    m_view->expandAll();
    stack()->showContent(true);
}

} // namespace revisor::ui
