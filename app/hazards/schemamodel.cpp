#include "schemamodel.h"

#include "hazards/parsetree.h"

namespace revisor {

bool IndexFacts::expensive() const
{
    static const QStringList kExpensive{QStringLiteral("hnsw"), QStringLiteral("ivfflat"), QStringLiteral("gin"),
                                        QStringLiteral("gist")};
    return kExpensive.contains(method);
}

QList<IndexFacts> TableFacts::expensiveIndexes() const
{
    QList<IndexFacts> out;
    for (const IndexFacts &i : indexes) {
        if (i.expensive())
            out << i;
    }
    return out;
}

SchemaModel SchemaModel::fromSnapshot(const Snapshot &snapshot)
{
    SchemaModel model;
    for (const Table &t : snapshot.tables) {
        if (t.kind != QLatin1String("table") && t.kind != QLatin1String("partitioned table")
            && t.kind != QLatin1String("materialized view"))
            continue;
        TableFacts &facts = model.addTable(t.schema, t.name);
        facts.createdInStep = false;
        for (const Column &c : t.columns)
            facts.columnTypes.insert(c.name, c.type);
        for (const Index &i : t.indexes) {
            // The method and key columns come from the server's own CREATE INDEX text, read by
            // the same parser as the migrations.
            IndexFacts index{i.name, QStringLiteral("btree"), {}};
            if (auto tree = parsetree::parse(i.definition); tree && !tree->isEmpty()) {
                const QJsonObject stmt = parsetree::as(tree->first().toObject().value(QStringLiteral("stmt")), "IndexStmt");
                index.method = stmt.value(QStringLiteral("accessMethod")).toString(index.method);
                for (const QJsonValue &p : stmt.value(QStringLiteral("indexParams")).toArray()) {
                    const QString column = parsetree::as(p, "IndexElem").value(QStringLiteral("name")).toString();
                    if (!column.isEmpty())
                        index.columns << column;
                }
            }
            facts.indexes << index;
        }
    }
    return model;
}

void SchemaModel::setRows(const QString &schema, const QString &name, qint64 rows)
{
    if (TableFacts *t = table(schema, name)) {
        t->rows = rows;
        m_hasRows = true;
    }
}

TableFacts *SchemaModel::table(const QString &schema, const QString &name)
{
    return const_cast<TableFacts *>(std::as_const(*this).table(schema, name));
}

const TableFacts *SchemaModel::table(const QString &schema, const QString &name) const
{
    // An unqualified name resolves as the default search_path would: public first, then a
    // table of that name in any schema (the model knows no search_path of its own).
    const TableFacts *any = nullptr;
    for (const TableFacts &t : m_tables) {
        if (t.name != name)
            continue;
        if (!schema.isEmpty()) {
            if (t.schema == schema || (t.schema.isEmpty() && schema == QLatin1String("public")))
                return &t;
            continue;
        }
        if (t.schema.isEmpty() || t.schema == QLatin1String("public"))
            return &t;
        if (!any)
            any = &t;
    }
    return any;
}

const TableFacts *SchemaModel::tableOfIndex(const QString &schema, const QString &indexName) const
{
    for (const TableFacts &t : m_tables) {
        if (!schema.isEmpty() && !t.schema.isEmpty() && t.schema != schema)
            continue;
        for (const IndexFacts &i : t.indexes) {
            if (i.name == indexName)
                return &t;
        }
    }
    return nullptr;
}

TableFacts &SchemaModel::addTable(const QString &schema, const QString &name)
{
    dropTable(schema, name);
    TableFacts t;
    t.schema = schema;
    t.name = name;
    t.createdInStep = true;
    m_tables << t;
    return m_tables.last();
}

void SchemaModel::dropTable(const QString &schema, const QString &name)
{
    if (const TableFacts *t = table(schema, name))
        m_tables.removeAt(t - m_tables.constData());
}

void SchemaModel::dropIndex(const QString &schema, const QString &indexName)
{
    for (TableFacts &t : m_tables) {
        if (!schema.isEmpty() && !t.schema.isEmpty() && t.schema != schema)
            continue;
        t.indexes.removeIf([&](const IndexFacts &i) { return i.name == indexName; });
    }
}

void SchemaModel::startStep()
{
    for (TableFacts &t : m_tables)
        t.createdInStep = false;
}

} // namespace revisor
