#include "runner/trackedversionstore.h"

#include "db/session.h"

namespace revisor {

namespace {

const QString DirtyTable = QStringLiteral("revisor_dirty");
const QString HistoryTable = QStringLiteral("revisor_history");

} // namespace

Status TrackedVersionStore::resolveSchema(Session &session)
{
    if (!m_schema.isEmpty())
        return {};
    auto first = session.scalar(QStringLiteral("SELECT (pg_catalog.current_schemas(false))[1]"));
    if (!first)
        return fail(first.error());
    if (first->isEmpty())
        return fail(Error::database(QStringLiteral("no schema of the search path exists to hold %1").arg(name())));
    m_schema = *first;
    return {};
}

Result<bool> TrackedVersionStore::existing(Session &session, const QString &table)
{
    if (auto resolved = resolveSchema(session); !resolved)
        return fail(resolved.error());
    auto exists = session.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {qualified(table)});
    if (!exists)
        return fail(exists.error());
    return *exists == QLatin1String("t");
}

Status TrackedVersionStore::create(Session &session, const QString &table, const QString &columnsAndConstraints)
{
    if (auto resolved = resolveSchema(session); !resolved)
        return resolved;
    auto created = session.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2)").arg(qualified(table), columnsAndConstraints));
    if (!created)
        return fail(created.error());
    session.takeNotices(); // "relation already exists, skipping"
    return {};
}

QString TrackedVersionStore::qualified(const QString &table) const
{
    return m_schema.isEmpty() ? Session::quoteIdentifier(table)
                              : Session::quoteIdentifier(m_schema) + QLatin1Char('.') + Session::quoteIdentifier(table);
}

QList<TableName> TrackedVersionStore::revisorTables() const
{
    return {{m_schema, DirtyTable}, {m_schema, HistoryTable}};
}

Result<QueryResult> TrackedVersionStore::execAll(Session &session, const QList<BoundStatement> &statements)
{
    Result<QueryResult> last = QueryResult();
    for (const BoundStatement &s : statements) {
        last = session.exec(s.sql, s.params);
        if (!last)
            return last;
    }
    session.takeNotices(); // "relation already exists, skipping"
    return last;
}

Result<DirtyState> TrackedVersionStore::dirtyState(Session &session)
{
    return revisorDirtyRecord(session);
}

Result<DirtyState> TrackedVersionStore::revisorDirtyRecord(Session &session)
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

Status TrackedVersionStore::markDirty(Session &session, const DirtyState &state)
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

Status TrackedVersionStore::clearDirty(Session &session)
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

Status TrackedVersionStore::recordHistory(Session &session, const HistoryEntry &entry)
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

Result<QList<HistoryEntry>> TrackedVersionStore::appliedHistory(Session &session)
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

} // namespace revisor
