#pragma once

#include "core/error.h"
#include "data/tabledata.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace revisor {

/// One row that differs between two states, named by its primary key.
struct RowChange
{
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString key;          ///< "id=4", "repo_id=1, path='a.py'"
    QStringList columns;  ///< the columns whose values changed (Changed only)

    static QString kindName(Kind kind);  ///< "added", "removed", "changed"
    friend bool operator==(const RowChange &, const RowChange &) = default;
};

/// The data of one table at two points (before, after).
struct TableComparison
{
    static constexpr int MaxNamedRows = 10;

    QString table;                  ///< "schema.name"
    qint64 rowsBefore = -1;         ///< -1: the table is absent at that point
    qint64 rowsAfter = -1;
    QString fingerprintBefore;      ///< over comparedColumns (all columns when absent on the other side)
    QString fingerprintAfter;
    QStringList comparedColumns;    ///< the columns both states have, in the earlier state's order
    QStringList columnsOnlyBefore;  ///< ignored here; the schema diff reports them
    QStringList columnsOnlyAfter;
    /// False when the fingerprints cannot be compared over the common columns (a table above
    /// the row-detail limit whose columns changed, or captures made with different methods);
    /// note says why. Counts still compare.
    bool comparable = true;
    QString note;
    QList<RowChange> changedRows;   ///< at most MaxNamedRows, in key order (needs a primary key)
    /// Rows added + removed + changed. Without a primary key (or with different keys) the rows
    /// of one state not matched in the other, counted on both sides. -1: unknown or n/a.
    qint64 changedRowCount = 0;

    bool presentBefore() const { return rowsBefore >= 0; }
    bool presentAfter() const { return rowsAfter >= 0; }
    /// Present at both points, same row count, same fingerprint over the common columns.
    bool matches() const;
    /// One line for logs and check details: "public.t: 4 -> 4 rows, fingerprint a -> b; changed id=2 (name)".
    QString describe() const;

    QJsonObject toJson() const;
    static Result<TableComparison> fromJson(const QJsonObject &json);
    friend bool operator==(const TableComparison &, const TableComparison &) = default;
};

/// Compares one table's data at two points; either may be nullptr (table absent then).
TableComparison compareTable(const TableData *before, const TableData *after);

/// Every table in either capture, sorted by qualified name.
QList<TableComparison> compareCaptures(const DataCapture &before, const DataCapture &after);

} // namespace revisor
