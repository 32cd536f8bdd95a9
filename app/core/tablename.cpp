#include "tablename.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace revisor {

QString tableNamesJson(const QList<TableName> &tables)
{
    QJsonArray array;
    for (const TableName &t : tables)
        array.append(QJsonObject{{QStringLiteral("schema"), t.schema}, {QStringLiteral("name"), t.name}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace revisor
