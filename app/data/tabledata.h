#pragma once

#include "core/error.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace revisor {

// How a table fingerprint is made, and why this way.
//
// Each table is read by a binary COPY, and the client computes, for every row and every
// column, h = XXH3-64 of the bytes read for the value (NULL maps to a fixed constant, so NULL
// and '' or an empty array differ). Which bytes (ReadForm in tablescan.h):
//  - float4[] and float8[] (and domains over them): the server's hash_array_extended with a
//    non-zero seed, plus array_dims. Printing 1536 floats as decimal text, or sending them
//    one element at a time in binary, costs the server 27 and 14 times what reading them
//    does (bench_fingerprint); the element hash about 3.5 times, and no stock function reads
//    an array's bytes whole, so this is the floor the capture splits over the cores. The
//    value is detoasted once for both (tablescan.cpp). Elements compare as floats do: 0 and
//    -0 (and NaNs) hash alike.
//  - bytea, and extension base types that are neither arrays nor strings (pgvector's vector,
//    PostGIS' geometry; not citext, which must hash as the text it is migrated from): the
//    server's 64-bit hash of the bytes of the binary send form (hash_array_extended over a
//    one-element bytea array, which hashes the bytes whole; no stock hash takes a bytea
//    directly), so 8 bytes travel instead of the value. Over a 6 KB embedding it costs the
//    server half of what sha256 of the same bytes did, and the whole read 14% less; the send
//    form itself is then most of the work.
//  - every other column: its text form (value::text, with the session settings that shape it
//    pinned: TimeZone, DateStyle, extra_float_digits, bytea_output...), because a text form
//    survives the type changes migrations make (integer to bigint, varchar to text) where a
//    binary form would make every row look changed; those types are cheap to print.
// The primary key is read as text too. No value ever passes through a QVariant: the QPSQL
// driver turns numeric into a double (digits lost), drops the microseconds of timestamps and
// gives unknown types as text.
//
// The fingerprint over a column set S is then combined on the client:
//     row(S)   = sum over c in S of mix(h_c xor nameHash(c))      (binds each value to its column)
//     table(S) = mix( (sum over rows of mix(row(S) + K)) xor mix(rowCount) )
// Sums are order independent, so the scan needs no ORDER BY (and may be split over several
// connections), and any S can be chosen after the fact: comparing two states uses the columns
// both have, so a column added then dropped does not fake a change and a missing column does
// not hide one. Row hashes also name the rows that changed, by primary key, and the columns
// that changed in them.
//
// Keeping 8 bytes per cell costs memory (rows x columns x 8); above a row limit only a summary
// over all columns is kept (ServerSumMethod: per row an XXH3 of its value hashes in
// column-name order, summed), which compares only against a capture with the same columns and
// the same method.

/// Per-table data captured in one snapshot: exact row count and content hashes.
struct TableData
{
    // "/3": values hashed on the client (XXH3), some in binary form or as the server's hash of
    // it; "/2" captures (sha256 of the send form where "/3" has the server's 64-bit hash) and
    // "/1" captures (hashed on the server from text) do not compare with these.
    static constexpr const char *RowHashMethod = "row-hash/3";     ///< per-row detail, any column set
    static constexpr const char *ServerSumMethod = "row-sum/3";    ///< summary, all columns only
    /// Row count only, no fingerprint (a point whose content no check compares): never matches.
    static constexpr const char *RowsOnlyMethod = "rows-only";

    QString schema;
    QString name;
    QStringList columns;     ///< in position order
    QStringList primaryKey;  ///< primary key columns in key order; empty when the table has none
    qint64 rows = 0;         ///< exact row count

    QString method = QString::fromLatin1(RowHashMethod);
    bool hasRowDetail = true;      ///< keys/hashes are held (false above the row limit or read from a summary JSON)
    QString summaryFingerprint;    ///< fingerprint over all columns when !hasRowDetail

