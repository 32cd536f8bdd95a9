#pragma once

#include "rehearsal/sweep.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// What "Rehearse each step" found: one row per revision of the range with its verdict, the
/// failing checks (or what stopped its scenario) and the rollback's time.
class SweepModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RevisionColumn, FromColumn, VerdictColumn, FailingColumn, DownColumn, ColumnCount };

    explicit SweepModel(QObject *parent = nullptr);
    void setSweep(const SweepResult &sweep);
    const SweepResult &sweep() const { return m_sweep; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    SweepResult m_sweep;
};

} // namespace revisor::ui
