#pragma once

#include "schema/snapshot.h"

#include <QList>
#include <QMap>
#include <QString>

namespace revisor {

/// An index as the hazard analysis needs it: its access method and key columns.
struct IndexFacts
{
    QString name;
    QString method;          ///< btree, hash, gin, gist, hnsw, ivfflat, ...
    QStringList columns;     ///< key columns named plainly (expressions are left out)
    /// HNSW, IVFFlat, GIN and GiST: inserting a row version costs far more than a B-tree's.
    bool expensive() const;
    /// "name (hnsw)"
    QString label() const { return QStringLiteral("%1 (%2)").arg(name, method); }
};

/// A table as the hazard analysis needs it.
struct TableFacts
{
    QString schema;          ///< empty when the SQL that created it did not say
    QString name;
    qint64 rows = -1;        ///< from a capture; -1 when unknown
    bool createdInStep = false;  ///< created by an earlier statement of the step being analysed
    QMap<QString, QString> columnTypes;  ///< column -> type as written or as format_type() gives it
    QList<IndexFacts> indexes;
    QList<IndexFacts> expensiveIndexes() const;
};

/// The tables and indexes a step's statements meet: from a capture before the step (with row
/// counts), or replayed from the set's own SQL when there is no database (lint). Statements
/// change the model as they are analysed, so that an index created earlier in a step is seen
/// by a later UPDATE, and a table created in the step is known to be new and empty.
class SchemaModel
{
public:
    /// The tables and indexes of a captured schema; rows are added with setRows().
    static SchemaModel fromSnapshot(const Snapshot &snapshot);
    void setRows(const QString &schema, const QString &name, qint64 rows);
    /// Whether row counts came from a capture (ranking by size is possible).
    bool hasRowCounts() const { return m_hasRows; }

    /// The table a statement names: `schema` may be empty (then public first, then any schema).
    TableFacts *table(const QString &schema, const QString &name);
    const TableFacts *table(const QString &schema, const QString &name) const;
    /// The table of an index named in a statement, or nullptr.
    const TableFacts *tableOfIndex(const QString &schema, const QString &indexName) const;

    TableFacts &addTable(const QString &schema, const QString &name);
    void dropTable(const QString &schema, const QString &name);
    void dropIndex(const QString &schema, const QString &indexName);
    /// A new step begins: nothing is "created in step" any more.
    void startStep();

private:
    QList<TableFacts> m_tables;
    bool m_hasRows = false;
};

} // namespace revisor
