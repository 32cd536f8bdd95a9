// Alembic's bookkeeping: one table, alembic_version(version_num), holding the current revision
// (one row per head; none at base). Written exactly as Alembic defines it, so that Alembic
// reads the same database Revisor moved. Alembic has no notion of a half-applied revision, so
// Revisor keeps that in a table of its own beside it (revisor_dirty, one row while dirty),
// which Alembic never reads.
#include "runner/versionstore.h"

#include "db/session.h"
#include "migrations/migrationset.h"

namespace revisor {

namespace {

// Alembic's column is VARCHAR(32): a longer id could never be recorded.
constexpr int MaxIdLength = 32;

const QString DirtyTable = QStringLiteral("revisor_dirty");
const QString HistoryTable = QStringLiteral("revisor_history");

// Whether the table `qualified` (quoted, schema-qualified) exists.
Result<bool> tableExists(Session &session, const QString &qualified)
{
    auto exists = session.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {qualified});
    if (!exists)
        return fail(exists.error());
    return *exists == QLatin1String("t");
}

class AlembicVersionStore final : public VersionStore
{
public:
    AlembicVersionStore(QString table, std::shared_ptr<const MigrationSet> graph)
        : m_table(std::move(table)), m_graph(std::move(graph)) {}

    QString name() const override { return m_table; }

    Result<RevisionRef> current(Session &session) override
    {
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return RevisionRef::base();
        auto rows = session.exec(QStringLiteral("SELECT version_num FROM %1").arg(qualified(m_table)));
        if (!rows)
            return fail(rows.error());
        QStringList ids;
        for (const auto &r : rows->rows)
            ids << r.value(0);
        if (m_graph) {
            // One row per head: the point of the set's apply order they stand for.
            const auto height = m_graph->heightOfApplied(ids);
            if (!height)
                return fail(Error::database(QStringLiteral("%1 holds %2, which is not a point of set %3's apply order (%4)")
                                                .arg(m_table, ids.join(QStringLiteral(", ")), m_graph->name(), appliedOrder())));
            return m_graph->at(*height);
        }
        if (rows->rows.size() > 1)
            return fail(Error::database(QStringLiteral("%1 holds several revisions (%2): branched databases are not supported")
                                            .arg(m_table, ids.join(QStringLiteral(", ")))));
        return rows->rows.isEmpty() ? RevisionRef::base() : RevisionRef(rows->value(0, 0));
    }

    Status beginMove(Session &, const PlannedStep &step) override
    {
        // Refuse before the step's statements run, not after: nothing to undo then.
        if (step.to.id().size() > MaxIdLength) {
            Error e = Error::input(step.revision.file, step.revision.headerLine,
                                   QStringLiteral("revision id '%1' is %2 characters long; %3.version_num holds at most %4")
                                       .arg(step.to.id()).arg(step.to.id().size()).arg(m_table).arg(MaxIdLength));
            e.revision = step.revision.id;
            return fail(e);
        }
        return {};
    }

