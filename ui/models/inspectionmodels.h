#pragma once

#include "checks/checkresult.h"
#include "data/datacompare.h"
#include "rehearsal/diffcauses.h"
#include "ui/models/nodetreemodel.h"
#include "schema/snapshot.h"
#include "schema/snapshotdiff.h"

#include <QAbstractTableModel>

namespace revisor::ui {

/// A schema snapshot as a tree: schema > group (tables, views, sequences, functions, types)
/// > object > columns, constraints, indexes, triggers, policies. Keys are qualified names
/// ("public.repositories", "public.repositories.project_id").
class SchemaTreeModel : public NodeTreeModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, DefinitionColumn };
    explicit SchemaTreeModel(QObject *parent = nullptr);
    void setSnapshot(const Snapshot &snapshot);
    const Snapshot &snapshot() const { return m_snapshot; }

private:
    Snapshot m_snapshot;
};

/// A schema diff grouped by object kind ("table (9)", "column (2)"...), each entry coloured
/// by change, with attribute, before, after and the statements that caused it ("created by
/// 002 up at versions/002_x.sql:241"). Entry keys are "kind:name:attribute".
class DiffTreeModel : public NodeTreeModel
{
    Q_OBJECT
public:
    enum Column { ObjectColumn, ChangeColumn, AttributeColumn, BeforeColumn, AfterColumn, CauseColumn };
    explicit DiffTreeModel(QObject *parent = nullptr);
    /// `causes`: one list per entry of `diff` (findDiffCauses), or empty when unknown.
    void setDiff(const SchemaDiff &diff, const QList<QList<DiffCause>> &causes = {});
    const SchemaDiff &diff() const { return m_diff; }
    /// The statements that caused the entry at `index` (any column); empty for a group.
    QList<DiffCause> causesAt(const QModelIndex &index) const;
    static QString keyOf(const DiffEntry &entry);

private:
    SchemaDiff m_diff;
    QHash<QString, QList<DiffCause>> m_causes;   ///< by entry key
};

/// Row counts and fingerprints per table between two captures; a table whose data differs has
/// its changed rows (by primary key) as children. Table keys are qualified names.
class DataComparisonModel : public NodeTreeModel
{
    Q_OBJECT
public:
    enum Column { TableColumn, BeforeColumn, AfterColumn, DeltaColumn, MatchColumn, DetailColumn };
    explicit DataComparisonModel(QObject *parent = nullptr);
    void setComparisons(const QList<TableComparison> &tables);
    const QList<TableComparison> &comparisons() const { return m_tables; }
    /// "match", "differs", "added", "removed", "not comparable"
    static QString matchText(const TableComparison &t);

private:
    QList<TableComparison> m_tables;
};

/// Every check with its status icon, id, title and the first line of its detail; failing first.
class ChecksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StatusColumn, IdColumn, TitleColumn, DetailColumn, ColumnCount };
    explicit ChecksModel(QObject *parent = nullptr);

    void setChecks(QList<CheckResult> checks);
    const QList<CheckResult> &checks() const { return m_checks; }
    const CheckResult *check(const QString &id) const;
    int rowOf(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// A filled circle in the status colour (no external assets).
    static QIcon statusIcon(CheckResult::Status status);
    static QColor statusColor(CheckResult::Status status);

private:
    QList<CheckResult> m_checks;
};

} // namespace revisor::ui
