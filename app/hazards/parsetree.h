#pragma once

#include "core/error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace revisor::parsetree {

/// libpg_query's JSON parse tree of `sql`: the list of {"stmt": {...}} objects.
Result<QJsonArray> parse(const QString &sql);

/// A node {"Kind": {...}}: its kind and its fields.
QString kindOf(const QJsonValue &node);
QJsonObject fieldsOf(const QJsonValue &node);
/// The fields of `node` when it is of `kind`, else an empty object.
QJsonObject as(const QJsonValue &node, const char *kind);

/// The sval of each {"String": {"sval": ...}} in a list (qualified names, type names).
QStringList strings(const QJsonArray &list);

/// A RangeVar's schema and name.
struct Relation
{
    QString schema;
    QString name;
    /// "name" or "schema.name", as written.
    QString display() const { return schema.isEmpty() ? name : schema + QLatin1Char('.') + name; }
};
Relation relation(const QJsonObject &rangeVar);
/// A qualified name given as a list of strings (DROP TABLE's objects).
Relation relationFromNames(const QStringList &names);

/// Every FuncCall name (last part, lower case) anywhere under `node`.
QStringList functionNames(const QJsonValue &node);

} // namespace revisor::parsetree
