#pragma once

#include "runner/stepresult.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// The relation locks each step's transaction held just before it committed, grouped by step:
/// one row per (step, relation) with every mode it held, strongest first. Rows with an
/// AccessExclusiveLock are highlighted: it blocks every reader.
class LockModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Row
    {
        QString step;       ///< "upgrade 002", "downgrade 002"
        LockInfo lock;      ///< the relation, its kind and its strongest mode
        QStringList modes;  ///< every mode held on the relation, strongest first
    };
    enum Column { StepColumn, RelationColumn, KindColumn, ModeColumn, HeldColumn, ColumnCount };
    enum Role { ExclusiveRole = Qt::UserRole + 1 };

    explicit LockModel(QObject *parent = nullptr);

    /// Appends the locks of a step (a step without locks adds nothing).
    void addStep(const StepResult &step);
    void clear();
    /// The steps of the checked round trip (stepLabel()s): their rows come first, the steps
    /// that led to the baseline (and seeds) after them, each group in the order it ran.
    void setRoundTripSteps(const QStringList &labels);
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
    QStringList m_roundTrip;
};

} // namespace revisor::ui
