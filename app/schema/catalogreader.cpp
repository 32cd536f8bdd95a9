#include "schema/catalogreader.h"
#include "schema/snapshotfields.h"

#include "db/session.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace revisor {

namespace {

Q_LOGGING_CATEGORY(lcSnapshot, "revisor.schema.snapshot", QtWarningMsg)

// Fills a snapshot type from a row whose column names are the type's field names. Column
// positions are looked up once per query, not per row.
template <typename T>
class RowReader
{
public:
    explicit RowReader(const QStringList &columns)
    {
        T probe;
        fields::Of<T>::visit(probe, [&](const char *name, const auto &member) {
            if constexpr (!fields::isList<std::decay_t<decltype(member)>>)
                m_columns.append(int(columns.indexOf(QLatin1String(name))));
        });
    }

    T read(const QStringList &row) const
    {
        T value;
        qsizetype i = 0;
        fields::Of<T>::visit(value, [&](const char *, auto &member) {
            using M = std::decay_t<decltype(member)>;
            if constexpr (!fields::isList<M>) {
                const int column = m_columns[i++];
                if (column < 0 || row[column].isNull())
                    return;
                const QString &text = row[column];
                if constexpr (std::is_same_v<M, QString>)
                    member = text;
                else if constexpr (std::is_same_v<M, bool>)
                    member = text == QLatin1String("t");
                else if constexpr (std::is_same_v<M, int>)
                    member = text.toInt();
                else
                    member = jsonStrings(text);
            }
        });
        return value;
    }

private:
    static QStringList jsonStrings(const QString &text)
    {
        QStringList out;
        for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
            out.append(v.toString());
        return out;
    }

    QList<int> m_columns;
};

QString tableKey(const QString &schema, const QString &name)
{
    return schema + QChar(0x1f) + name;
}

class Capture
{
public:
    Capture(Session &session, QStringList versionTable)
        : m_session(session)
        , m_versionTable(std::move(versionTable))
    {
    }

    // Runs one catalog query and hands each row, as a T, to `sink` (with the row's text).
    template <typename T, typename Sink>
    Status each(const QString &kind, Sink sink, const QStringList &params = {})
    {
        auto sql = catalogQuery(kind, m_session.serverVersionNum());
        if (!sql)
            return fail(sql.error());
        QElapsedTimer timer;
        timer.start();
        auto result = m_session.exec(*sql, params);
        const qint64 queryMs = timer.elapsed();
        if (!result) {
            Error e = result.error();
            e.message = QStringLiteral("snapshot: catalog query %1.sql failed: %2").arg(kind, e.message);
            return fail(e);
        }
        const RowReader<T> reader(result->columns);
        const int schema = result->columnIndex(QStringLiteral("schema"));
        const int table = result->columnIndex(QStringLiteral("table"));
        for (const QStringList &row : std::as_const(result->rows))
            sink(reader.read(row), table < 0 ? QString() : tableKey(row[schema], row[table]));
        qCDebug(lcSnapshot, "%s: %lld rows, query %lld ms, total %lld ms", qPrintable(kind),
                qlonglong(result->rows.size()), queryMs, timer.elapsed());
        return {};
    }

    // Children go to their table; rows of tables left out (version table, extension members)
    // have no table to go to and are dropped.
    template <typename T>
    Status children(const QString &kind, QList<T> Table::*list)
    {
        return each<T>(kind, [&](T &&child, const QString &key) {
            if (const auto it = m_tableIndex.constFind(key); it != m_tableIndex.constEnd())
                (m_snapshot.tables[*it].*list).append(std::move(child));
        });
    }

    Result<Snapshot> run()
    {
        m_snapshot.serverVersion = m_session.serverVersion();
        m_snapshot.capturedAt = QDateTime::currentDateTimeUtc();
        const auto append = [](auto &list) {
            return [&list](auto &&item, const QString &) { list.append(std::move(item)); };
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
        if (st)
            st = each<Table>(QStringLiteral("tables"), append(m_snapshot.tables), m_versionTable);
        if (!st)
            return fail(st.error());
        m_tableIndex.reserve(m_snapshot.tables.size());
        for (qsizetype i = 0; i < m_snapshot.tables.size(); ++i)
            m_tableIndex.insert(tableKey(m_snapshot.tables[i].schema, m_snapshot.tables[i].name), int(i));
        st = children(QStringLiteral("columns"), &Table::columns);
        if (st)
            st = children(QStringLiteral("constraints"), &Table::constraints);
        if (st)
            st = children(QStringLiteral("indexes"), &Table::indexes);
        if (st)
            st = children(QStringLiteral("triggers"), &Table::triggers);
        if (st)
            st = children(QStringLiteral("policies"), &Table::policies);
        if (!st)
            return fail(st.error());
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
    QHash<QString, int> m_tableIndex;
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
    auto snapshot = Capture(session, versionTable).run();
    if (ownTransaction) {
        auto ended = session.exec(snapshot ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
        if (!ended && snapshot)
            return fail(ended.error());
    }
    return snapshot;
}

} // namespace revisor
