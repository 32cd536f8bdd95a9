// Flyway's flyway_schema_history: one row per script run, numbered by installed_rank, with
// the script's name, description, checksum, who ran it, how long it took and whether it
// succeeded. Revisor writes a versioned script's row (type SQL) on upgrade and an undo
// script's row (type UNDO_SQL, the undone version) on downgrade, exactly as Flyway would, so
// that `flyway info` and `flyway validate` accept the database. A step that is not
// transactional and stops half-way leaves a row with success = false, which is how Flyway
// records a failed migration (and what `flyway repair` removes).
#include "runner/stores/appliedrowsstore.h"
#include "runner/stores/versionstores.h"

#include "migrations/layouts/flywaychecksum.h"
#include "migrations/layouts/layoutsupport.h"
#include "migrations/migrationset.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>

namespace revisor {

namespace {

struct FlywayScript
{
    QString name;         ///< file name, as Flyway's "script" column holds it
    QString description;
    QString checksum;     ///< signed 32-bit, as text
};

class FlywayStore final : public TrackedVersionStore
{
public:
    FlywayStore(const MigrationSet &set, QString table) : m_table(std::move(table))
    {
        for (const Revision &r : set.revisions()) {
            m_chain << r.id;
            m_versioned.insert(r.id, {QFileInfo(r.file).fileName(), r.message, QString::number(flywayChecksum(r.upSql))});
            if (!r.irreversible)
                m_undo.insert(r.id, {QFileInfo(r.sectionFile(false)).fileName(), r.message, QString::number(flywayChecksum(r.downSql))});
        }
    }

    QString name() const override { return m_table; }

    Result<RevisionRef> current(Session &session) override
    {
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return RevisionRef::base();
        auto rows = session.exec(QStringLiteral("SELECT version, type FROM %1 WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                                     .arg(qualified(m_table)));
        if (!rows)
            return fail(rows.error());
        // Replayed in order: a versioned run applies its version, an undo run takes it back,
        // a baseline stands for every version up to it.
        QSet<QString> applied;
        for (const QStringList &r : rows->rows) {
            const QString version = canonical(r.value(0));
            if (r.value(1) == QLatin1String("UNDO_SQL")) {
                applied.remove(version);
            } else if (r.value(1) == QLatin1String("BASELINE")) {
                for (const QString &id : m_chain)
                    if (layouts::compareVersions(id, version) <= 0)
                        applied.insert(id);
            } else {
                applied.insert(version);
            }
        }
        return positionOf(m_chain, applied, m_table);
    }

    Status beginMove(Session &session, const PlannedStep &) override
    {
        m_timer.start();
        return resolveSchema(session);
    }

    QList<BoundStatement> rowsSql(const PlannedStep &step, bool success, int executionMs) const
    {
        const QString table = qualified(m_table);
        QList<BoundStatement> sql{
            {QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (installed_rank integer NOT NULL, version varchar(50), description varchar(200) NOT NULL, "
                            "type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL, "
                            "installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL, CONSTRAINT %2 PRIMARY KEY (installed_rank))")
                 .arg(table, Session::quoteIdentifier(m_table + QStringLiteral("_pk"))), {}},
            {QStringLiteral("CREATE INDEX IF NOT EXISTS %1 ON %2 (success)").arg(Session::quoteIdentifier(m_table + QStringLiteral("_s_idx")), table), {}}};
        const MovedVersions moved = movedVersions(m_chain, step.from, step.to);
        const auto row = [&](const QString &version, const QString &type, const FlywayScript &script) {
            sql.append({QStringLiteral("INSERT INTO %1 (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                                       "SELECT coalesce(max(installed_rank), 0) + 1, $1, $2, $3, $4, $5::integer, current_user, $6::integer, $7::boolean FROM %1").arg(table),
                        {version, script.description, type, script.name, script.checksum, QString::number(executionMs),
                         success ? QStringLiteral("true") : QStringLiteral("false")}});
        };
        for (const QString &v : moved.applied)
            row(v, QStringLiteral("SQL"), m_versioned.value(v));
        for (const QString &v : moved.reverted)
            row(v, QStringLiteral("UNDO_SQL"), m_undo.value(v));
        return sql;
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return resolved;
        const int ms = m_timer.isValid() ? int(m_timer.elapsed()) : 0;
        if (auto written = execAll(session, rowsSql(step, true, ms)); !written)
            return fail(written.error());
        return {};
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        QStringList text;
        for (const BoundStatement &s : rowsSql(step, true, 0))
            text << displaySql(s);
        return text;
    }

    Result<DirtyState> dirtyState(Session &session) override
    {
        auto record = revisorDirtyRecord(session);
        if (!record || record->dirty)
            return record;
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return DirtyState{};
        auto failed = session.exec(QStringLiteral("SELECT version, type, script FROM %1 WHERE NOT success ORDER BY installed_rank DESC LIMIT 1").arg(qualified(m_table)));
        if (!failed)
            return fail(failed.error());
        if (failed->rows.isEmpty())
            return DirtyState{};
        auto here = current(session);
        if (!here)
            return fail(here.error());
        DirtyState state;
        state.dirty = true;
        state.revision = RevisionRef(canonical(failed->value(0, 0)));
        state.up = failed->value(0, 1) != QLatin1String("UNDO_SQL");
        state.from = state.to = *here;
        state.error = QStringLiteral("%1 records a failed migration: %2 (version %3)").arg(m_table, failed->value(0, 2), failed->value(0, 0));
        return state;
    }

    Status markDirty(Session &session, const DirtyState &state) override
    {
        if (auto cleared = removeFailedRows(session); !cleared)
            return cleared;
        PlannedStep step;
        step.from = state.from;
        step.to = state.to;
        const int ms = m_timer.isValid() ? int(m_timer.elapsed()) : 0;
        if (auto written = execAll(session, rowsSql(step, false, ms)); !written)
            return fail(written.error());
        return TrackedVersionStore::markDirty(session, state);
    }

    // Like `flyway repair`: the failed rows go.
    Status clearDirty(Session &session) override
    {
        if (auto cleared = removeFailedRows(session); !cleared)
            return cleared;
        return TrackedVersionStore::clearDirty(session);
    }

    QList<TableName> ownTables() const override { return QList<TableName>{{schema(), m_table}} + revisorTables(); }

private:
    Status removeFailedRows(Session &session)
    {
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (*exists) {
            if (auto removed = session.exec(QStringLiteral("DELETE FROM %1 WHERE NOT success").arg(qualified(m_table))); !removed)
                return fail(removed.error());
        }
        return {};
    }

    // The set's spelling of a version Flyway recorded ("1.0" for the set's "1" is the same).
    QString canonical(const QString &version) const
    {
        for (const QString &id : m_chain)
            if (layouts::compareVersions(id, version) == 0)
                return id;
        return version;
    }

    QStringList m_chain;
    QHash<QString, FlywayScript> m_versioned;
    QHash<QString, FlywayScript> m_undo;
    QString m_table;
    QElapsedTimer m_timer;   ///< since the step began: Flyway's execution_time
};

} // namespace

std::unique_ptr<VersionStore> flywayStore(const MigrationSet &set, const QString &table)
{
    return std::make_unique<FlywayStore>(set, table);
}

} // namespace revisor
