#pragma once

#include "migrations/migrationset.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// The revision chain as a table, base first: a "base" row (nothing applied), then one row per
/// revision with its id, message and whether the database has it applied; the current
/// revision is marked. The current revision is unknown until setCurrentRevision().
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RevisionColumn, StateColumn, MessageColumn, ColumnCount };
    enum Role { RevisionIdRole = Qt::UserRole + 1, AppliedRole, CurrentRole };

    explicit TimelineModel(QObject *parent = nullptr);

    void setMigrationSet(const MigrationSet *set);
    void setCurrentRevision(const RevisionRef &revision);
    void clearCurrentRevision();
    /// Marks the revision whose step failed (state "failed", error as tooltip); an empty id
    /// clears the mark.
    void setFailedRevision(const QString &id, const QString &error = {});
    QString failedRevision() const { return m_failedId; }

    /// The row of a revision (0 for base); -1 when the set does not have it.
    int rowOf(const RevisionRef &revision) const;
    /// The revision of a row (base for the first).
    RevisionRef revisionAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    MigrationSet m_set;
    bool m_known = false;
    int m_currentRow = -1;
    QString m_failedId;
    QString m_failedError;
};

} // namespace revisor::ui
