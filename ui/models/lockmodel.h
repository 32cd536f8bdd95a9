#pragma once

#include "runner/stepresult.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// The relation locks each step's transaction held just before it committed, one row per
/// (step, relation, mode). AccessExclusiveLock rows are highlighted: they block every reader.
class LockModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Row
    {
        QString step;       ///< "upgrade 002", "downgrade 002"
        LockInfo lock;
    };
    enum Column { StepColumn, RelationColumn, KindColumn, ModeColumn, ColumnCount };
    enum Role { ExclusiveRole = Qt::UserRole + 1 };

    explicit LockModel(QObject *parent = nullptr);

    /// Appends the locks of a step (a step without locks adds nothing).
    void addStep(const StepResult &step);
    void clear();
    const QList<Row> &rows() const { return m_rows; }
    int exclusiveCount() const;

    static bool isExclusive(const LockInfo &lock) { return lock.mode == QLatin1String("AccessExclusiveLock"); }
    static QString stepLabel(const StepResult &step);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace revisor::ui
