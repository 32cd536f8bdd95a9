#include "ui/models/lockmodel.h"

#include "report/reportheader.h"
#include "ui/widgets/uicolors.h"

#include <QFont>

#include <algorithm>

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
    QList<Row> grouped;
    for (const LockInfo &lock : step.locks) {
        auto it = std::find_if(grouped.begin(), grouped.end(), [&lock](const Row &r) { return r.lock.relation == lock.relation; });
        if (it == grouped.end()) {
            grouped << Row{label, lock, {lock.mode}};
            continue;
        }
        if (!it->modes.contains(lock.mode))
            it->modes << lock.mode;
        std::sort(it->modes.begin(), it->modes.end(), [](const QString &a, const QString &b) { return lockModeRank(a) < lockModeRank(b); });
        it->lock.mode = it->modes.first();
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + grouped.size() - 1));
    m_rows << grouped;
    endInsertRows();
}

void LockModel::setRoundTripSteps(const QStringList &labels)
{
    beginResetModel();
    m_roundTrip = labels;
    std::stable_partition(m_rows.begin(), m_rows.end(), [&labels](const Row &r) { return labels.contains(r.step); });
    endResetModel();
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
        case ModeColumn: return r.modes.join(QStringLiteral(", "));
        case HeldColumn:
            // A lock read at COMMIT has no duration; a sampled one is known to the interval.
            return r.lock.samplingIntervalMs > 0 ? tr("~%1 (sampled every %2)").arg(durationText(r.lock.heldMs), durationText(r.lock.samplingIntervalMs))
                                                 : tr("at COMMIT");
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StepColumn && m_roundTrip.contains(r.step))
            return tr("A step of the checked round trip");
        if (index.column() == HeldColumn && r.lock.samplingIntervalMs > 0)
            return tr("Seen in pg_locks from the first sample to the last, plus one interval; a lock held for less than %1 ms can be missed")
                .arg(r.lock.samplingIntervalMs);
        return exclusive ? tr("AccessExclusiveLock blocks every reader and writer of %1 until the step commits").arg(r.lock.relation)
                         : QVariant();
    case Qt::BackgroundRole:
        return exclusive ? QVariant(colors::warningBackground()) : QVariant();
    case Qt::FontRole:
        if ((exclusive && index.column() == ModeColumn) || (index.column() == StepColumn && m_roundTrip.contains(r.step))) {
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
    case ModeColumn: return tr("Lock modes");
    case HeldColumn: return tr("Held");
    }
    return {};
}

} // namespace revisor::ui
