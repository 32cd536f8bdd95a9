#include "databasereset.h"

#include "runner/migrationlock.h"

namespace revisor {

namespace {

// Every schema a user could have made, with what it holds (objects that an extension owns
// count too: they go with it), and whether an extension lives there.
const char *const kSchemasSql =
    "SELECT n.nspname,"
    "       (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r','p','v','m','S','f')),"
    "       (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid),"
    "       (SELECT count(*) FROM pg_type t LEFT JOIN pg_class r ON r.oid = t.typrelid"
    "         WHERE t.typnamespace = n.oid AND (t.typtype IN ('d','e','r') OR (t.typtype = 'c' AND r.relkind = 'c'))),"
    "       EXISTS (SELECT 1 FROM pg_extension e WHERE e.extnamespace = n.oid) "
    "FROM pg_namespace n "
    "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' "
    "ORDER BY 1";

const char *const kExtensionsSql =
    "SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
    "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1";

// public as the database has it, and the statements that give a new public the same owner
// and comment. The server quotes the names and the comment (format %I / %L), so nothing is
// glued together here.
const char *const kPublicSql =
    "SELECT pg_get_userbyid(n.nspowner), coalesce(n.nspacl::text, ''), coalesce(obj_description(n.oid, 'pg_namespace'), ''),"
    "       format('CREATE SCHEMA public AUTHORIZATION %I', pg_get_userbyid(n.nspowner)),"
    "       CASE WHEN n.nspacl IS NULL THEN '' ELSE format('REVOKE ALL ON SCHEMA public FROM %I', pg_get_userbyid(n.nspowner)) END,"
    "       CASE WHEN obj_description(n.oid, 'pg_namespace') IS NULL THEN ''"
    "            ELSE format('COMMENT ON SCHEMA public IS %L', obj_description(n.oid, 'pg_namespace')) END "
    "FROM pg_namespace n WHERE n.nspname = 'public'";

// Its privileges grant by grant, in the order of its ACL (the owner revoked from itself first
// above, so that an explicit ACL comes back item for item). A superuser's GRANT is recorded as
// made by the owner, as the original grants were unless a grantee passed one on.
const char *const kPublicGrantsSql =
    "SELECT format('GRANT %s ON SCHEMA public TO %s%s', a.privilege_type,"
    "              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,"
    "              CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
    "FROM pg_namespace n, aclexplode(n.nspacl) WITH ORDINALITY AS a(grantor, grantee, privilege_type, is_grantable, ord) "
    "WHERE n.nspname = 'public' ORDER BY a.ord";

struct PublicRestore
{
    QStringList statements;
};

QString objectSummary(const ResetPlan::SchemaObjects &s)
{
    return QStringLiteral("%1 relation(s), %2 function(s), %3 type(s)").arg(s.relations).arg(s.functions).arg(s.types);
}

Result<ResetPlan> readPlan(Session &session, PublicRestore *restore)
{
    ResetPlan plan;
    plan.database = session.databaseName();
    auto schemas = session.exec(QString::fromLatin1(kSchemasSql));
    if (!schemas)
        return fail(schemas.error());
    for (const QStringList &row : schemas->rows) {
        const ResetPlan::SchemaObjects s{row.value(0), row.value(1).toInt(), row.value(2).toInt(), row.value(3).toInt()};
        // public is emptied whatever it holds; any other schema with an extension in it is
        // where the DBA keeps shared extensions, which a rehearsal must not take away.
        if (row.value(4) == QLatin1String("t") && s.name != QLatin1String("public"))
            plan.keptSchemas << s;
        else
            plan.droppedSchemas << s;
    }
    auto extensions = session.exec(QString::fromLatin1(kExtensionsSql));
    if (!extensions)
        return fail(extensions.error());
    for (const QStringList &row : extensions->rows) {
        const ResetPlan::Extension e{row.value(0), row.value(1)};
        const bool dropped = std::any_of(plan.droppedSchemas.cbegin(), plan.droppedSchemas.cend(),
                                         [&e](const ResetPlan::SchemaObjects &s) { return s.name == e.schema; });
        (dropped ? plan.droppedExtensions : plan.keptExtensions) << e;
    }
    auto pub = session.exec(QString::fromLatin1(kPublicSql));
    if (!pub)
        return fail(pub.error());
    if (!pub->rows.isEmpty()) {
        plan.publicOwner = pub->value(0, 0);
        plan.publicAcl = pub->value(0, 1);
        plan.publicComment = pub->value(0, 2);
        if (restore) {
            auto grants = session.exec(QString::fromLatin1(kPublicGrantsSql));
            if (!grants)
                return fail(grants.error());
            restore->statements << pub->value(0, 3) << pub->value(0, 4);
            for (const QStringList &row : grants->rows)
                restore->statements << row.value(0);
            restore->statements << pub->value(0, 5);
            restore->statements.removeIf([](const QString &sql) { return sql.isEmpty(); });
        }
    } else if (restore) {
        restore->statements << QStringLiteral("CREATE SCHEMA public");
    }
    return plan;
}

} // namespace

QStringList ResetPlan::describe() const
{
    QStringList lines;
    lines << QStringLiteral("reset of database '%1':").arg(database);
    for (const SchemaObjects &s : droppedSchemas) {
        if (s.name == QLatin1String("public")) {
            lines << QStringLiteral("  empty schema public (%1)").arg(objectSummary(s));
            lines << QStringLiteral("  re-create public owned by %1 with %2%3")
                         .arg(publicOwner, publicAcl.isEmpty() ? QStringLiteral("the default privileges") : QStringLiteral("privileges %1").arg(publicAcl),
                              publicComment.isEmpty() ? QString() : QStringLiteral(" and its comment"));
        } else {
            lines << QStringLiteral("  drop schema %1 (%2)").arg(s.name, objectSummary(s));
        }
    }
    if (publicOwner.isEmpty())
        lines << QStringLiteral("  create schema public (the database has none)");
    for (const Extension &e : droppedExtensions)
        lines << QStringLiteral("  drop extension %1 (in schema %2)").arg(e.name, e.schema);
    for (const SchemaObjects &s : keptSchemas)
        lines << QStringLiteral("  keep schema %1 (%2): it holds an extension").arg(s.name, objectSummary(s));
    for (const Extension &e : keptExtensions)
        lines << QStringLiteral("  keep extension %1 (in schema %2); objects of dropped schemas that use it go").arg(e.name, e.schema);
    lines << QStringLiteral("  keep roles, other databases, and the database's own settings");
    return lines;
}

Result<ResetPlan> planDatabaseReset(Session &session)
{
    return readPlan(session, nullptr);
}

Result<ResetPlan> resetDatabase(Session &session, int lockTimeoutMs, const std::atomic_bool *cancel,
                                const std::function<void(const ResetPlan &)> &planned)
{
    if (session.inTransaction())
        return fail(Error::usage(QStringLiteral("cannot reset the database inside an open transaction")));
    // Another Revisor migrating this database must not see its schemas vanish mid-step.
    auto lock = MigrationLock::acquire(session.settings(), lockTimeoutMs, cancel);
    if (!lock)
        return fail(lock.error());
    if (auto begun = session.exec(QStringLiteral("BEGIN")); !begun)
        return fail(begun.error());
    const auto rollbackWith = [&session](Error e) -> Result<ResetPlan> {
        (void)session.exec(QStringLiteral("ROLLBACK"));
        session.takeNotices();
        e.message = QStringLiteral("reset failed, nothing was dropped: ") + e.message;
        return fail(e);
    };
    // Planned inside the transaction, under the lock: what is announced is what goes.
    PublicRestore restore;
    auto plan = readPlan(session, &restore);
    if (!plan)
        return rollbackWith(plan.error());
    if (planned)
        planned(*plan);
    if (cancel && cancel->load())
        return rollbackWith(Error::of(ErrorKind::Cancelled, QStringLiteral("cancelled before anything was dropped")));
    for (const ResetPlan::SchemaObjects &s : plan->droppedSchemas) {
        if (auto dropped = session.exec(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(session.quoteIdent(s.name))); !dropped)
            return rollbackWith(dropped.error());
    }
    for (const QString &sql : restore.statements) {
        if (auto done = session.exec(sql); !done)
            return rollbackWith(done.error());
    }
    if (auto committed = session.exec(QStringLiteral("COMMIT")); !committed)
        return rollbackWith(committed.error());
    session.takeNotices();
    return plan;
}

} // namespace revisor
