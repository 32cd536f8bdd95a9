#include "schema/catalogreader.h"
#include "schema/snapshotfields.h"

#include "db/readsettings.h"
#include "db/session.h"
#include "db/sharedsnapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>

#include <libpq-fe.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace revisor {

namespace {

Q_LOGGING_CATEGORY(lcSnapshot, "revisor.schema.snapshot", QtWarningMsg)

// One catalog query's rows, read from libpq as they are. The reader fills the snapshot types
// straight from the PGresult: building a QStringList per row first (as Session::exec does)
// and freeing it again cost as much as some of the queries themselves.
class CatalogResult
{
public:
    explicit CatalogResult(PGresult *result) : m_result(result) {}
    ~CatalogResult() { PQclear(m_result); }
    CatalogResult(const CatalogResult &) = delete;
    CatalogResult &operator=(const CatalogResult &) = delete;

    bool ok() const { return PQresultStatus(m_result) == PGRES_TUPLES_OK; }
    const PGresult *get() const { return m_result; }
    int rows() const { return PQntuples(m_result); }
    // Names compare exactly (PQfnumber would fold the camel-case aliases to lower case).
    int column(const char *name) const
    {
        for (int c = 0, n = PQnfields(m_result); c < n; ++c) {
            if (std::strcmp(PQfname(m_result, c), name) == 0)
                return c;
        }
        return -1;
    }
    bool isNull(int row, int column) const { return PQgetisnull(m_result, row, column); }
    const char *data(int row, int column) const { return PQgetvalue(m_result, row, column); }
    int size(int row, int column) const { return PQgetlength(m_result, row, column); }
    quint32 oid(int row, int column) const
    {
        return column < 0 ? 0 : quint32(std::strtoul(data(row, column), nullptr, 10));
    }

private:
    PGresult *m_result;
};

// Fills a snapshot type from a row whose column names are the type's field names. Column
// positions are looked up once per query, not per row.
template <typename T>
class RowReader
{
public:
    explicit RowReader(const CatalogResult &result)
    {
        T probe;
        fields::Of<T>::visit(probe, [&](const char *name, const auto &member) {
            if constexpr (!fields::isList<std::decay_t<decltype(member)>>)
                m_columns.append(result.column(name));
        });
    }

    T read(const CatalogResult &result, int row) const
    {
        T value;
        qsizetype i = 0;
        fields::Of<T>::visit(value, [&](const char *, auto &member) {
            using M = std::decay_t<decltype(member)>;
            if constexpr (!fields::isList<M>) {
                const int column = m_columns[i++];
                if (column < 0 || result.isNull(row, column))
                    return;
                const char *text = result.data(row, column);
                if constexpr (std::is_same_v<M, QString>)
                    member = QString::fromUtf8(text, result.size(row, column));
                else if constexpr (std::is_same_v<M, bool>)
                    member = text[0] == 't';
                else if constexpr (std::is_same_v<M, int>)
                    member = int(std::strtol(text, nullptr, 10));
                else
                    member = jsonStrings(QByteArray::fromRawData(text, result.size(row, column)));
            }
        });
        return value;
    }

private:
    static QStringList jsonStrings(const QByteArray &text)
    {
        QStringList out;
        for (const QJsonValue &v : QJsonDocument::fromJson(text).array())
            out.append(v.toString());
        return out;
    }

