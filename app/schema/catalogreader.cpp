#include "schema/catalogreader.h"
#include "schema/snapshotfields.h"

#include "db/session.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <libpq-fe.h>

#include <algorithm>
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

class Capture
{
public:
    Capture(Session &session, QStringList versionTable)
        : m_session(session)
        , m_versionTable(std::move(versionTable))
    {
    }

    // Sends every catalog query at once (libpq pipeline mode): the server runs them back to
    // back while the reader turns the earlier results into snapshot values, and the capture
    // waits for one round trip instead of one per query. `each` takes the results in order;
    // `finish` drains what an error left unread and leaves pipeline mode.
    Status send(const QList<std::pair<QString, QStringList>> &queries)
    {
        m_conn = m_session.handle();
        if (!m_conn)
            return fail(Error::database(QStringLiteral("not connected")));
        for (const auto &[kind, params] : queries) {
            auto sql = catalogQuery(kind, m_session.serverVersionNum());
            if (!sql)
                return fail(sql.error());
            m_pending.append({kind, *sql});
        }
        if (PQenterPipelineMode(m_conn) != 1)
            return fail(queryError(nullptr, m_conn, m_pending.constFirst().kind, m_pending.constFirst().sql));
        m_pipeline = true;
        for (qsizetype i = 0; i < queries.size(); ++i) {
            const QByteArray query = m_pending[i].sql.toUtf8();
            QList<QByteArray> storage;
            std::vector<const char *> values;
            for (const QString &p : queries[i].second)
                values.push_back(storage.emplaceBack(p.toUtf8()).constData());
            if (PQsendQueryParams(m_conn, query.constData(), int(values.size()), nullptr,
                                  values.empty() ? nullptr : values.data(), nullptr, nullptr, 0) != 1)
                return fail(queryError(nullptr, m_conn, m_pending[i].kind, m_pending[i].sql));
            ++m_sent;
        }
        if (PQpipelineSync(m_conn) != 1)
            return fail(queryError(nullptr, m_conn, m_pending.constFirst().kind, m_pending.constFirst().sql));
        m_synced = true;
        return {};
    }

    Status finish()
    {
        if (!m_pipeline)
            return {};
        if (!m_synced)
            m_synced = PQpipelineSync(m_conn) == 1;
        // Each query's results end with a null result; the sync point ends the pipeline.
        for (; m_received < m_sent; ++m_received) {
            PGresult *r = PQgetResult(m_conn);
            if (!r)
                break;
            PQclear(r);
            while (PGresult *more = PQgetResult(m_conn))
                PQclear(more);
        }
        if (m_synced) {
            while (PGresult *r = PQgetResult(m_conn)) {
                const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
                PQclear(r);
                if (sync)
                    break;
            }
        }
        m_pipeline = false;
        if (PQexitPipelineMode(m_conn) != 1)
            return fail(Error::database(QStringLiteral("snapshot: leaving pipeline mode failed: %1")
                                            .arg(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed())));
        return {};
    }

    // Reads the next catalog query's result and hands each row, as a T, to `sink` together with
    // the OID in its column `key` (0 when there is no such column). Tables carry their own OID
    // ("oid"), a table's children their table's ("relid"); OIDs link rows within one capture.
    template <typename T, typename Sink>
    Status each(const QString &kind, Sink sink, const char *key = "relid")
    {
        Q_ASSERT(m_received < m_sent && m_pending[m_received].kind == kind);
        const QString &sql = m_pending[m_received].sql;
        QElapsedTimer timer;
        timer.start();
        const CatalogResult result(PQgetResult(m_conn));
        if (result.get()) {
            ++m_received;
            while (PGresult *more = PQgetResult(m_conn))
                PQclear(more);
        }
        if (!result.ok())
            return fail(queryError(result.get(), m_conn, kind, sql));
        const qint64 queryMs = timer.elapsed();
        const RowReader<T> reader(result);
        const int keyColumn = result.column(key);
        const int rows = result.rows();
        for (int row = 0; row < rows; ++row)
            sink(reader.read(result, row), result.oid(row, keyColumn));
        qCDebug(lcSnapshot, "%s: %d rows, waited %lld ms, total %lld ms", qPrintable(kind), rows, queryMs,
                timer.elapsed());
        return {};
    }

    // Children go to their table; rows of tables left out (version table, extension members,
    // system schemas) have no table to go to and are dropped.
    template <typename T>
    Status children(const QString &kind, QList<T> Table::*list)
    {
        return each<T>(kind, [&](T &&child, quint32 relid) {
            if (const auto it = m_tableIndex.constFind(relid); it != m_tableIndex.constEnd())
                (m_snapshot.tables[*it].*list).append(std::move(child));
        });
    }

