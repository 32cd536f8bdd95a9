#pragma once

#include <QList>
#include <QString>

namespace revisor {

/// A table by schema and name. Where tables are matched, an empty schema matches the name in
/// any schema.
struct TableName
{
    QString schema;
    QString name;
    friend bool operator==(const TableName &, const TableName &) = default;
};

/// The tables as the JSON array [{"schema": ..., "name": ...}] that catalog queries take as one
/// bound parameter (so a list of any length is one value, never SQL text).
QString tableNamesJson(const QList<TableName> &tables);

} // namespace revisor
