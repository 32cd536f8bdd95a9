#pragma once

#include "migrations/migrationset.h"
#include "migrations/sqlsplitter.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// The statements the next step up and the next step down would run from the current
/// revision, split as the runner splits them (splitSql), each with its file and line.
class SqlStatementModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Direction { Up, Down };
    struct Row
    {
        Direction direction = Direction::Up;
        QString revision;
        QString message;
        int index = 0;        ///< 0-based in its step
        int count = 0;        ///< statements in its step
        QString file;
        SqlStatement statement;
    };
    enum Column { StepColumn, NumberColumn, LocationColumn, StatementColumn, ColumnCount };

    explicit SqlStatementModel(QObject *parent = nullptr);

    /// Recomputes from `set` and the current revision ("" = base); a null set or an unknown
    /// revision empties the model.
    /// The next steps up and down from `current` (none while it is unknown).
    void update(const MigrationSet *set, const std::optional<RevisionRef> &current);

    const QList<Row> &rows() const { return m_rows; }
    /// Why a step has no rows although it exists (e.g. its SQL does not split); "" if none.
    QString upProblem() const { return m_upProblem; }
    QString downProblem() const { return m_downProblem; }
    /// Ids of the revisions the next steps apply/revert; "" when there is none (head/base).
    QString nextUp() const { return m_nextUp; }
    QString nextDown() const { return m_nextDown; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString addStep(Direction direction, const Revision &revision);
    QList<Row> m_rows;
    QString m_upProblem, m_downProblem, m_nextUp, m_nextDown;
};

} // namespace revisor::ui
