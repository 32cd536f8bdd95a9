#pragma once

#include "core/error.h"
#include "data/datacompare.h"
#include "schema/snapshotdiff.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace revisor {

/// A difference the round trip is allowed to leave, declared in a checks file's "expect" list
/// with the reason it is intended. What it declares is judged "warn: declared" when it happens;
/// anything undeclared still fails.
struct Declaration
{
    enum class Kind {
        ChangedValues,  ///< "changed_values": "[schema.]table.column", "[schema.]table.*" for any column
        DeletedRows,    ///< "deleted_rows": "schema.table"
        AddedRows,      ///< "added_rows": "schema.table"
        LeftBehind,     ///< "left_behind": "<kind> <name>" of an object the rollback may leave installed
        LostAfterUpgrade, ///< "lost_after_upgrade": "schema.table" whose rows written after the upgrade may be lost
    };

    Kind kind = Kind::ChangedValues;
    QString target;
    QString reason;
    QString file;
    int index = 0;   ///< position in the file's "expect" list

    static QString keyOf(Kind kind);  ///< "changed_values", ...
    /// "changed_values public.t.c (reason)"
    QString describe() const;
    friend bool operator==(const Declaration &, const Declaration &) = default;
};

/// The "expect" list of a checks file; errors name the file, the entry and the key.
Result<QList<Declaration>> parseDeclarations(const QJsonValue &expect, const QString &file);

/// The declaration of `kind` about `target`, or null.
const Declaration *findDeclaration(const QList<Declaration> &declarations, Declaration::Kind kind, const QString &target);

/// The declaration that allows a schema difference after the rollback (an object left
/// behind), or null.
const Declaration *declarationFor(const QList<Declaration> &declarations, const DiffEntry &entry);

/// The declarations that together allow every difference of a table's data after the round
/// trip; empty when some difference is not declared (or cannot be told apart).
QList<const Declaration *> declarationsFor(const QList<Declaration> &declarations, const TableComparison &table);

} // namespace revisor