    QList<int> m_columns;
};

// The error of a failed catalog query, with the server's fields (as Session::exec keeps them).
Error queryError(const PGresult *result, PGconn *conn, const QString &kind, const QString &sql)
{
    Error e = errorFromResult(result, conn, sql);
    e.message = QStringLiteral("snapshot: catalog query %1.sql failed: %2").arg(kind, e.message);
    return e;
}

// One catalog query of a capture and what turns its rows into snapshot values.
struct CatalogQuery
{
    QString kind;                   // catalog/<kind>.sql
    QStringList params;             // bound as $1, $2...
    std::function<void(const CatalogResult &)> read;
};

using CatalogResults = std::vector<std::unique_ptr<CatalogResult>>;

// Sends a batch of catalog queries at once (libpq pipeline mode): the server runs them back to
// back while the earlier results are read, and the capture waits for one round trip instead of
// one per query. Results come back in the order sent, so each query's reader is called in
// turn (or, given `kept`, each result is kept there for the caller to read later); after a
// failure the rest are drained unread. The first error is the one reported.
Status runPipelined(Session &session, const QList<CatalogQuery> &batch, CatalogResults *kept = nullptr)
{
    PGconn *conn = session.handle();
    if (!conn)
        return fail(Error::database(QStringLiteral("not connected")));
    QStringList sqls;
    for (const CatalogQuery &q : batch) {
        auto sql = catalogQuery(q.kind, session.serverVersionNum());
        if (!sql)
            return fail(sql.error());
        sqls << *sql;
    }
    if (PQenterPipelineMode(conn) != 1)
        return fail(queryError(nullptr, conn, batch.constFirst().kind, sqls.constFirst()));
    std::optional<Error> error;
    qsizetype sent = 0;
    for (; sent < batch.size(); ++sent) {
        const QByteArray query = sqls[sent].toUtf8();
        QList<QByteArray> storage;
        std::vector<const char *> values;
        for (const QString &p : batch[sent].params)
            values.push_back(storage.emplaceBack(p.toUtf8()).constData());
        if (PQsendQueryParams(conn, query.constData(), int(values.size()), nullptr,
                              values.empty() ? nullptr : values.data(), nullptr, nullptr, 0) != 1) {
            error = queryError(nullptr, conn, batch[sent].kind, sqls[sent]);
            break;
        }
    }
    const bool synced = PQpipelineSync(conn) == 1;
    if (!synced && !error)
        error = queryError(nullptr, conn, batch.constFirst().kind, sqls.constFirst());
    for (qsizetype i = 0; i < sent; ++i) {
        QElapsedTimer timer;
        timer.start();
        // Each query's results end with a null result.
        auto result = std::make_unique<CatalogResult>(PQgetResult(conn));
        while (PGresult *more = PQgetResult(conn))
            PQclear(more);
        if (error)
            continue;
        if (!result->ok()) {
            error = queryError(result->get(), conn, batch[i].kind, sqls[i]);
            continue;
        }
        const qint64 queryMs = timer.elapsed();
        const int rows = result->rows();
        if (kept)
            kept->push_back(std::move(result));
        else
            batch[i].read(*result);
        qCDebug(lcSnapshot, "%s: %d rows, waited %lld ms, total %lld ms", qPrintable(batch[i].kind), rows, queryMs, timer.elapsed());
    }
    // The sync point ends the pipeline.
    while (PGresult *r = synced ? PQgetResult(conn) : nullptr) {
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    if (PQexitPipelineMode(conn) != 1 && !error)
        error = Error::database(QStringLiteral("snapshot: leaving pipeline mode failed: %1")
                                    .arg(QString::fromUtf8(PQerrorMessage(conn)).trimmed()));
    if (error)
        return fail(*error);
    return {};
}

// Where the largest catalog queries of a big schema (constraints, indexes) run on a second
// connection, beside the others: the capture's snapshot and the settings to read it with.
struct SecondConnection
{
    QString snapshotId;
    Settings settings;
};

class Capture
{
public:
    Capture(Session &session, QString leaveOut, std::optional<SecondConnection> second)
        : m_session(session)
        , m_leaveOut(std::move(leaveOut))
        , m_second(std::move(second))
    {
    }

    Result<Snapshot> run()
    {
        m_snapshot.serverVersion = m_session.serverVersion();
        m_snapshot.capturedAt = QDateTime::currentDateTimeUtc();
        // Tables come before their children: a child row finds its table by OID.
        const QList<CatalogQuery> batch{
            list(QStringLiteral("schemas"), m_snapshot.schemas),
            list(QStringLiteral("extensions"), m_snapshot.extensions),
            list(QStringLiteral("types"), m_snapshot.types),
            list(QStringLiteral("sequences"), m_snapshot.sequences),
            list(QStringLiteral("functions"), m_snapshot.functions),
            tables(),
            children(QStringLiteral("columns"), &Table::columns),
            children(QStringLiteral("triggers"), &Table::triggers),
            children(QStringLiteral("policies"), &Table::policies),
            tableOptions(),
            columnOptions(QStringLiteral("columnoptions")),
            columnOptions(QStringLiteral("columncompression")),
        };
        // The two largest (with pg_get_constraintdef and pg_get_indexdef), and what reads
        // into their rows.
        const QList<CatalogQuery> large{
            children(QStringLiteral("constraints"), &Table::constraints),
            children(QStringLiteral("indexes"), &Table::indexes),
            indexOptions(),
        };
        QList<CatalogQuery> objectBatch;
        for (const char *kind : {"publications", "statistics", "eventtriggers", "rules", "casts", "operators", "collations",
                                 "textsearch", "foreigndata", "usermappings", "defaultprivileges", "settings"})
            objectBatch << objects(QLatin1String(kind));
        if (auto ran = runSplit(batch + objectBatch, large); !ran)
            return fail(ran.error());
        std::sort(m_snapshot.objects.begin(), m_snapshot.objects.end(), [](const CatalogObject &a, const CatalogObject &b) {
            return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
        });
        // Child queries are unordered (a server-side sort of the wide rows was their largest
        // cost): order each table's children here. Columns come with attnum as position and get
        // their ordinal among live columns.
        const auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
        // NOT VALID is its own attribute ("validated"); keep it out of the definition so that
        // validating a constraint is one change, not two.
        static const QString notValid = QStringLiteral(" NOT VALID");
        for (Table &t : m_snapshot.tables) {
            std::sort(t.columns.begin(), t.columns.end(),
                      [](const Column &a, const Column &b) { return a.position < b.position; });
            for (qsizetype i = 0; i < t.columns.size(); ++i)
                t.columns[i].position = int(i + 1);
            std::sort(t.constraints.begin(), t.constraints.end(), byName);
            std::sort(t.indexes.begin(), t.indexes.end(), byName);
            std::sort(t.triggers.begin(), t.triggers.end(), byName);
            std::sort(t.policies.begin(), t.policies.end(), byName);
            for (Constraint &c : t.constraints) {
                if (!c.validated && c.definition.endsWith(notValid))
                    c.definition.chop(notValid.size());
            }
        }
        return std::move(m_snapshot);
    }

private:
    // `own` on this connection and `large` on the second one at the same time, where there is
    // one; their rows are read here, after `own`'s (their rows find their tables by OID). A
    // second connection that cannot be set up leaves `large` to this one: slower, not wrong.
    Status runSplit(const QList<CatalogQuery> &own, const QList<CatalogQuery> &large)
    {
        CatalogResults kept;
        std::optional<Status> secondRan;
        std::thread second;
        if (m_second) {
            second = std::thread([&] {
                auto session = openInSnapshot(m_session.settings(), m_second->snapshotId, m_second->settings);
                if (!session) {
                    qCDebug(lcSnapshot, "second connection: %s", qPrintable(session.error().toString()));
                    return;
                }
                secondRan = runPipelined(**session, large, &kept);
                (void)(*session)->exec(QStringLiteral("ROLLBACK"));
            });
        }
        const Status ran = runPipelined(m_session, own);
        if (second.joinable())
            second.join();
        if (!ran)
            return ran;
        if (!secondRan)
            return runPipelined(m_session, large);
        if (!*secondRan)
            return *secondRan;
        for (size_t i = 0; i < kept.size(); ++i)
            large[qsizetype(i)].read(*kept[i]);
        qCDebug(lcSnapshot, "constraints and indexes read on a second connection");
        return {};
    }

    // Hands each row, as a T, to `sink` together with the OID in its column `key` (0 when there
    // is no such column). Tables carry their own OID ("oid"), a table's children their table's
    // ("relid"); OIDs link rows within one capture.
    template <typename T, typename Sink>
    static CatalogQuery rows(const QString &kind, Sink sink, const char *key = "relid", QStringList params = {})
    {
        return {kind, std::move(params), [sink, key](const CatalogResult &result) {
                    const RowReader<T> reader(result);
                    const int keyColumn = result.column(key);
                    for (int row = 0, n = result.rows(); row < n; ++row)
                        sink(reader.read(result, row), result.oid(row, keyColumn));
                }};
    }

    // Top-level objects: every row goes to the snapshot's list.
    template <typename T>
    static CatalogQuery list(const QString &kind, QList<T> &target)
    {
        return rows<T>(kind, [&target](T &&item, quint32) { target.append(std::move(item)); });
    }

    CatalogQuery tables()
    {
        return rows<Table>(QStringLiteral("tables"), [this](Table &&table, quint32 oid) {
            m_tableIndex.insert(oid, int(m_snapshot.tables.size()));
            m_snapshot.tables.append(std::move(table));
        }, "oid", {m_leaveOut});
    }

    // Children go to their table; rows of tables left out (bookkeeping, extension members,
    // system schemas) have no table to go to and are dropped.
    template <typename T>
    CatalogQuery children(const QString &kind, QList<T> Table::*member)
    {
        return rows<T>(kind, [this, member](T &&child, quint32 relid) {
            if (const auto it = m_tableIndex.constFind(relid); it != m_tableIndex.constEnd())
                (m_snapshot.tables[*it].*member).append(std::move(child));
        });
    }

    // The options queries return only the tables, columns and indexes with something set
    // (a tablespace, a storage...); their values go onto what tables.sql and its children read.
    Table *tableOf(quint32 oid)
    {
        const auto it = m_tableIndex.constFind(oid);
        return it == m_tableIndex.constEnd() ? nullptr : &m_snapshot.tables[*it];
    }

    CatalogQuery tableOptions()
    {
        return rows<Table>(QStringLiteral("tableoptions"), [this](Table &&options, quint32 oid) {
            if (Table *t = tableOf(oid)) {
                t->replicaIdentity = options.replicaIdentity;
                t->tablespace = options.tablespace;
                t->foreignServer = options.foreignServer;
            }
        }, "oid");
    }

    // Only the fields the query has are set: columnoptions and columncompression each fill their own.
    CatalogQuery columnOptions(const QString &kind)
    {
        return rows<Column>(kind, [this](Column &&options, quint32 relid) {
            Table *t = tableOf(relid);
            if (!t)
                return;
            for (Column &c : t->columns) {
                if (c.name != options.name)
                    continue;
                for (QString Column::*field : {&Column::storage, &Column::compression, &Column::statisticsTarget, &Column::fdwOptions}) {
                    if (!(options.*field).isEmpty())
                        c.*field = options.*field;
                }
            }
        });
    }

    CatalogQuery indexOptions()
    {
        return rows<Index>(QStringLiteral("indexoptions"), [this](Index &&options, quint32 relid) {
            if (Table *t = tableOf(relid)) {
                for (Index &i : t->indexes) {
                    if (i.name == options.name)
                        i.tablespace = options.tablespace;
                }
            }
        });
    }

    // Rows of kind, name, the table it belongs to and "attributes", a JSON object whose keys
    // are the attribute names; values that are not strings are kept as their JSON text.
    CatalogQuery objects(const QString &kind)
    {
        return {kind, {}, [this](const CatalogResult &result) {
                    const RowReader<CatalogObject> reader(result);
                    const int column = result.column("attributes");
                    for (int row = 0, n = result.rows(); row < n; ++row) {
                        CatalogObject object = reader.read(result, row);
                        if (column >= 0 && !result.isNull(row, column)) {
                            const QJsonObject attributes =
                                QJsonDocument::fromJson(QByteArray(result.data(row, column), result.size(row, column))).object();
                            for (auto it = attributes.begin(); it != attributes.end(); ++it) {
                                const QString value = it->isString() ? it->toString() : it->toVariant().toString();
                                if (!value.isEmpty())
                                    object.attributes.append({it.key(), value});
                            }
                        }
                        m_snapshot.objects.append(std::move(object));
                    }
                }};
    }

    Session &m_session;
    QString m_leaveOut;   // $1 of tables.sql: the tables left out, as JSON
    std::optional<SecondConnection> m_second;
    Snapshot m_snapshot;
    QHash<quint32, int> m_tableIndex;   // table OID -> index in m_snapshot.tables
};

} // namespace

// A schema that holds nothing but bookkeeping tables left out (Sqitch's registry schema) is
// the tool's, not the database's: it goes too, or a rollback to before the tool's first run
// would differ by the schema alone.
static void leaveOutBookkeepingSchemas(Snapshot &snapshot, const QStringList &candidates)
{
    const auto holds = [&](const QString &schema) {
        const auto in = [&](const auto &list) { return std::ranges::any_of(list, [&](const auto &item) { return item.schema == schema; }); };
        return in(snapshot.tables) || in(snapshot.sequences) || in(snapshot.functions) || in(snapshot.types) || in(snapshot.extensions);
    };
    snapshot.schemas.removeIf([&](const SchemaInfo &info) { return candidates.contains(info.name) && !holds(info.name); });
}

Result<QString> catalogQuery(const QString &kind, int serverVersionNum)
{
    const QString specific = QStringLiteral(":/revisor/catalog/%1.%2.sql").arg(kind).arg(serverVersionNum / 10000);
    QFile file(QFile::exists(specific) ? specific : QStringLiteral(":/revisor/catalog/%1.sql").arg(kind));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::of(ErrorKind::Input, QStringLiteral("catalog query %1 is missing from the resources").arg(kind)));
    return QString::fromUtf8(file.readAll());
}

