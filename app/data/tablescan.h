#pragma once

#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace revisor {

class Session;

/// The bytes a column's values are hashed over (tabledata.h says which types get which).
struct ReadForm
{
    enum Kind {
        Text,       ///< value::text
        SendHash,   ///< the server's 64-bit hash of the binary send form
        ArrayHash,  ///< hash_array_extended(value, seed) and array_dims(value), as text, from the server
    };
    Kind kind = Text;
    QString sendFunction;  ///< SendHash of a type other than bytea: its send function, quoted and qualified

    /// From tables.sql: "text", "array-hash", "send-hash" (bytea), "send-hash:schema.function".
    static ReadForm fromName(const QString &name);
    /// The select-list expression that reads `quotedColumn` in this form.
    QString expression(const QString &quotedColumn) const;
    /// Whether expression() reads its column's value more than once (an IS NULL test does not
    /// read it): a TOASTed value would then be fetched and decompressed once per read, so the
    /// scan detoasts it once beforehand.
    bool readsColumnTwice() const { return kind == ArrayHash; }
};

/// What one scan of a table reads: every column in its read form, and the primary key as text.
struct ScanTarget
{
    QString schema;
    QString name;
    QStringList columns;     ///< in position order
    QList<ReadForm> forms;   ///< per column
    QStringList primaryKey;  ///< in key order; empty without one
};


/// What one scan (a whole table or a range of its blocks) produced.
struct ScanPart
{
    qint64 rows = 0;
    QStringList keys;        ///< per row, when the table has a primary key and detail is kept
    QList<quint64> hashes;   ///< rows x columns, row-major, while detail is kept
    bool detailKept = true;  ///< false once the table went over the row-detail budget
    quint64 summarySum = 0;  ///< sum over rows of the summary row hash (tabledata.h), mod 2^64
};

/// Rows of per-row detail still allowed for one table, shared by the scans of its parts: the
/// scan that takes it below zero drops its detail, and so do the others when they notice.
using DetailBudget = std::atomic<qint64>;

/// Scans `target` (FROM ONLY, rows matching `where` when not empty: a ctid range) through a
/// binary COPY, hashing each value on the client with XXH3-64 as it streams by.
Status scanTable(Session &session, const ScanTarget &target, const QString &where, DetailBudget &budget, ScanPart &out);

namespace fingerprint {
/// The 64-bit hash of one value's bytes (XXH3-64, seed 0), as a capture stores it.
quint64 valueHash(const char *data, qsizetype size);
/// The summary hash of one row: XXH3-64 over its value hashes (little-endian) in column-name
/// order. `order` indexes the row's hashes by column name.
quint64 summaryRowHash(const quint64 *rowHashes, const QList<int> &order);
/// The summary fingerprint of a table from its summed summary row hashes and row count.
QString summaryFingerprint(quint64 sum, qint64 rows);
/// Column indexes in column-name order.
QList<int> nameOrder(const QStringList &columns);
} // namespace fingerprint

} // namespace revisor
