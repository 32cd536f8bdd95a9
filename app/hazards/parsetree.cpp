#include "parsetree.h"

#include <QJsonDocument>

#include <pg_query.h>

namespace revisor::parsetree {

Result<QJsonArray> parse(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryParseResult result = pg_query_parse(utf8.constData());
    if (result.error) {
        Error e = Error::input(QString(), 0, QStringLiteral("cannot parse: %1").arg(QString::fromUtf8(result.error->message)));
        pg_query_free_parse_result(result);
        return fail(e);
    }
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(result.parse_tree));
    pg_query_free_parse_result(result);
    return doc.object().value(QStringLiteral("stmts")).toArray();
}

QString kindOf(const QJsonValue &node)
{
    const QJsonObject o = node.toObject();
    return o.isEmpty() ? QString() : o.constBegin().key();
}

QJsonObject fieldsOf(const QJsonValue &node)
{
    const QJsonObject o = node.toObject();
    return o.isEmpty() ? QJsonObject() : o.constBegin().value().toObject();
}

QJsonObject as(const QJsonValue &node, const char *kind)
{
    return node.toObject().value(QLatin1String(kind)).toObject();
}

QStringList strings(const QJsonArray &list)
{
    QStringList out;
    for (const QJsonValue &v : list)
        out << as(v, "String").value(QStringLiteral("sval")).toString();
    return out;
}

Relation relation(const QJsonObject &rangeVar)
{
    return {rangeVar.value(QStringLiteral("schemaname")).toString(), rangeVar.value(QStringLiteral("relname")).toString()};
}

Relation relationFromNames(const QStringList &names)
{
    if (names.isEmpty())
        return {};
    // catalog.schema.name: the catalog (database) is not part of the relation's identity here.
    return {names.size() >= 2 ? names.at(names.size() - 2) : QString(), names.constLast()};
}

namespace {

void collectFunctions(const QJsonValue &node, QStringList &out)
{
    if (node.isArray()) {
        for (const QJsonValue &v : node.toArray())
            collectFunctions(v, out);
        return;
    }
    if (!node.isObject())
        return;
    const QJsonObject o = node.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key() == QLatin1String("FuncCall")) {
            const QStringList names = strings(it.value().toObject().value(QStringLiteral("funcname")).toArray());
            if (!names.isEmpty())
                out << names.constLast().toLower();
        }
        collectFunctions(it.value(), out);
    }
}

} // namespace

QStringList functionNames(const QJsonValue &node)
{
    QStringList out;
    collectFunctions(node, out);
    return out;
}

} // namespace revisor::parsetree
