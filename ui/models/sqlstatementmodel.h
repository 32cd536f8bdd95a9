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
        bool pinned = false;  ///< from the pinned section, not one of the next steps
    };
    enum Column { StepColumn, NumberColumn, LocationColumn, StatementColumn, ColumnCount };

    explicit SqlStatementModel(QObject *parent = nullptr);

    /// Recomputes from `set` and the current revision ("" = base); a null set or an unknown
    /// revision empties the model.
    /// The next steps up and down from `current` (none while it is unknown).
    void update(const MigrationSet *set, const std::optional<RevisionRef> &current);
    /// A section to show after the next steps (a statement the Diff tab points at), from the
    /// next update() on; nothing when it is one of the next steps anyway.
    void setPinnedSection(const QString &revision, Direction direction);
    void clearPinnedSection() { m_pinned.reset(); }

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
    QString addStep(Direction direction, const Revision &revision, bool pinned = false);
    QList<Row> m_rows;
    std::optional<std::pair<QString, Direction>> m_pinned;
    QString m_upProblem, m_downProblem, m_nextUp, m_nextDown;
};

} // namespace revisor::ui
