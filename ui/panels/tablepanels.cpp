#include "ui/panels/tablepanels.h"

#include "ui/widgets/emptystate.h"
#include "ui/widgets/findfield.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/widgets/tablecopy.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace revisor::ui {

QTableView *makeTableView(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    enableCopy(view);
    return view;
}

QLineEdit *makeFilterField(QWidget *panel, QSortFilterProxyModel *proxy, const QString &objectName)
{
    auto *field = new QLineEdit;
    field->setObjectName(objectName);
    field->setPlaceholderText(QObject::tr("Filter (Ctrl+F)"));
    field->setClearButtonEnabled(true);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    QObject::connect(field, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    bindFindKey(panel, field);
    return field;
}

LogPanel::LogPanel(LogModel *model, QWidget *parent)
    : QWidget(parent), m_view(makeTableView())
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    m_filter = makeFilterField(this, proxy, QStringLiteral("logFilter"));
    m_view->setModel(proxy);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(LogModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(LogModel::KindColumn, QHeaderView::ResizeToContents);
    header->resizeSection(LogModel::LocationColumn, 260);
    header->resizeSection(LogModel::DurationColumn, 70);
    auto *stack = new EmptyStateWidget(m_view, tr("Every statement Revisor runs appears here with its duration, "
                                                  "the server's notices and any error, with its file and line.<br><br>"
                                                  "Apply a baseline, seed or step to fill it."));
    stack->trackModel(model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(stack);
    // Follow the log as it grows, like a terminal.
    connect(model, &LogModel::rowsInserted, m_view, [this] { m_view->scrollToBottom(); });
}

LocksPanel::LocksPanel(LockModel *model, QWidget *parent)
    : QWidget(parent), m_view(makeTableView())
{
    // TOAST tables and their indexes follow their table's lock: noise unless asked for.
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setFilterKeyColumn(LockModel::RelationColumn);
    auto *showToast = new QCheckBox(tr("Show TOAST relations"));
    auto applyFilter = [proxy, showToast] {
        proxy->setFilterRegularExpression(showToast->isChecked() ? QString() : QStringLiteral("^(?!pg_toast\\.)"));
    };
    connect(showToast, &QCheckBox::toggled, this, applyFilter);
    applyFilter();
    auto *text = new QSortFilterProxyModel(this);
    text->setSourceModel(proxy);
    m_filter = makeFilterField(this, text, QStringLiteral("locksFilter"));
    m_view->setModel(text);
    m_view->setAlternatingRowColors(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(LockModel::StepColumn, 160);
    header->resizeSection(LockModel::RelationColumn, 320);
    header->resizeSection(LockModel::KindColumn, 110);
    auto *legend = new QLabel(tr("Locks each step's transaction held just before it committed, one row per relation with its modes. "
                                 "Highlighted rows are <b>AccessExclusiveLock</b>: readers and writers of "
                                 "that relation wait until the step ends."));
    legend->setWordWrap(true);
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(legend);
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_filter, 1);
    tools->addWidget(showToast);
    contentLayout->addLayout(tools);
    contentLayout->addWidget(m_view);
    auto *stack = new EmptyStateWidget(content, tr("Step up or down to see the locks each step held, by relation "
                                                   "and mode.<br><br>Steps that run outside a transaction "
                                                   "(transactional: false) record no locks."));
    stack->trackModel(model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack);
}

} // namespace revisor::ui
