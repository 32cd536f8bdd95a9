// Sqitch's registry: the "sqitch" schema with releases, projects, changes, tags,
// dependencies and events, as Sqitch 1.x (registry release 1.1) creates and fills it. After
// Revisor deploys a change, `sqitch status` shows it deployed and `sqitch revert` reverts it;
// after `sqitch deploy`, Revisor reads where the database is from the same rows. A change is
// identified by its change_id (computed from the plan as Sqitch computes it, see
// sqitchplan.h); committer name and email come from SQITCH_FULLNAME and SQITCH_EMAIL as in
// Sqitch, else the database user.
#include "runner/stores/appliedrowsstore.h"
#include "runner/stores/versionstores.h"

#include "migrations/layouts/sqitchplan.h"
#include "migrations/migrationset.h"

#include <QHash>
#include <QSysInfo>

namespace revisor {

namespace {

// The registry tables, in the order they are created (later ones reference earlier ones).
const QStringList &registryTables()
{
    static const QStringList tables{QStringLiteral("releases"), QStringLiteral("projects"), QStringLiteral("changes"),
                                    QStringLiteral("tags"), QStringLiteral("dependencies"), QStringLiteral("events")};
    return tables;
}

// Columns of each registry table; %1 is the quoted registry schema.
QString registryColumns(const QString &table)
{
    if (table == QLatin1String("releases"))
        return QStringLiteral("version real PRIMARY KEY, installed_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                              "installer_name text NOT NULL, installer_email text NOT NULL");
    if (table == QLatin1String("projects"))
        return QStringLiteral("project text PRIMARY KEY, uri text NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                              "creator_name text NOT NULL, creator_email text NOT NULL");
    if (table == QLatin1String("changes"))
        return QStringLiteral("change_id text PRIMARY KEY, script_hash text NULL, change text NOT NULL, "
                              "project text NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE, note text NOT NULL DEFAULT '', "
                              "committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), committer_name text NOT NULL, committer_email text NOT NULL, "
                              "planned_at timestamptz NOT NULL, planner_name text NOT NULL, planner_email text NOT NULL, UNIQUE (project, script_hash)");
    if (table == QLatin1String("tags"))
        return QStringLiteral("tag_id text PRIMARY KEY, tag text NOT NULL, project text NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE, "
                              "change_id text NOT NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE, note text NOT NULL DEFAULT '', "
                              "committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), committer_name text NOT NULL, committer_email text NOT NULL, "
                              "planned_at timestamptz NOT NULL, planner_name text NOT NULL, planner_email text NOT NULL, UNIQUE (project, tag)");
    if (table == QLatin1String("dependencies"))
        return QStringLiteral("change_id text NOT NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE ON DELETE CASCADE, type text NOT NULL, "
                              "dependency text NOT NULL, dependency_id text NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE "
                              "CONSTRAINT dependencies_check CHECK ((type = 'require' AND dependency_id IS NOT NULL) OR (type = 'conflict' AND dependency_id IS NULL)), "
                              "PRIMARY KEY (change_id, dependency)");
    return QStringLiteral("event text NOT NULL CONSTRAINT events_event_check CHECK (event IN ('deploy', 'revert', 'fail', 'merge')), "
                          "change_id text NOT NULL, change text NOT NULL, project text NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE, "
                          "note text NOT NULL DEFAULT '', requires text[] NOT NULL DEFAULT '{}', conflicts text[] NOT NULL DEFAULT '{}', "
                          "tags text[] NOT NULL DEFAULT '{}', committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                          "committer_name text NOT NULL, committer_email text NOT NULL, planned_at timestamptz NOT NULL, "
                          "planner_name text NOT NULL, planner_email text NOT NULL, PRIMARY KEY (change_id, committed_at)");
}

// A text[] literal of `items` for a bound parameter.
QString arrayLiteral(const QStringList &items)
{
    QStringList quoted;
    for (QString item : items) {
        item.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
        quoted << QLatin1Char('"') + item + QLatin1Char('"');
    }
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

class SqitchStore final : public TrackedVersionStore
{
public:
    SqitchStore(const MigrationSet &set, QString registry) : m_registry(std::move(registry))
    {
        for (const Revision &r : set.revisions())
            m_chain << r.id;
        auto plan = readSqitchPlan(set.directory());
        if (!plan) {
            m_planError = plan.error();
            return;
        }
        m_plan = *plan;
        for (const SqitchChange &c : m_plan.changes) {
            m_byRevision.insert(c.revisionId, c);
            m_revisionOf.insert(c.id, c.revisionId);
        }
    }

    QString name() const override { return m_registry + QStringLiteral(".changes"); }

    Result<RevisionRef> current(Session &session) override
    {
        if (m_planError)
            return fail(*m_planError);
        auto exists = session.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {table(QStringLiteral("changes"))});
        if (!exists)
            return fail(exists.error());
        if (*exists != QLatin1String("t"))
            return RevisionRef::base();
        auto rows = session.exec(QStringLiteral("SELECT change_id FROM %1 WHERE project = $1").arg(table(QStringLiteral("changes"))), {m_plan.project});
        if (!rows)
            return fail(rows.error());
        QSet<QString> applied;
        for (const QStringList &r : rows->rows)
            applied.insert(m_revisionOf.value(r.value(0), r.value(0)));
        return positionOf(m_chain, applied, name());
    }

    Status beginMove(Session &session, const PlannedStep &) override
    {
        if (m_planError)
            return fail(*m_planError);
        return resolveSchema(session);
    }

    // Who commits, as Sqitch names them: its environment variables, else the database user.
    QStringList committer() const
    {
        const QString name = qEnvironmentVariable("SQITCH_FULLNAME");
        const QString email = qEnvironmentVariable("SQITCH_EMAIL");
        return {name.isEmpty() ? QString() : name,
                email.isEmpty() ? QString() : email};
    }

    QList<BoundStatement> registrySql() const
    {
        const QString schema = Session::quoteIdentifier(m_registry);
        QList<BoundStatement> sql{{QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(schema), {}}};
        for (const QString &t : registryTables())
            sql.append({QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2)").arg(table(t), QString(registryColumns(t)).replace(QStringLiteral("%1"), schema)), {}});
        const QStringList who = committer();
        const QString host = QSysInfo::machineHostName();
        // The registry release Sqitch 1.x expects; written once, like `sqitch init`.
        sql.append({QStringLiteral("INSERT INTO %1 (version, installer_name, installer_email) "
                                   "SELECT 1.1, coalesce($1, current_user), coalesce($2, current_user || '@' || $3) "
                                   "WHERE NOT EXISTS (SELECT FROM %1)").arg(table(QStringLiteral("releases"))),
                    {who.at(0), who.at(1), host}});
        sql.append({QStringLiteral("INSERT INTO %1 (project, uri, creator_name, creator_email) "
                                   "SELECT $1, $2, coalesce($3, current_user), coalesce($4, current_user || '@' || $5) "
                                   "WHERE NOT EXISTS (SELECT FROM %1 WHERE project = $1)").arg(table(QStringLiteral("projects"))),
                    {m_plan.project, m_plan.uri.isEmpty() ? QString() : m_plan.uri, who.at(0), who.at(1), host}});
        return sql;
    }

    // The rows of one change deployed (or of its deploy failing: only the event).
    QList<BoundStatement> deploySql(const SqitchChange &c, const QString &event) const
    {
        const QStringList who = committer();
        const QString host = QSysInfo::machineHostName();
        const QString name = QStringLiteral("coalesce($%1, current_user)"), email = QStringLiteral("coalesce($%1, current_user || '@' || $%2)");
        QList<BoundStatement> sql;
        QStringList required, conflicts, tagNames;
        for (const SqitchDependency &d : c.dependencies)
            (d.conflict ? conflicts : required) << d.text;
        for (const SqitchTag &t : c.tags)
            tagNames << QLatin1Char('@') + t.name;
        if (event == QLatin1String("deploy")) {
            sql.append({QStringLiteral("INSERT INTO %1 (change_id, script_hash, change, project, note, committer_name, committer_email, planned_at, planner_name, planner_email) "
                                       "VALUES ($1, $2, $3, $4, $5, %2, %3, $8::timestamptz, $9, $10)")
                            .arg(table(QStringLiteral("changes")), name.arg(6), email.arg(7).arg(11)),
                        {c.id, c.scriptHash.isEmpty() ? QString() : c.scriptHash, c.name, m_plan.project, c.note, who.at(0), who.at(1), c.date,
                         c.plannerName, c.plannerEmail, host}});
            for (const SqitchDependency &d : c.dependencies)
                sql.append({QStringLiteral("INSERT INTO %1 (change_id, type, dependency, dependency_id) VALUES ($1, $2, $3, $4)").arg(table(QStringLiteral("dependencies"))),
                            {c.id, d.conflict ? QStringLiteral("conflict") : QStringLiteral("require"), d.text, d.conflict ? QString() : d.resolvedId}});
            for (const SqitchTag &t : c.tags)
                sql.append({QStringLiteral("INSERT INTO %1 (tag_id, tag, project, change_id, note, committer_name, committer_email, planned_at, planner_name, planner_email) "
                                           "VALUES ($1, $2, $3, $4, $5, %2, %3, $8::timestamptz, $9, $10)")
                                .arg(table(QStringLiteral("tags")), name.arg(6), email.arg(7).arg(11)),
                            {t.id, QLatin1Char('@') + t.name, m_plan.project, c.id, t.note, who.at(0), who.at(1), t.date, t.plannerName, t.plannerEmail, host}});
        }
        sql.append({QStringLiteral("INSERT INTO %1 (event, change_id, change, project, note, tags, requires, conflicts, committer_name, committer_email, "
                                   "planned_at, planner_name, planner_email) VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8::text[], %2, %3, $11::timestamptz, $12, $13)")
                        .arg(table(QStringLiteral("events")), name.arg(9), email.arg(10).arg(14)),
                    {event, c.id, c.name, m_plan.project, c.note, arrayLiteral(tagNames), arrayLiteral(required), arrayLiteral(conflicts),
                     who.at(0), who.at(1), c.date, c.plannerName, c.plannerEmail, host}});
        return sql;
    }

    // A revert, as Sqitch logs it: the change's tags and dependencies go with it, and the
    // event keeps the names they had.
    QList<BoundStatement> revertSql(const SqitchChange &c) const
    {
        const QStringList who = committer();
        return {{QStringLiteral("WITH gone_tags AS (DELETE FROM %1 WHERE change_id = $1 RETURNING tag), "
                                "deps AS (SELECT type, dependency FROM %2 WHERE change_id = $1), "
                                "gone AS (DELETE FROM %3 WHERE change_id = $1 RETURNING change_id) "
                                "INSERT INTO %4 (event, change_id, change, project, note, tags, requires, conflicts, committer_name, committer_email, "
                                "planned_at, planner_name, planner_email) "
                                "SELECT 'revert', $1, $2, $3, $4, ARRAY(SELECT tag FROM gone_tags), "
                                "ARRAY(SELECT dependency FROM deps WHERE type = 'require'), ARRAY(SELECT dependency FROM deps WHERE type = 'conflict'), "
                                "coalesce($5, current_user), coalesce($6, current_user || '@' || $10), $7::timestamptz, $8, $9 FROM gone")
                     .arg(table(QStringLiteral("tags")), table(QStringLiteral("dependencies")), table(QStringLiteral("changes")), table(QStringLiteral("events"))),
                 {c.id, c.name, m_plan.project, c.note, who.at(0), who.at(1), c.date, c.plannerName, c.plannerEmail, QSysInfo::machineHostName()}}};
    }

    QList<BoundStatement> moveSql(const PlannedStep &step) const
    {
        QList<BoundStatement> sql = registrySql();
        const MovedVersions moved = movedVersions(m_chain, step.from, step.to);
        for (const QString &v : moved.applied)
            sql += deploySql(m_byRevision.value(v), QStringLiteral("deploy"));
        for (const QString &v : moved.reverted)
            sql += revertSql(m_byRevision.value(v));
        return sql;
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        if (m_planError)
            return fail(*m_planError);
        const MovedVersions moved = movedVersions(m_chain, step.from, step.to);
        const qsizetype registryStatements = registrySql().size();
        qsizetype index = 0;
        for (const BoundStatement &s : moveSql(step)) {
            auto written = session.exec(s.sql, s.params);
            if (!written)
                return fail(written.error());
            // Each revert statement must have found its change.
            if (index++ >= registryStatements && !moved.reverted.isEmpty() && written->rowsAffected != 1)
                return fail(Error::database(QStringLiteral("%1 did not record change %2 as deployed (changed by someone else?)").arg(name(), moved.reverted.constFirst())));
        }
        session.takeNotices(); // "schema/relation already exists, skipping"
        return {};
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        QStringList text;
        for (const BoundStatement &s : moveSql(step))
            text << displaySql(s);
        return text;
    }

    // Sqitch logs a change whose deploy failed as a "fail" event; Revisor also keeps how far
    // the step got.
    Status markDirty(Session &session, const DirtyState &state) override
    {
        if (auto marked = TrackedVersionStore::markDirty(session, state); !marked)
            return marked;
        const auto change = m_byRevision.constFind(state.revision.id());
        if (!state.up || change == m_byRevision.cend())
            return {};
        auto exists = session.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {table(QStringLiteral("events"))});
        if (!exists || *exists != QLatin1String("t"))
            return {};
        for (const BoundStatement &s : deploySql(*change, QStringLiteral("fail"))) {
            if (auto written = session.exec(s.sql, s.params); !written)
                return fail(written.error());
        }
        return {};
    }

    QList<TableName> ownTables() const override
    {
        QList<TableName> tables;
        for (const QString &t : registryTables())
            tables << TableName{m_registry, t};
        return tables + revisorTables();
    }

private:
    QString table(const QString &name) const { return Session::quoteIdentifier(m_registry) + QLatin1Char('.') + Session::quoteIdentifier(name); }

    QString m_registry;
    QStringList m_chain;
    SqitchPlan m_plan;
    std::optional<Error> m_planError;
    QHash<QString, SqitchChange> m_byRevision;   ///< Revisor's id -> the change
    QHash<QString, QString> m_revisionOf;        ///< Sqitch's change_id -> Revisor's id
};

} // namespace

std::unique_ptr<VersionStore> sqitchStore(const MigrationSet &set, const QString &registry)
{
    return std::make_unique<SqitchStore>(set, registry);
}

} // namespace revisor
