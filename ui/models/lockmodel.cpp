#include "ui/models/lockmodel.h"

#include "ui/widgets/uicolors.h"

#include <QFont>

namespace revisor::ui {

LockModel::LockModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString LockModel::stepLabel(const StepResult &step)
{
    switch (step.kind) {
    case StepResult::Kind::Upgrade: return tr("upgrade %1").arg(step.revision);
    case StepResult::Kind::Downgrade: return tr("downgrade %1").arg(step.revision);
    case StepResult::Kind::Seed: return tr("seed %1").arg(step.revision);
    }
    return step.revision;
}

void LockModel::addStep(const StepResult &step)
{
    if (step.locks.isEmpty())
        return;
    const QString label = stepLabel(step);
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + step.locks.size() - 1));
    for (const LockInfo &lock : step.locks)
        m_rows << Row{label, lock};
    endInsertRows();
}

void LockModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int LockModel::exclusiveCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return isExclusive(r.lock); }));
}

int LockModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LockModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LockModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const bool exclusive = isExclusive(r.lock);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn: return r.step;
        case RelationColumn: return r.lock.relation;
        case KindColumn: return r.lock.kind;
        case ModeColumn: return r.lock.mode;
        }
        return {};
    case Qt::ToolTipRole:
        return exclusive ? tr("AccessExclusiveLock blocks every reader and writer of %1 until the step commits").arg(r.lock.relation)
                         : QVariant();
    case Qt::BackgroundRole:
        return exclusive ? QVariant(colors::warningBackground()) : QVariant();
    case Qt::FontRole:
        if (exclusive && index.column() == ModeColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case ExclusiveRole:
        return exclusive;
    }
    return {};
}

QVariant LockModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StepColumn: return tr("Step");
    case RelationColumn: return tr("Relation");
    case KindColumn: return tr("Kind");
    case ModeColumn: return tr("Lock mode");
    }
    return {};
}

} // namespace revisor::ui
