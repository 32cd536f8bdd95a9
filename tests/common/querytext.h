#pragma once

#include "db/session.h"

#include <QString>
#include <QStringList>

namespace revisor::test {

/// The rows `sql` returns as text to compare: values joined by '|', rows by '\n'; the error's
/// message when it fails (so a comparison shows it).
inline QString rowsText(Session &session, const QString &sql)
{
    auto rows = session.exec(sql);
    if (!rows)
        return rows.error().message;
    QStringList lines;
    for (const QStringList &row : rows->rows)
        lines << row.join(u'|');
    return lines.join(u'\n');
}

} // namespace revisor::test
