// golang-migrate's bookkeeping: schema_migrations(version bigint, dirty boolean), one row.
// golang-migrate writes (target, dirty=true) before a migration runs and (target, false)
// after it; a failure leaves the row dirty and golang-migrate then refuses to move until
// "force". Revisor writes the same: for a transactional step both writes fall into the step's
// transaction (so only the clean row is ever seen), for a step that is not transactional the
// dirty row is committed first and stays if the step fails. Revisor's own dirty record beside
// it keeps how far the step got, which golang-migrate's flag cannot say.
#include "runner/stores/versionstores.h"
#include "runner/trackedversionstore.h"

#include "db/session.h"
#include "migrations/migrationset.h"

namespace revisor {

namespace {

// golang-migrate's "no version": the row it writes when a migration down to nothing stops
// half-way.
const QString NilVersion = QStringLiteral("-1");

QString versionOf(const RevisionRef &ref)
{
    return ref.isBase() ? NilVersion : ref.id();
}

class GolangMigrateStore final : public TrackedVersionStore
{
public:
    explicit GolangMigrateStore(QString table) : m_table(std::move(table)) {}

    QString name() const override { return m_table; }

    struct Row
    {
        bool present = false;
        QString version;
        bool dirty = false;
    };

    Result<Row> row(Session &session)
    {
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return Row{};
        auto rows = session.exec(QStringLiteral("SELECT version::text, dirty FROM %1").arg(qualified(m_table)));
        if (!rows)
            return fail(rows.error());
        if (rows->rows.size() > 1)
            return fail(Error::database(QStringLiteral("%1 holds %2 rows; golang-migrate keeps exactly one").arg(m_table).arg(rows->rows.size())));
        if (rows->rows.isEmpty())
            return Row{};
        return Row{true, rows->value(0, 0), rows->value(0, 1) == QLatin1String("t")};
    }

    Result<RevisionRef> current(Session &session) override
    {
        auto r = row(session);
        if (!r)
            return fail(r.error());
        // A dirty row names the version a step was moving to; Revisor's record says where it
        // started, which is where the bookkeeping of completed steps stands.
        if (r->dirty) {
            auto record = revisorDirtyRecord(session);
            if (!record)
                return fail(record.error());
            if (record->dirty)
                return record->from;
        }
        return !r->present || r->version == NilVersion ? RevisionRef::base() : RevisionRef(r->version);
    }

    QList<BoundStatement> writeSql(const QString &version, bool dirty) const
    {
        const QString table = qualified(m_table);
        QList<BoundStatement> sql{
            {QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)").arg(table), {}},
            {QStringLiteral("DELETE FROM %1").arg(table), {}}};
        // Like golang-migrate: no row at "no version", unless that is where a dirty step goes.
        if (version != NilVersion || dirty)
            sql.append({QStringLiteral("INSERT INTO %1 (version, dirty) VALUES ($1::bigint, $2::boolean)").arg(table),
                        {version, dirty ? QStringLiteral("true") : QStringLiteral("false")}});
        return sql;
    }

    Status write(Session &session, const QString &version, bool dirty)
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return resolved;
        if (auto written = execAll(session, writeSql(version, dirty)); !written)
            return fail(written.error());
        return {};
    }

    Status beginMove(Session &session, const PlannedStep &step) override
    {
        m_movingFrom = step.from;
        // A transactional step's dirty row would never be seen by anyone: only the step that
        // runs statement by statement is marked while it runs.
        if (step.revision.transactionalFor(step.direction == PlannedStep::Direction::Up))
            return {};
        return write(session, versionOf(step.to), true);
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        m_movingFrom.reset();
        return write(session, versionOf(step.to), false);
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        QStringList text;
        for (const BoundStatement &s : writeSql(versionOf(step.to), false))
            text << displaySql(s);
        return text;
    }

    Result<DirtyState> dirtyState(Session &session) override
    {
        auto record = revisorDirtyRecord(session);
        if (!record || record->dirty)
            return record;
        auto r = row(session);
        if (!r)
            return fail(r.error());
        if (!r->dirty)
            return DirtyState{};
        // Left dirty by golang-migrate itself (or by a step Revisor could not record): only
        // the version it was moving to is known.
        DirtyState state;
        state.dirty = true;
        state.revision = state.from = state.to = r->version == NilVersion ? RevisionRef::base() : RevisionRef(r->version);
        state.error = QStringLiteral("%1 is marked dirty at version %2 (a migration stopped half-way)").arg(m_table, r->version);
        return state;
    }

    Status markDirty(Session &session, const DirtyState &state) override
    {
        if (auto marked = write(session, versionOf(state.to), true); !marked)
            return marked;
        return TrackedVersionStore::markDirty(session, state);
    }

    // The step is settled: a row still dirty goes back to where the step started (the record's
    // "from", or the step just refused), or, left dirty by golang-migrate itself, stays at its
    // version like golang-migrate's "force".
    Status clearDirty(Session &session) override
    {
        auto record = revisorDirtyRecord(session);
        if (!record)
            return fail(record.error());
        auto r = row(session);
        if (!r)
            return fail(r.error());
        if (r->dirty) {
            const QString version = record->dirty ? versionOf(record->from) : m_movingFrom ? versionOf(*m_movingFrom) : r->version;
            if (auto written = write(session, version, false); !written)
                return written;
        }
        m_movingFrom.reset();
        return TrackedVersionStore::clearDirty(session);
    }

    QList<TableName> ownTables() const override { return QList<TableName>{{schema(), m_table}} + revisorTables(); }

private:
    QString m_table;
    std::optional<RevisionRef> m_movingFrom;   ///< the step begun and not yet recorded
};

} // namespace

std::unique_ptr<VersionStore> golangMigrateStore(const QString &table)
{
    return std::make_unique<GolangMigrateStore>(table);
}

} // namespace revisor
