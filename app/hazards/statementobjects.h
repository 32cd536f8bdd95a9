#pragma once

#include "core/error.h"

#include <QList>
#include <QString>

namespace revisor {

/// A schema object one SQL statement creates, alters, drops, renames or comments on, read
/// from the statement's parse tree (libpg_query), not from its text.
struct TouchedObject
{
    enum class Action { Create, Alter, Drop, Rename, Comment };

    Action action = Action::Alter;
    /// "table" (tables, views, materialized views, foreign tables), "column", "constraint",
    /// "index", "trigger", "policy", "sequence", "function", "type", "schema", "extension".
    QString kind;
    QString schema;   ///< as written; empty when the statement leaves it to search_path
    QString table;    ///< the table a column, constraint, index, trigger or policy belongs to
    QString name;     ///< the object's own name (a table's name for kind "table")

    /// "created", "altered", "dropped", "renamed", "commented"
    static QString actionWord(Action action);
    friend bool operator==(const TouchedObject &, const TouchedObject &) = default;
};

/// The objects `sql` (one or more statements) touches, in order. Constraints without a name
/// get the name PostgreSQL gives them (t_pkey, t_a_key, t_a_check, t_a_fkey); a primary key
/// or unique constraint also counts as its index. Statements that touch no named object
/// (INSERT, UPDATE, DO blocks, whose SQL is only known when they run) give nothing; SQL that
/// does not parse is an error with the parser's message.
Result<QList<TouchedObject>> touchedObjects(const QString &sql);

} // namespace revisor