    // Takes the results in the order send() sent the queries.
    Status read()
    {
        const auto append = [](auto &list) {
            return [&list](auto &&item, quint32) { list.append(std::move(item)); };
        };
        Status st = each<SchemaInfo>(QStringLiteral("schemas"), append(m_snapshot.schemas));
        if (st)
            st = each<Extension>(QStringLiteral("extensions"), append(m_snapshot.extensions));
        if (st)
            st = each<TypeDef>(QStringLiteral("types"), append(m_snapshot.types));
        if (st)
            st = each<Sequence>(QStringLiteral("sequences"), append(m_snapshot.sequences));
        if (st)
            st = each<Function>(QStringLiteral("functions"), append(m_snapshot.functions));
        if (st) {
            st = each<Table>(QStringLiteral("tables"), [this](Table &&table, quint32 oid) {
                m_tableIndex.insert(oid, int(m_snapshot.tables.size()));
                m_snapshot.tables.append(std::move(table));
            }, "oid");
        }
        if (st)
            st = children(QStringLiteral("columns"), &Table::columns);
        if (st)
            st = children(QStringLiteral("constraints"), &Table::constraints);
        if (st)
            st = children(QStringLiteral("indexes"), &Table::indexes);
        if (st)
            st = children(QStringLiteral("triggers"), &Table::triggers);
        if (st)
            st = children(QStringLiteral("policies"), &Table::policies);
        return st;
    }

    Result<Snapshot> run()
    {
        m_snapshot.serverVersion = m_session.serverVersion();
        m_snapshot.capturedAt = QDateTime::currentDateTimeUtc();
        Status st = send({{QStringLiteral("schemas"), {}}, {QStringLiteral("extensions"), {}},
                          {QStringLiteral("types"), {}}, {QStringLiteral("sequences"), {}},
                          {QStringLiteral("functions"), {}}, {QStringLiteral("tables"), m_versionTable},
                          {QStringLiteral("columns"), {}}, {QStringLiteral("constraints"), {}},
                          {QStringLiteral("indexes"), {}}, {QStringLiteral("triggers"), {}},
                          {QStringLiteral("policies"), {}}});
        if (st)
            st = read();
        // Always leave pipeline mode, also after an error; the first error is the one reported.
        const Status finished = finish();
        if (!st)
            return fail(st.error());
        if (!finished)
            return fail(finished.error());
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
    Session &m_session;
    QStringList m_versionTable;   // $1 schema ('' = any), $2 name
    Snapshot m_snapshot;
    QHash<quint32, int> m_tableIndex;   // table OID -> index in m_snapshot.tables
    struct Pending
    {
        QString kind;
        QString sql;
    };
    PGconn *m_conn = nullptr;
    QList<Pending> m_pending;   // the queries sent, in order
    qsizetype m_sent = 0;
    qsizetype m_received = 0;
    bool m_pipeline = false;
    bool m_synced = false;
};

} // namespace

Result<QString> catalogQuery(const QString &kind, int serverVersionNum)
{
    const QString specific = QStringLiteral(":/revisor/catalog/%1.%2.sql").arg(kind).arg(serverVersionNum / 10000);
    QFile file(QFile::exists(specific) ? specific : QStringLiteral(":/revisor/catalog/%1.sql").arg(kind));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::of(ErrorKind::Input, QStringLiteral("catalog query %1 is missing from the resources").arg(kind)));
    return QString::fromUtf8(file.readAll());
}

Result<Snapshot> captureSnapshot(Session &session, const SnapshotOptions &options)
{
    if (session.serverVersionNum() < 120000)
        return fail(Error::database(QStringLiteral("snapshots need PostgreSQL 12 or later; the server is %1")
                                        .arg(session.serverVersion())));
    // "name" matches in any schema, "schema.name" in that schema only; empty matches nothing.
    QStringList versionTable{QStringLiteral(""), QStringLiteral("")};
    if (!options.versionTable.isEmpty()) {
        const qsizetype dot = options.versionTable.lastIndexOf(QLatin1Char('.'));
        versionTable = {dot < 0 ? QStringLiteral("") : options.versionTable.left(dot),
                        options.versionTable.mid(dot + 1)};
    }
    const bool ownTransaction = !session.inTransaction();
    if (ownTransaction) {
        if (auto begun = session.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")); !begun)
            return fail(begun.error());
    }
    // JIT compiling a catalog query never pays off: from a few thousand tables on, their
    // estimated costs pass jit_above_cost and compiling takes longer than running them. Off
    // for this transaction only; in the caller's transaction, set back afterwards.
    auto jit = session.exec(QStringLiteral("SELECT current_setting('jit'), set_config('jit', 'off', true)"));
    if (!jit) {
        if (ownTransaction)
            session.exec(QStringLiteral("ROLLBACK"));
        return fail(jit.error());
    }
    auto snapshot = Capture(session, versionTable).run();
    if (!ownTransaction && snapshot) {
        if (auto restored = session.exec(QStringLiteral("SELECT set_config('jit', $1, true)"), {jit->scalar()}); !restored)
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