    QStringList keys;              ///< per row "id=4" (primary key as text); empty without a primary key
    QList<quint64> hashes;         ///< rows x columns, row-major, value hashes

    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
    /// Fingerprint over all columns (16 hex digits).
    QString fingerprint() const;
    /// Fingerprint over the given columns (those not in the table are ignored); a null string
    /// when it cannot be computed (no row detail and a column set other than all columns).
    QString fingerprint(const QStringList &columns) const;
    /// Combined hash of one row over the given column indexes (indexes into columns).
    quint64 rowHash(qsizetype row, const QList<int> &columnIndexes) const;
    quint64 cellHash(qsizetype row, int column) const { return hashes.at(row * columns.size() + column); }

    /// Builds hashes for hand-made rows (tests): each value hashed as a capture hashes a text
    /// column. A null QString is NULL.
    static TableData fromValues(const QString &schema, const QString &name, const QStringList &columns,
                                const QStringList &primaryKey, const QList<QStringList> &rows);

    friend bool operator==(const TableData &, const TableData &) = default;
};

/// Data of every user table, read in one REPEATABLE READ snapshot.
struct DataCapture
{
    QList<TableData> tables;  ///< sorted by schema, name
    /// "schema.name" of every user sequence -> its last_value as text (null: never used).
    QMap<QString, QString> sequences;

    /// How each table was read: what the capture cost, not what the data is (not part of ==).
    struct TableStats
    {
        double ms = 0;        ///< scan time
        int connections = 1;  ///< connections the scan was split over (0: not read, reusedFrom)
        /// The point whose capture of the table was taken over, because nothing wrote the
        /// table since; empty when it was read.
        QString reusedFrom;
        friend bool operator==(const TableStats &, const TableStats &) = default;
    };
    QMap<QString, TableStats> stats;  ///< by "schema.name"
    /// Which relation each table was: its oid and file node (a rewrite or TRUNCATE gives a new
    /// one). Not part of ==.
    struct Relation
    {
        qint64 oid = 0;
        qint64 filenode = 0;
        QString lockName;  ///< quote_ident(schema).quote_ident(name), as pg_locks readers name it
        friend bool operator==(const Relation &, const Relation &) = default;
    };
    QMap<QString, Relation> relations;  ///< by "schema.name"

    /// "schema.name"; nullptr when absent.
    const TableData *table(const QString &qualifiedName) const;

    enum class Detail { Rows, Summary };
    /// JSON "revisor-data/1". Detail::Rows keeps per-row keys and hashes (hashes as base64 of
    /// little-endian 64-bit words, per table), so a file can later be compared over common
    /// columns and name rows; Detail::Summary keeps counts and all-column fingerprints only.
    QJsonObject toJson(Detail detail = Detail::Rows) const;
    static Result<DataCapture> fromJson(const QJsonObject &json);

    friend bool operator==(const DataCapture &a, const DataCapture &b)
    {
        return a.tables == b.tables && a.sequences == b.sequences;
    }
};

namespace fingerprint {
/// The 64-bit finaliser used to combine hashes (splitmix64).
quint64 mix(quint64 z);
/// Stable 64-bit hash of a column name (FNV-1a over UTF-8, mixed).
quint64 nameHash(const QString &column);
/// The hash of a NULL value (no value's hash, up to 2^-64).
constexpr quint64 NullHash = 0x9e3779b97f4a7c15ull;
/// Hex rendering of a fingerprint: 16 lower-case hex digits.
QString toHex(quint64 value);
/// A row's name from its primary key: "id=4", "repo_id=1, path='a b'" (values that are not
/// plain numbers are single-quoted).
QString rowKey(const QStringList &primaryKey, const QStringList &values);
/// Orders row keys so that "id=9" comes before "id=10" (digit runs compare as numbers).
bool naturalLess(const QString &a, const QString &b);
} // namespace fingerprint

} // namespace revisor
