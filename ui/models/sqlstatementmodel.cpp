#include "ui/models/sqlstatementmodel.h"

#include <QFileInfo>

namespace revisor::ui {

SqlStatementModel::SqlStatementModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QString SqlStatementModel::addStep(Direction direction, const Revision &revision, bool pinned)
{
    const bool up = direction == Direction::Up;
    // A revision that is not SQL text (Alembic) shows the SQL rendered offline, or why none.
    if (const QString &unavailable = up ? revision.upSqlUnavailable : revision.downSqlUnavailable; !unavailable.isEmpty())
        return tr("%1 has no rendered SQL: %2").arg(revision.id, unavailable);
    auto statements = splitSection(revision, up);
    if (!statements)
        return statements.error().toString();
    const int count = int(statements->size());
    for (int i = 0; i < count; ++i)
        m_rows << Row{direction, revision.id, revision.message, i, count, revision.sectionFile(up), statements->at(i), pinned};
    return {};
}

void SqlStatementModel::update(const MigrationSet *set, const std::optional<RevisionRef> &current)
{
    beginResetModel();
    m_rows.clear();
    m_upProblem.clear();
    m_downProblem.clear();
    m_nextUp.clear();
    m_nextDown.clear();
    // The revision at height h is chain[h - 1]: the next up is chain[h], the next down chain[h - 1].
    const auto height = set && current ? set->height(*current) : std::nullopt;
    if (height) {
        const QList<Revision> &chain = set->revisions();
        if (*height < chain.size()) {
            m_nextUp = chain.at(*height).id;
            m_upProblem = addStep(Direction::Up, chain.at(*height));
        }
        if (*height > 0) {
            m_nextDown = chain.at(*height - 1).id;
            m_downProblem = addStep(Direction::Down, chain.at(*height - 1));
        }
    }
    if (m_pinned && set) {
        const auto &[revision, direction] = *m_pinned;
        const bool next = (direction == Direction::Up && revision == m_nextUp) || (direction == Direction::Down && revision == m_nextDown);
        if (const Revision *r = set->find(RevisionRef(revision)); r && !next)
            addStep(direction, *r, true);
    }
    endResetModel();
}

void SqlStatementModel::setPinnedSection(const QString &revision, Direction direction)
{
    m_pinned = std::pair{revision, direction};
}

int SqlStatementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SqlStatementModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SqlStatementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const bool up = r.direction == Direction::Up;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            if (r.pinned)
                return up ? tr("%1 up section").arg(r.revision) : tr("%1 down section").arg(r.revision);
            return up ? tr("up to %1").arg(r.revision) : tr("down from %1").arg(r.revision);
        case NumberColumn: return QStringLiteral("%1/%2").arg(r.index + 1).arg(r.count);
        case LocationColumn: return QStringLiteral("%1:%2").arg(QFileInfo(r.file).fileName()).arg(r.statement.line);
        case StatementColumn: return r.statement.sql.simplified().left(200);
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("%1:%2\n\n%3").arg(r.file).arg(r.statement.line).arg(r.statement.sql);
    case Qt::UserRole:
        return int(r.direction);
    }
    return {};
}

QVariant SqlStatementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StepColumn: return tr("Step");
    case NumberColumn: return tr("#");
    case LocationColumn: return tr("File:line");
    case StatementColumn: return tr("Statement");
    }
    return {};
}

} // namespace revisor::ui
