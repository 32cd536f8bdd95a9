#pragma once

#include "core/error.h"

#include <QList>
#include <QString>

namespace revisor {

/// One statement of a script, with where it starts in its file.
struct SqlStatement
{
    QString sql;        ///< the statement without leading comments, without the final ';'
    int line = 0;       ///< 1-based line in the file of its first token
    QString keyword;    ///< first keyword, upper case (CREATE, ALTER, DO, ...)

    friend bool operator==(const SqlStatement &, const SqlStatement &) = default;
};

/// Splits a script into statements with PostgreSQL's own scanner (libpg_query), which knows
/// dollar quotes, comments and BEGIN ATOMIC bodies. `firstLine` is the file line of the
/// script's first character. Rejects what cannot run statement by statement through libpq:
/// psql meta-commands, COPY ... FROM STDIN, and transaction control (Revisor owns the
/// transaction of each revision).
Result<QList<SqlStatement>> splitSql(const QString &script, const QString &file, int firstLine);

/// Line breaks among the first `characters` characters of `text`, counting characters as
/// PostgreSQL counts error positions: code points, so an emoji (two UTF-16 units, four UTF-8
/// bytes) is one.
int newlinesBefore(QStringView text, qsizetype characters);

} // namespace revisor