// The second connection of a capture, where it pays: a schema with thousands of constraints
// and indexes (pg_get_constraintdef and pg_get_indexdef are most of a big snapshot; split over
// two connections, psql ran a 2,000-table schema's three largest catalog queries in 310 ms
// instead of 470), and a transaction of the capture's own (REPEATABLE READ, nothing written:
// its snapshot can be shared). It reads with the catalog settings and this session's
// search_path (types are named as the schema's users write them).
Result<std::optional<SecondConnection>> secondConnection(Session &session, bool ownTransaction, const Settings &catalogSettings,
                                                         int above)
{
    if (!ownTransaction || above < 0)
        return std::optional<SecondConnection>();
    auto count = session.scalar(QStringLiteral("SELECT (SELECT count(*) FROM pg_catalog.pg_constraint) + (SELECT count(*) FROM pg_catalog.pg_index)"));
    if (!count)
        return fail(count.error());
    if (count->toLongLong() <= above)
        return std::optional<SecondConnection>();
    auto shared = session.exec(QStringLiteral("SELECT pg_catalog.pg_export_snapshot(), pg_catalog.current_setting('search_path')"));
    if (!shared)
        return fail(shared.error());
    Settings settings = catalogSettings;
    settings.append({QStringLiteral("search_path"), shared->value(0, 1)});
    return std::optional<SecondConnection>(SecondConnection{shared->value(0, 0), settings});
}

