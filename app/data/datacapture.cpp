#include "datacapture.h"

#include "db/readsettings.h"
#include "db/session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <libpq-fe.h>

#include <algorithm>
#include <optional>

namespace revisor {

namespace {

// Runs one query in libpq's single-row mode with binary results, handing each row to onRow,
// so that a large table streams instead of materialising one huge PGresult. Session::exec
// would also turn every hash into text; binary int8 is 8 bytes on the wire.
Status streamRows(Session &session, const QString &sql, const std::function<void(const PGresult *)> &onRow)
{
    PGconn *conn = session.handle();
    if (!conn)
        return fail(Error::database(QStringLiteral("not connected")));
    const QByteArray query = sql.toUtf8();
    if (!PQsendQueryParams(conn, query.constData(), 0, nullptr, nullptr, nullptr, nullptr, 1))
        return fail(errorFromResult(nullptr, conn, sql));
    PQsetSingleRowMode(conn);
    std::optional<Error> failure;
    while (PGresult *res = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_SINGLE_TUPLE) {
            if (!failure)
                onRow(res);
        } else if (status != PGRES_TUPLES_OK && !failure) {
            failure = errorFromResult(res, conn, sql);
        }
        PQclear(res);
    }
    if (failure)
        return fail(*failure);
    return {};
}

quint64 int8At(const PGresult *res, int column)
{
    return quint64(qFromBigEndian<qint64>(PQgetvalue(res, 0, column)));
}

// A 64-bit hash of a text expression, on the server. hashtextextended is PostgreSQL 11+;
// before that, 64 bits of md5 (slower, same role).
QString hash64Sql(const Session &session, const QString &textExpression)
{
    if (session.serverVersionNum() < 110000)
        return QStringLiteral("('x' || pg_catalog.substr(pg_catalog.md5(%1), 1, 16))::bit(64)::pg_catalog.int8").arg(textExpression);
    return QStringLiteral("pg_catalog.hashtextextended(%1, 0)").arg(textExpression);
}

QString cellHashSql(const Session &session, const QString &column)
{
    // NULL gets its own constant, so NULL and '' differ. COLLATE "C": with a nondeterministic
    // collation hashtextextended would hash the sort key, and 'a' = 'A' under case-insensitive.
    const QString text = QStringLiteral("((%1)::pg_catalog.text COLLATE pg_catalog.\"C\")").arg(session.quoteIdent(column));
    return QStringLiteral("COALESCE(%1, %2)").arg(hash64Sql(session, text), QString::number(qint64(fingerprint::NullHash)));
}

// Per-row detail: primary key text and one server-side hash per column.
Status scanRows(Session &session, TableData &table, qint64 estimatedRows, qint64 limit, bool &overLimit)
{
    QStringList select;
    for (const QString &k : table.primaryKey)
        select << QStringLiteral("(%1)::pg_catalog.text").arg(session.quoteIdent(k));
    for (const QString &c : table.columns)
        select << cellHashSql(session, c);
    const QString sql = QStringLiteral("SELECT %1 FROM ONLY %2")
                            .arg(select.join(QStringLiteral(", ")), session.quoteQualified(table.schema, table.name));
    const int keyCount = int(table.primaryKey.size());
    const int width = int(table.columns.size());
    table.hashes.reserve(std::clamp<qint64>(estimatedRows, 0, limit) * width);
    overLimit = false;
    qint64 rows = 0;
    QStringList keyValues;
    auto status = streamRows(session, sql, [&](const PGresult *res) {
        if (++rows > limit)
            overLimit = true;
        if (overLimit)
            return;  // drain; the caller falls back to the server aggregate
        if (keyCount > 0) {
            keyValues.clear();
            for (int k = 0; k < keyCount; ++k)
                keyValues << QString::fromUtf8(PQgetvalue(res, 0, k), PQgetlength(res, 0, k));
            table.keys << fingerprint::rowKey(table.primaryKey, keyValues);
        }
        for (int c = 0; c < width; ++c)
            table.hashes << int8At(res, keyCount + c);
    });
    if (!status)
        return status;
    table.rows = rows;
    if (overLimit) {
        table.keys.clear();
        table.hashes.clear();
        table.hashes.squeeze();
    }
    return {};
}

// Server-side aggregate over all columns (tables above the row limit): the sum of a hash of
// each row's per-column hashes, in column-name order, modulo 2^64.
Status scanSummary(Session &session, TableData &table)
{
    QStringList sorted = table.columns;
    std::sort(sorted.begin(), sorted.end());
    QStringList cells;
    for (const QString &c : sorted)
        cells << cellHashSql(session, c);
    const QString sql = QStringLiteral(
        "SELECT n, ((s % m) + m) % m FROM (SELECT pg_catalog.count(*) AS n,"
        " COALESCE(pg_catalog.sum(%1::pg_catalog.numeric), 0) AS s"
        " FROM ONLY %2) x, (SELECT 18446744073709551616::pg_catalog.numeric AS m) y")
                            .arg(hash64Sql(session, QStringLiteral("(ARRAY[%1]::pg_catalog.int8[])::pg_catalog.text").arg(cells.join(QStringLiteral(", ")))),
                                 session.quoteQualified(table.schema, table.name));
    auto r = session.exec(sql);
    if (!r)
        return fail(r.error());
    table.rows = r->value(0, 0).toLongLong();
    const quint64 sum = r->value(0, 1).toULongLong();
    table.method = QString::fromLatin1(TableData::ServerSumMethod);
    table.hasRowDetail = false;
    table.keys.clear();
    table.hashes.clear();
    table.summaryFingerprint = fingerprint::toHex(
        fingerprint::mix(sum ^ fingerprint::mix(quint64(table.rows) ^ 0x1b873593cc9e2d51ull)));
    return {};
}

Result<QList<QPair<TableData, qint64>>> listTables(Session &session, const DataCaptureOptions &options)
{
    QFile file(QStringLiteral(":/revisor/data/sql/tables.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::database(QStringLiteral("internal: catalog query %1 missing").arg(file.fileName())));
    auto r = session.exec(QString::fromUtf8(file.readAll()),
                          {tableNamesJson(options.leaveOut),
                           options.includeExtensionTables ? QStringLiteral("true") : QStringLiteral("false")});
    if (!r)
        return fail(r.error());
    const auto strings = [](const QString &json) {
        QStringList out;
        for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array())
            out << v.toString();
        return out;
    };
    QList<QPair<TableData, qint64>> tables;
    for (const QStringList &row : r->rows) {
        TableData t;
        t.schema = row.at(0);
        t.name = row.at(1);
        t.columns = strings(row.at(3));
        t.primaryKey = strings(row.at(4));
        tables.append({t, row.at(2).toLongLong()});
    }
    return tables;
}

Status captureInto(Session &session, const DataCaptureOptions &options, DataCapture &capture)
{
    auto tables = listTables(session, options);
    if (!tables)
        return fail(tables.error());
    const int total = int(tables->size());
    for (int i = 0; i < total; ++i) {
        auto &[table, estimate] = (*tables)[i];
        if (options.progress)
            options.progress(i, total, table.qualifiedName());
        // Detail or summary is decided on the exact count, so that two captures of the same
        // table agree; the count is only worth a separate scan when the estimate is near.
        bool summary = false;
        if (estimate > options.rowDetailLimit / 2) {
            auto count = session.scalar(QStringLiteral("SELECT pg_catalog.count(*) FROM ONLY %1")
                                            .arg(session.quoteQualified(table.schema, table.name)));
            if (!count)
                return fail(count.error());
            summary = count->toLongLong() > options.rowDetailLimit;
        }
        if (!summary) {
            bool overLimit = false;
            if (auto s = scanRows(session, table, estimate, options.rowDetailLimit, overLimit); !s)
                return s;
            summary = overLimit;
        }
        if (summary) {
            if (auto s = scanSummary(session, table); !s)
                return s;
        }
        capture.tables << std::move(table);
    }
    // Sequences are data too: a rollback that leaves one moved is worth knowing about.
    auto sequences = session.exec(QStringLiteral(
        "SELECT s.schemaname || '.' || s.sequencename, s.last_value::text FROM pg_sequences s "
        "WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"));
    if (!sequences)
        return fail(sequences.error());
    for (const QStringList &row : sequences->rows)
        capture.sequences.insert(row.value(0), row.value(1));
    return {};
}

} // namespace

Result<DataCapture> captureData(Session &session, const DataCaptureOptions &options)
{
    DataCapture capture;
    const bool ownTransaction = !session.inTransaction();
    if (ownTransaction) {
        if (auto begin = session.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")); !begin)
            return fail(begin.error());
    }
    // In the caller's transaction the snapshot is the caller's, as is, and its settings are
    // given back afterwards; in our own, COMMIT ends the pinned settings.
    auto saved = pinSettings(session);
    Status captured = saved ? captureInto(session, options, capture) : Status(fail(saved.error()));
    if (saved && !ownTransaction) {
        // After a server error the transaction is aborted and this fails harmlessly (the
        // caller's ROLLBACK drops the local settings); otherwise it restores them.
        if (auto restored = restoreSettings(session, *saved); !restored && captured)
            captured = fail(restored.error());
    }
    if (ownTransaction) {
        auto ended = session.exec(captured ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
        if (!ended && captured)
            return fail(ended.error());
    }
    if (!captured)
        return fail(captured.error());
    return capture;
}

} // namespace revisor
