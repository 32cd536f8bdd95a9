#include "datacapture.h"

#include "db/readsettings.h"
#include "db/session.h"
#include "db/sharedsnapshot.h"

#include "data/tablescan.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

namespace revisor {

int DataCaptureOptions::scanConnections() const
{
    return parallelScans > 0 ? parallelScans : std::clamp(QThread::idealThreadCount(), 1, 4);
}

namespace {

struct TableToScan
{
    ScanTarget target;
    qint64 estimatedRows = 0;
    qint64 blocks = 0;  ///< heap blocks now
    qint64 bytes = 0;   ///< heap + TOAST
    DataCapture::Relation relation;
};

Result<QList<TableToScan>> listTables(Session &session, const DataCaptureOptions &options)
{
    QFile file(QStringLiteral(":/revisor/data/sql/tables.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::database(QStringLiteral("internal: catalog query %1 missing").arg(file.fileName())));
    auto r = session.exec(QString::fromUtf8(file.readAll()),
                          {tableNamesJson(options.leaveOut),
                           options.includeExtensionTables ? QStringLiteral("true") : QStringLiteral("false")});
    if (!r)
        return fail(r.error());
    const auto array = [](const QString &json) { return QJsonDocument::fromJson(json.toUtf8()).array(); };
    QList<TableToScan> tables;
    for (const QStringList &row : r->rows) {
        TableToScan t;
        t.target.schema = row.at(0);
        t.target.name = row.at(1);
        t.estimatedRows = row.at(2).toLongLong();
        for (const QJsonValue &v : array(row.at(3)))
            t.target.columns << v.toString();
        for (const QJsonValue &v : array(row.at(4)))
            t.target.primaryKey << v.toString();
        for (const QJsonValue &v : array(row.at(5))) {
            ReadForm form = ReadForm::fromName(v.toString());
            // hash_array_extended is PostgreSQL 11+.
            if (session.serverVersionNum() < 110000)
                form = {};
            t.target.forms << form;
        }
        t.blocks = row.at(6).toLongLong();
        t.bytes = row.at(7).toLongLong();
        t.relation = {row.at(8).toLongLong(), row.at(9).toLongLong(), row.at(10)};
        tables.append(t);
    }
    return tables;
}

// The other connections of a parallel capture: each opens its own session in its own thread
// (a connection belongs to the thread that opened it), adopts the capture's snapshot and
// settings, and scans ranges of blocks.
class ParallelScan
{
public:
    ParallelScan(Session &session, QString snapshotId) : m_session(session), m_snapshotId(std::move(snapshotId)) {}

    // Splits the heap's blocks into ranges, several per connection. Each connection reads
    // range c (its own: the one this connection reads while the others connect), then takes
    // the next range nobody took until none is left. Ranges of equal size are not equal work
    // (TOASTed values, dead rows, a core shared with the server's other backends): with one
    // range per connection the scan took as long as its slowest range, now a connection that
    // finishes early reads more. A range whose connection could not be set up is read here
    // afterwards: a server short of connections is slower, never wrong. The parts are in block
    // order, whichever connection read them. Returns the connections that read a range.
    Result<int> scan(const TableToScan &table, int connections, DetailBudget &budget, QList<ScanPart> &out)
    {
        const int parts = int(std::min<qint64>(table.blocks, qint64(connections) * kRangesPerConnection));
        QStringList ranges;
        for (int i = 0; i < parts; ++i) {
            const qint64 from = table.blocks * i / parts, to = table.blocks * (i + 1) / parts;
            QStringList bounds;
            if (i > 0)
                bounds << QStringLiteral("ctid >= '(%1,0)'::pg_catalog.tid").arg(from);
            if (i < parts - 1)
                bounds << QStringLiteral("ctid < '(%1,0)'::pg_catalog.tid").arg(to);
            ranges << bounds.join(QStringLiteral(" AND "));
        }
        // Plain arrays: each range is written by the one connection that reads it, and nothing
        // may reallocate.
        out = QList<ScanPart>(parts);
        ScanPart *partOut = out.data();
        std::vector<Status> results(static_cast<size_t>(parts));
        std::vector<char> read(size_t(parts), 0);
        std::atomic<int> next = connections;
        std::atomic<bool> failed = false;
        std::atomic<int> used = 0;
        const auto readRange = [&](Session &s, int i) {
            read[size_t(i)] = 1;
            results[size_t(i)] = scanTable(s, table.target, ranges.at(i), budget, partOut[i]);
            if (!results[size_t(i)])
                failed = true;
        };
        const auto readRanges = [&](Session &s, int own) {
            ++used;
            readRange(s, own);
            for (int i = next++; i < parts && !failed; i = next++)
                readRange(s, i);
        };
        std::vector<std::thread> threads;
        for (int c = 1; c < connections; ++c) {
            threads.emplace_back([&, c] {
                auto worker = openInSnapshot(m_session.settings(), m_snapshotId);
                if (!worker)
                    return;
                readRanges(**worker, c);
                (void)(*worker)->exec(QStringLiteral("ROLLBACK"));
            });
        }
        readRanges(m_session, 0);
        for (std::thread &t : threads)
            t.join();
        for (int i = 0; i < connections && !failed; ++i) {
            if (!read[size_t(i)])
                readRange(m_session, i);
        }
        for (const Status &result : results) {
            if (!result)
                return fail(result.error());
        }
        return used.load();
    }

private:
    static constexpr int kRangesPerConnection = 4;
    Session &m_session;
    QString m_snapshotId;
};

// Whether the scans of this capture may be split over several connections, and the snapshot
// they then share. Only a transaction that has written nothing exports what it sees (another
// connection cannot see uncommitted rows), and only REPEATABLE READ or SERIALIZABLE keeps the
// snapshot the main connection reads in. TID range scans (PostgreSQL 14) make a range cheap.
QString exportableSnapshot(Session &session, bool transactionIsOurs, const DataCaptureOptions &options)
{
    if (options.parallelScans == 1 || session.serverVersionNum() < 140000 || !(transactionIsOurs || options.parallelInCallersTransaction))
        return QString();
    auto state = session.exec(QStringLiteral("SELECT pg_catalog.current_setting('transaction_isolation') IN ('repeatable read', 'serializable')"
                                             " AND pg_catalog.txid_current_if_assigned() IS NULL"));
    if (!state || state->scalar() != QLatin1String("t"))
        return QString();
    auto id = session.scalar(QStringLiteral("SELECT pg_catalog.pg_export_snapshot()"));
    if (!id || !QRegularExpression(QStringLiteral("^[0-9A-Fa-f-]+$")).match(*id).hasMatch())
        return QString();
    return *id;
}

TableData tableFrom(const ScanTarget &target, const QList<ScanPart> &parts)
{
    TableData table;
    table.schema = target.schema;
    table.name = target.name;
    table.columns = target.columns;
    table.primaryKey = target.primaryKey;
    quint64 sum = 0;
    bool detail = true;
    for (const ScanPart &p : parts) {
        table.rows += p.rows;
        sum += p.summarySum;
        detail = detail && p.detailKept;
    }
    if (detail) {
        for (const ScanPart &p : parts) {
            table.keys += p.keys;
            table.hashes += p.hashes;
        }
        return table;
    }
    table.method = QString::fromLatin1(TableData::ServerSumMethod);
    table.hasRowDetail = false;
    table.summaryFingerprint = fingerprint::summaryFingerprint(sum, table.rows);
    return table;
}

// The earlier capture of `table` that stands for this one, or nullptr: nothing wrote it since
// (the caller's writtenRelations) and it is still the relation, file and columns it was.
const TableData *reusable(const DataCaptureOptions &options, const TableToScan &table, const QString &qualified)
{
    if (!options.reuse || options.writtenRelations.contains(table.relation.lockName))
        return nullptr;
    const TableData *earlier = options.reuse->table(qualified);
    const auto relation = options.reuse->relations.constFind(qualified);
    if (!earlier || relation == options.reuse->relations.cend() || *relation != table.relation
        || earlier->columns != table.target.columns || earlier->method == QLatin1String(TableData::RowsOnlyMethod))
        return nullptr;
    return earlier;
}

// The exact row count of a table, without a fingerprint.
Result<TableData> countRows(Session &session, const ScanTarget &target)
{
    auto n = session.scalar(QStringLiteral("SELECT pg_catalog.count(*) FROM ONLY %1").arg(session.quoteQualified(target.schema, target.name)));
    if (!n)
        return fail(n.error());
    TableData t;
    t.schema = target.schema;
    t.name = target.name;
    t.columns = target.columns;
    t.primaryKey = target.primaryKey;
    t.rows = n->toLongLong();
    t.method = QString::fromLatin1(TableData::RowsOnlyMethod);
    t.hasRowDetail = false;
    return t;
}

Status captureInto(Session &session, bool transactionIsOurs, const DataCaptureOptions &options, DataCapture &capture)
{
    auto tables = listTables(session, options);
    if (!tables)
        return fail(tables.error());
    const int connections = options.scanConnections();
    std::optional<ParallelScan> parallel;
    bool parallelTried = false;
    const int total = int(tables->size());
    for (int i = 0; i < total; ++i) {
        const TableToScan &table = tables->at(i);
        if (options.progress)
            options.progress(i, total, table.target.schema + QLatin1Char('.') + table.target.name);
        const QString qualified = table.target.schema + QLatin1Char('.') + table.target.name;
        capture.relations.insert(qualified, table.relation);
        if (const TableData *earlier = reusable(options, table, qualified)) {
            capture.tables << *earlier;
            capture.stats.insert(qualified, {0, 0, options.reuseFrom});
            continue;
        }
        if (options.rowsOnly) {
            QElapsedTimer timer;
            timer.start();
            auto counted = countRows(session, table.target);
            if (!counted)
                return fail(counted.error());
            capture.tables << *counted;
            capture.stats.insert(qualified, {timer.nsecsElapsed() / 1e6, 1, {}});
            continue;
        }
        const int parts = int(std::min<qint64>({connections, table.blocks, table.bytes / std::max<qint64>(1, options.parallelMinBytes)}));
        if (parts > 1 && !parallelTried) {
            parallelTried = true;
            if (const QString id = exportableSnapshot(session, transactionIsOurs, options); !id.isEmpty())
                parallel.emplace(session, id);
        }
        QElapsedTimer timer;
        timer.start();
        DetailBudget budget(options.rowDetailLimit);
        QList<ScanPart> scanned;
        int used = 1;
        if (parts > 1 && parallel) {
            auto s = parallel->scan(table, parts, budget, scanned);
            if (!s)
                return fail(s.error());
            used = *s;
        } else {
            scanned.resize(1);
            if (auto s = scanTable(session, table.target, QString(), budget, scanned[0]); !s)
                return s;
        }
        capture.tables << tableFrom(table.target, scanned);
        capture.stats.insert(capture.tables.last().qualifiedName(), {timer.nsecsElapsed() / 1e6, used, {}});
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
    Status captured = saved ? captureInto(session, ownTransaction, options, capture) : Status(fail(saved.error()));
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