    // The statements of a move: the table as Alembic creates it, then the one row written.
    // commitMove runs them with bound values; moveStatements shows the same text.
    QList<BoundStatement> moveSql(const PlannedStep &step) const
    {
        const QString table = qualified(m_table);
        QList<BoundStatement> sql{{QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version_num VARCHAR(32) NOT NULL, CONSTRAINT %2 PRIMARY KEY (version_num))")
                                       .arg(table, Session::quoteIdentifier(m_table + QStringLiteral("_pkc"))), {}}};
        if (m_graph) {
            // The rows of the heads before the move go, those of the heads after it come.
            const auto heads = [&](const RevisionRef &at) {
                return QStringLiteral("{%1}").arg(m_graph->appliedHeads(m_graph->height(at).value_or(0)).join(QLatin1Char(',')));
            };
            sql.append({QStringLiteral("DELETE FROM %1 WHERE version_num = ANY ($1::text[])").arg(table), {heads(step.from)}});
            sql.append({QStringLiteral("INSERT INTO %1 (version_num) SELECT unnest($1::text[])").arg(table), {heads(step.to)}});
        } else if (step.from.isBase())
            sql.append({QStringLiteral("INSERT INTO %1 (version_num) VALUES ($1)").arg(table), {step.to.id()}});
        else if (step.to.isBase())
            sql.append({QStringLiteral("DELETE FROM %1 WHERE version_num = $1").arg(table), {step.from.id()}});
        else
            sql.append({QStringLiteral("UPDATE %1 SET version_num = $1 WHERE version_num = $2").arg(table), {step.to.id(), step.from.id()}});
        return sql;
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        QStringList text;
        for (const BoundStatement &s : moveSql(step))
            text << displaySql(s);
        return text;
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return fail(resolved.error());
        if (step.from == step.to)
            return {};
        Result<QueryResult> written;
        const QList<BoundStatement> statements = moveSql(step);
        for (qsizetype i = 0; i < statements.size(); ++i) {
            written = session.exec(statements.at(i).sql, statements.at(i).params);
            if (!written)
                return fail(written.error());
            // In a graph the heads before the move must all have been there.
            if (m_graph && i == 1 && written->rowsAffected != m_graph->appliedHeads(m_graph->height(step.from).value_or(0)).size())
                return fail(Error::database(QStringLiteral("the version table %1 did not hold the heads of revision '%2' (changed by someone else?)")
                                                .arg(m_table, step.from.label())));
        }
        session.takeNotices(); // "relation already exists, skipping"
        if (!m_graph && written->rowsAffected != 1)
            return fail(Error::database(QStringLiteral("the version table %1 did not hold revision '%2' (changed by someone else?)")
                                            .arg(m_table, step.from.id())));
        return {};
    }

    Result<DirtyState> dirtyState(Session &session) override
    {
        auto exists = existing(session, DirtyTable);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return DirtyState{};
        auto rows = session.exec(QStringLiteral("SELECT revision, direction, from_version, to_version, statements_done, "
                                                "statement_count, invalid_indexes, error FROM %1")
                                     .arg(qualified(DirtyTable)));
        if (!rows)
            return fail(rows.error());
        if (rows->rows.isEmpty())
            return DirtyState{};
        const QStringList &r = rows->rows.constFirst();
        DirtyState state;
        state.dirty = true;
        state.revision = RevisionRef(r.value(0));
        state.up = r.value(1) == QLatin1String("up");
        state.from = RevisionRef(r.value(2)); // NULL: base
        state.to = RevisionRef(r.value(3));
        state.statementsDone = r.value(4).toInt();
        state.statementCount = r.value(5).toInt();
        state.invalidIndexes = r.value(6).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        state.error = r.value(7);
        return state;
    }

    Status markDirty(Session &session, const DirtyState &state) override
    {
        if (auto created = create(session, DirtyTable, QStringLiteral(
                "revision text NOT NULL, direction text NOT NULL, from_version text, "
                "to_version text, statements_done integer NOT NULL, statement_count integer NOT NULL, "
                "invalid_indexes text NOT NULL, error text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now()")); !created)
            return created;
        const QString table = qualified(DirtyTable);
        // One statement, so the old record and the new one never both exist or both vanish.
        auto written = session.exec(QStringLiteral(
            "WITH gone AS (DELETE FROM %1) INSERT INTO %1 (revision, direction, from_version, to_version, statements_done, "
            "statement_count, invalid_indexes, error) VALUES ($1, $2, $3, $4, $5::integer, $6::integer, coalesce($7, ''), coalesce($8, ''))").arg(table),
            {state.revision.id(), state.up ? QStringLiteral("up") : QStringLiteral("down"), state.from.id(), state.to.id(),
             QString::number(state.statementsDone), QString::number(state.statementCount),
             state.invalidIndexes.join(QLatin1Char('\n')), state.error});
        if (!written)
            return fail(written.error());
        return {};
    }

    Status clearDirty(Session &session) override
    {
        auto exists = existing(session, DirtyTable);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return {};
        auto cleared = session.exec(QStringLiteral("DELETE FROM %1").arg(qualified(DirtyTable)));
        if (!cleared)
            return fail(cleared.error());
        return {};
    }