Result<Snapshot> captureSnapshot(Session &session, const SnapshotOptions &options)
{
    if (session.serverVersionNum() < 120000)
        return fail(Error::database(QStringLiteral("snapshots need PostgreSQL 12 or later; the server is %1")
                                        .arg(session.serverVersion())));
    const bool ownTransaction = !session.inTransaction();
    if (ownTransaction) {
        if (auto begun = session.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")); !begun)
            return fail(begun.error());
    }
    // The catalog's text (defaults, check expressions, view bodies) prints constants with the
    // session's DateStyle, extra_float_digits...: read it with fixed settings, and give the
    // caller's transaction its own back afterwards.
    // The search path stays the session's: types are named as the schema's users write them
    // (citext, not public.citext).
    static const Settings catalogSettings = [] {
        Settings settings = readSettings();
        settings.removeIf([](const auto &setting) { return setting.first == QLatin1String("search_path"); });
        return settings;
    }();
    auto saved = pinSettings(session, catalogSettings);
    if (!saved) {
        if (ownTransaction)
            session.exec(QStringLiteral("ROLLBACK"));
        return fail(saved.error());
    }
    auto second = secondConnection(session, ownTransaction, catalogSettings, options.secondConnectionAbove);
    if (!second) {
        if (ownTransaction)
            session.exec(QStringLiteral("ROLLBACK"));
        return fail(second.error());
    }
    auto snapshot = Capture(session, tableNamesJson(options.leaveOut), *second).run();
    if (snapshot)
        leaveOutBookkeepingSchemas(*snapshot, options.leaveOutSchemas);
    if (!ownTransaction && snapshot) {
        if (auto restored = restoreSettings(session, *saved); !restored)
            return fail(restored.error());
    }
    if (ownTransaction) {
        auto ended = session.exec(snapshot ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
        if (!ended && snapshot)
            return fail(ended.error());
    }
    return snapshot;
}

} // namespace revisor
