#include "ui/models/timelinemodel.h"

#include "ui/widgets/uicolors.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace revisor::ui {

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TimelineModel::setMigrationSet(const MigrationSet *set)
{
    beginResetModel();
    m_set = set ? *set : MigrationSet();
    m_known = false;
    m_currentRow = -1;
    endResetModel();
}

void TimelineModel::setCurrentRevision(const RevisionRef &revision)
{
    m_known = true;
    m_currentRow = rowOf(revision);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void TimelineModel::clearCurrentRevision()
{
    m_known = false;
    m_currentRow = -1;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TimelineModel::rowOf(const RevisionRef &revision) const
{
    const auto height = m_set.height(revision);
    return height ? int(*height) : -1;
}

void TimelineModel::setFailedRevision(const QString &id, const QString &error)
{
    m_failedId = id;
    m_failedError = error;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

RevisionRef TimelineModel::revisionAt(int row) const
{
    return m_set.at(row);
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_set.revisions().isEmpty() ? 0 : int(m_set.revisions().size()) + 1;
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const bool isBase = row == 0;
    const Revision *rev = isBase ? nullptr : &m_set.revisions().at(row - 1);
    const bool current = m_known && row == m_currentRow;
    // Applied: at or below the current revision (the base row stands for "nothing applied").
    const bool applied = m_known && m_currentRow >= 0 && row > 0 && row <= m_currentRow;
    const bool failed = rev && !m_failedId.isEmpty() && rev->id == m_failedId;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RevisionColumn:
            return revisionAt(row).label();
        case StateColumn:
            if (!m_known)
                return QString();
            if (failed)
                return current ? tr("current, step down failed") : tr("failed");
            if (current)
                return isBase ? tr("current (empty)") : tr("current");
            return applied ? tr("applied") : (isBase ? QString() : tr("pending"));
        case MessageColumn:
            if (isBase)
                return tr("nothing applied");
            return rev->message + (rev->irreversible ? tr(" [irreversible]") : QString())
                + (rev->transactional ? QString() : tr(" [non-transactional]"));
        }
        return {};
    case Qt::ToolTipRole:
        if (failed)
            return m_failedError;
        return isBase ? tr("An empty database: no revision applied") : rev->file;
    case Qt::FontRole:
        if (current) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        if (failed)
            return colors::errorBackground();
        return {};
    case Qt::ForegroundRole:
        if (failed)
            return colors::errorText();
        if (m_known && !applied && !current)
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::DecorationRole:
        if (index.column() == RevisionColumn && current)
            return QApplication::palette().color(QPalette::Highlight);
        return {};
    case RevisionIdRole:
        return isBase ? QString() : rev->id;
    case AppliedRole:
        return applied;
    case CurrentRole:
        return current;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RevisionColumn: return tr("Revision");
    case StateColumn: return tr("State");
    case MessageColumn: return tr("Message");
    }
    return {};
}

} // namespace revisor::ui