    Status recordHistory(Session &session, const HistoryEntry &entry) override
    {
        if (auto created = create(session, HistoryTable, QStringLiteral(
                "id bigint PRIMARY KEY, revision text NOT NULL, direction text NOT NULL, "
                "from_version text, to_version text, script_sha256 text NOT NULL, "
                "applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), applied_by name NOT NULL DEFAULT current_user, "
                "duration_ms double precision NOT NULL")); !created)
            return created;
        const QString table = qualified(HistoryTable);
        // Numbered by hand, not by a sequence: a sequence would be one more object that
        // snapshots would have to leave out. Moves run under the migration lock, one at a time.
        auto written = session.exec(QStringLiteral("INSERT INTO %1 (id, revision, direction, from_version, to_version, script_sha256, duration_ms) "
                                                   "SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, $6::double precision FROM %1").arg(table),
                                    {entry.revision.id(), entry.up ? QStringLiteral("up") : QStringLiteral("down"), entry.from.id(),
                                     entry.to.id(), entry.scriptSha256, QString::number(entry.durationMs, 'f', 3)});
        if (!written)
            return fail(written.error());
        return {};
    }

    Result<QList<HistoryEntry>> appliedHistory(Session &session) override
    {
        auto exists = existing(session, HistoryTable);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return QList<HistoryEntry>();
        auto rows = session.exec(QStringLiteral("SELECT revision, direction, from_version, to_version, script_sha256, "
                                                "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), applied_by, duration_ms "
                                                "FROM %1 ORDER BY id").arg(qualified(HistoryTable)));
        if (!rows)
            return fail(rows.error());
        QList<HistoryEntry> history;
        for (const QStringList &r : rows->rows) {
            HistoryEntry e;
            e.revision = RevisionRef(r.value(0));
            e.up = r.value(1) == QLatin1String("up");
            e.from = RevisionRef(r.value(2));
            e.to = RevisionRef(r.value(3));
            e.scriptSha256 = r.value(4);
            e.appliedAt = QDateTime::fromString(r.value(5), Qt::ISODateWithMs);
            e.appliedBy = r.value(6);
            e.durationMs = r.value(7).toDouble();
            history << e;
        }
        return history;
    }

    QList<TableName> ownTables() const override { return {{m_schema, m_table}, {m_schema, DirtyTable}, {m_schema, HistoryTable}}; }

private:
    // Alembic's version_table_schema left unset means the first schema of the connection's
    // search path. It is resolved once, before any revision runs, and the tables are always
    // named with it: a revision that sets search_path must not make the next read look for
    // (or create) the bookkeeping somewhere else.
    Status resolveSchema(Session &session)
    {
        if (!m_schema.isEmpty())
            return {};
        auto first = session.scalar(QStringLiteral("SELECT (pg_catalog.current_schemas(false))[1]"));
        if (!first)
            return fail(first.error());
        if (first->isEmpty())
            return fail(Error::database(QStringLiteral("no schema of the search path exists to hold %1").arg(m_table)));
        m_schema = *first;
        return {};
    }

    // Whether the bookkeeping table `name` exists (in the resolved schema).
    Result<bool> existing(Session &session, const QString &name)
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return fail(resolved.error());
        return tableExists(session, qualified(name));
    }

    // Creates the bookkeeping table `name` with `columns` unless it exists.
    Status create(Session &session, const QString &name, const QString &columns)
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return resolved;
        auto created = session.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2)").arg(qualified(name), columns));
        if (!created)
            return fail(created.error());
        session.takeNotices(); // "relation already exists, skipping"
        return {};
    }

    // A bookkeeping table, quoted; schema-qualified once resolved (an offline plan, which has
    // no connection to resolve it, names it as Alembic would: unqualified).
    QString qualified(const QString &name) const
    {
        return m_schema.isEmpty() ? Session::quoteIdentifier(name)
                                  : Session::quoteIdentifier(m_schema) + QLatin1Char('.') + Session::quoteIdentifier(name);
    }

    // The set's points as heads, for a message: "base | a | a, b1 | ...".
    QString appliedOrder() const
    {
        QStringList points{QStringLiteral("base")};
        for (qsizetype h = 1; h <= m_graph->revisions().size(); ++h)
            points << m_graph->appliedHeads(h).join(QStringLiteral(", "));
        return points.join(QStringLiteral(" | "));
    }

    QString m_table;
    QString m_schema;   ///< resolved on first use
    std::shared_ptr<const MigrationSet> m_graph; ///< a branched set: one row per head
};

} // namespace

std::unique_ptr<VersionStore> alembicVersionStore(const QString &table, std::shared_ptr<const MigrationSet> graph)
{
    return std::make_unique<AlembicVersionStore>(table, std::move(graph));
}

} // namespace revisor
