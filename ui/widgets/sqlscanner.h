#pragma once

#include <QList>
#include <QString>

namespace revisor::ui {

/// A lexical class of a SQL token, as far as highlighting cares.
enum class SqlTokenClass { Keyword, String, Number, Comment, QuotedIdentifier, Parameter };

struct SqlToken
{
    int start = 0;   ///< QString index
    int length = 0;
    SqlTokenClass cls = SqlTokenClass::Keyword;
    friend bool operator==(const SqlToken &, const SqlToken &) = default;
};

/// Classifies the tokens of `sql` with PostgreSQL's own scanner (libpg_query's pg_query_scan,
/// whose protobuf answer is decoded here: Debian ships no protobuf-c headers). Tokens that need
/// no colour (plain identifiers, operators) are left out. Returns nothing when the scanner
/// rejects the text (e.g. an unterminated quote).
QList<SqlToken> scanSql(const QString &sql);

} // namespace revisor::ui
