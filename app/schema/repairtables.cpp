// Repair statements for relations (tables, views, materialized views, foreign tables) and
// what hangs off them: columns, constraints, indexes, triggers, policies.
#include "schema/repairbuilder.h"

#include <QRegularExpression>

namespace revisor::repair {

namespace {

using Change = DiffEntry::Change;

bool isRelationKind(const QString &k)
{
    return k == QLatin1String("table") || k == QLatin1String("partitioned table") || k == QLatin1String("view")
        || k == QLatin1String("materialized view") || k == QLatin1String("foreign table");
}

QString relationKeyword(const Table &t)
{
    if (t.kind == QLatin1String("view"))
        return QStringLiteral("VIEW");
    if (t.kind == QLatin1String("materialized view"))
        return QStringLiteral("MATERIALIZED VIEW");
    if (t.kind == QLatin1String("foreign table"))
        return QStringLiteral("FOREIGN TABLE");
    return QStringLiteral("TABLE");
}

QString qt(const Table &t)
{
    return q(t.schema, t.name);
}

QString columnSql(const Column &c, bool foreign)
{
    QString d = q(c.name) + QLatin1Char(' ') + c.type;
    if (foreign && !c.fdwOptions.isEmpty())
        d += QStringLiteral(" OPTIONS (%1)").arg(optionsSql(c.fdwOptions));
    if (!c.collation.isEmpty())
        d += QStringLiteral(" COLLATE ") + c.collation;
    if (!c.generated.isEmpty())
        d += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(c.generated);
    if (!c.identity.isEmpty())
        d += QStringLiteral(" GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
    if (!c.defaultExpr.isEmpty())
        d += QStringLiteral(" DEFAULT ") + c.defaultExpr;
    if (c.notNull)
        d += QStringLiteral(" NOT NULL");
    return d;
}

QString alterColumn(const Table &t, const Column &c)
{
    return QStringLiteral("ALTER %1 %2 ALTER COLUMN %3 ").arg(relationKeyword(t), qt(t), q(c.name));
}

// Storage back to the type's own: PostgreSQL 16 says SET STORAGE DEFAULT; before that the
// type's storage is looked up on the server.
QString storageSql(const Snapshot &s, const Table &t, const Column &c)
{
    if (!c.storage.isEmpty())
        return alterColumn(t, c) + QStringLiteral("SET STORAGE ") + c.storage.toUpper();
    if (s.serverVersion.section(QLatin1Char('.'), 0, 0).toInt() >= 16)
        return alterColumn(t, c) + QStringLiteral("SET STORAGE DEFAULT");
    return QStringLiteral("DO $revisor$BEGIN EXECUTE format(%1, (SELECT CASE typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' "
                          "WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END FROM pg_type WHERE oid = %2::regtype)); END$revisor$")
        .arg(literal(QString(alterColumn(t, c)).replace(QLatin1Char('%'), QStringLiteral("%%")) + QStringLiteral("SET STORAGE %s")),
             literal(c.type));
}

// What a column has beyond its definition: per-column settings and its comment.
void columnExtras(Builder &b, const Table &t, const Column &c, const DiffEntry &e)
{
    if (!c.statisticsTarget.isEmpty())
        b.add(Alter, alterColumn(t, c) + QStringLiteral("SET STATISTICS ") + c.statisticsTarget, e);
    if (!c.storage.isEmpty())
        b.add(Alter, storageSql(b.wanted, t, c), e);
    if (!c.compression.isEmpty())
        b.add(Alter, alterColumn(t, c) + QStringLiteral("SET COMPRESSION ") + c.compression, e);
    if (!c.comment.isEmpty())
        b.add(Finish, commentOn(QStringLiteral("COLUMN %1.%2").arg(qt(t), q(c.name)), c.comment), e);
    if (!c.acl.isEmpty())
        b.cannot(DiffEntry{Change::Changed, QStringLiteral("column"), t.qualifiedName() + QLatin1Char('.') + displayIdent(c.name),
                           QStringLiteral("acl"), c.acl, QString()}, aclReason());
}

QString addConstraint(const Table &t, const Constraint &c)
{
    return QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3%4").arg(qt(t), q(c.name), c.definition, c.validated ? QString() : QStringLiteral(" NOT VALID"));
}

Phase constraintPhase(const Constraint &c)
{
    return c.type == QLatin1String("foreign key") ? CreateForeignKeys : CreateParts;
}

void createIndex(Builder &b, const Table &t, const Index &i, const DiffEntry &e)
{
    b.add(CreateParts, i.definition, e);
    if (!i.tablespace.isEmpty())
        b.add(Alter, QStringLiteral("ALTER INDEX %1 SET TABLESPACE %2").arg(q(t.schema, i.name), q(i.tablespace)), e);
    if (!i.comment.isEmpty())
        b.add(Finish, commentOn(QStringLiteral("INDEX ") + q(t.schema, i.name), i.comment), e);
}

void createTrigger(Builder &b, const Table &t, const Trigger &tr, const DiffEntry &e)
{
    b.add(CreateDependents, tr.definition, e);
    if (tr.enabled != QLatin1String("origin") && !tr.enabled.isEmpty())
        b.add(CreateDependents, QStringLiteral("ALTER TABLE %1 %2 TRIGGER %3").arg(qt(t), enabledSql(tr.enabled), q(tr.name)), e);
    if (!tr.comment.isEmpty())
        b.add(Finish, commentOn(QStringLiteral("TRIGGER %1 ON %2").arg(q(tr.name), qt(t)), tr.comment), e);
}

QString createPolicy(const Table &t, const Policy &p)
{
    QStringList roles;
    for (const QString &r : p.roles)
        roles << (r == QLatin1String("public") ? QStringLiteral("PUBLIC") : q(r));
    QString sql = QStringLiteral("CREATE POLICY %1 ON %2 AS %3 FOR %4").arg(q(p.name), qt(t), p.permissive ? QStringLiteral("PERMISSIVE") : QStringLiteral("RESTRICTIVE"),
                                                                           p.command.toUpper());
    if (!roles.isEmpty())
        sql += QStringLiteral(" TO ") + roles.join(QStringLiteral(", "));
    if (!p.usingExpr.isEmpty())
        sql += QStringLiteral(" USING (%1)").arg(p.usingExpr);
    if (!p.checkExpr.isEmpty())
        sql += QStringLiteral(" WITH CHECK (%1)").arg(p.checkExpr);
    return sql;
}

void createPolicyWithComment(Builder &b, const Table &t, const Policy &p, const DiffEntry &e)
{
    b.add(CreateDependents, createPolicy(t, p), e);
    if (!p.comment.isEmpty())
        b.add(Finish, commentOn(QStringLiteral("POLICY %1 ON %2").arg(q(p.name), qt(t)), p.comment), e);
}

void createRelation(Builder &b, const Table &t, const DiffEntry &e)
{
    const bool foreign = t.kind == QLatin1String("foreign table");
    if (t.kind == QLatin1String("view") || t.kind == QLatin1String("materialized view")) {
        QString body = t.viewDefinition.trimmed();
        if (body.endsWith(QLatin1Char(';')))
            body.chop(1);
        b.add(CreateViews, QStringLiteral("CREATE %1 %2 AS\n%3").arg(relationKeyword(t), qt(t), body), e);
    } else if (!t.partitionBound.isEmpty()) {
        b.cannot(e, QStringLiteral("Revisor does not re-create partitions yet (their columns, indexes and constraints come from the parent)"));
        return;
    } else {
        QStringList columns;
        for (const Column &c : t.columns)
            columns << QStringLiteral("    ") + columnSql(c, foreign);
        QString sql = QStringLiteral("CREATE %1%2 %3 (\n%4\n)").arg(t.persistence == QLatin1String("unlogged") ? QStringLiteral("UNLOGGED ") : QString(),
                                                                 relationKeyword(t), qt(t), columns.join(QStringLiteral(",\n")));
        if (!t.inherits.isEmpty())
            sql += QStringLiteral(" INHERITS (%1)").arg(t.inherits.join(QStringLiteral(", ")));
        if (!t.partitionKey.isEmpty())
            sql += QStringLiteral(" PARTITION BY ") + t.partitionKey;
        if (foreign) {
            // foreignServer is "server OPTIONS (a=1, ...)", the server's name quoted as SQL needs.
            const QString server = t.foreignServer.section(QStringLiteral(" OPTIONS ("), 0, 0);
            QString options = t.foreignServer.section(QStringLiteral(" OPTIONS ("), 1);
            options.chop(options.isEmpty() ? 0 : 1);
            sql += QStringLiteral(" SERVER ") + server;
            if (!options.isEmpty())
                sql += QStringLiteral(" OPTIONS (%1)").arg(optionsSql(options));
        }
        if (!t.options.isEmpty())
            sql += QStringLiteral(" WITH (%1)").arg(t.options);
        if (!t.tablespace.isEmpty())
            sql += QStringLiteral(" TABLESPACE ") + q(t.tablespace);
        b.add(CreateRelations, sql, e);
    }
    for (const Column &c : t.columns)
        columnExtras(b, t, c, e);
    for (const Constraint &c : t.constraints) {
        if (c.type != QLatin1String("trigger"))
            b.add(constraintPhase(c), addConstraint(t, c), e);
        if (!c.comment.isEmpty())
            b.add(Finish, commentOn(QStringLiteral("CONSTRAINT %1 ON %2").arg(q(c.name), qt(t)), c.comment), e);
    }
    for (const Index &i : t.indexes) {
        if (!t.constraint(i.name))
            createIndex(b, t, i, e);
        else if (!i.tablespace.isEmpty())
            b.add(Alter, QStringLiteral("ALTER INDEX %1 SET TABLESPACE %2").arg(q(t.schema, i.name), q(i.tablespace)), e);
    }
    for (const Trigger &tr : t.triggers)
        createTrigger(b, t, tr, e);
    for (const Policy &p : t.policies)
        createPolicyWithComment(b, t, p, e);
    if (t.rowSecurity)
        b.add(Alter, QStringLiteral("ALTER TABLE %1 ENABLE ROW LEVEL SECURITY").arg(qt(t)), e);
    if (t.forceRowSecurity)
        b.add(Alter, QStringLiteral("ALTER TABLE %1 FORCE ROW LEVEL SECURITY").arg(qt(t)), e);
    if (!t.replicaIdentity.isEmpty())
        b.add(Alter, QStringLiteral("ALTER TABLE %1 REPLICA IDENTITY %2").arg(qt(t), t.replicaIdentity.startsWith(QLatin1String("index "))
                                                                          ? QStringLiteral("USING INDEX ") + t.replicaIdentity.mid(6) : t.replicaIdentity.toUpper()), e);
    if (!t.comment.isEmpty())
        b.add(Finish, commentOn(relationKeyword(t) + QLatin1Char(' ') + qt(t), t.comment), e);
    if (!t.acl.isEmpty())
        b.cannot(DiffEntry{Change::Changed, e.objectKind, e.name, QStringLiteral("acl"), t.acl, QString()}, aclReason());
}

// Reloptions "a=1, b=2" back to the baseline's: RESET what it lacks, SET what differs.
void repairRelOptions(Builder &b, const Table &now, const Table &w, const DiffEntry &e)
{
    const auto names = [](const QString &options) {
        QStringList out;
        for (const QString &o : options.split(QStringLiteral(", "), Qt::SkipEmptyParts))
            out << o.section(QLatin1Char('='), 0, 0);
        return out;
    };
    QStringList reset;
    for (const QString &n : names(now.options)) {
        if (!names(w.options).contains(n))
            reset << n;
    }
    if (!reset.isEmpty())
        b.add(Alter, QStringLiteral("ALTER %1 %2 RESET (%3)").arg(relationKeyword(w), qt(w), reset.join(QStringLiteral(", "))), e);
    if (!w.options.isEmpty())
        b.add(Alter, QStringLiteral("ALTER %1 %2 SET (%3)").arg(relationKeyword(w), qt(w), w.options), e);
}

void repairRelationAttribute(Builder &b, const Table &now, const Table &w, const DiffEntry &e)
{
    const QString &a = e.attribute;
    const QString alter = QStringLiteral("ALTER %1 %2 ").arg(relationKeyword(w), qt(w));
    if (a == QLatin1String("comment")) {
        b.add(Finish, commentOn(relationKeyword(w) + QLatin1Char(' ') + qt(w), w.comment), e);
    } else if (a == QLatin1String("owner")) {
        b.add(Finish, alter + QStringLiteral("OWNER TO ") + q(w.owner), e);
    } else if (a == QLatin1String("replica identity")) {
        b.add(Alter, alter + QStringLiteral("REPLICA IDENTITY ") + (w.replicaIdentity.isEmpty() ? QStringLiteral("DEFAULT")
                                                                 : w.replicaIdentity.startsWith(QLatin1String("index "))
                                                                     ? QStringLiteral("USING INDEX ") + w.replicaIdentity.mid(6)
                                                                     : w.replicaIdentity.toUpper()), e);
    } else if (a == QLatin1String("tablespace")) {
        b.add(Alter, alter + QStringLiteral("SET TABLESPACE ") + (w.tablespace.isEmpty() ? QStringLiteral("pg_default") : q(w.tablespace)), e);
    } else if (a == QLatin1String("persistence")) {
        b.add(Alter, alter + (w.persistence == QLatin1String("unlogged") ? QStringLiteral("SET UNLOGGED") : QStringLiteral("SET LOGGED")), e);
    } else if (a == QLatin1String("row security")) {
        b.add(Alter, alter + (w.rowSecurity ? QStringLiteral("ENABLE") : QStringLiteral("DISABLE")) + QStringLiteral(" ROW LEVEL SECURITY"), e);
    } else if (a == QLatin1String("force row security")) {
        b.add(Alter, alter + (w.forceRowSecurity ? QString() : QStringLiteral("NO ")) + QStringLiteral("FORCE ROW LEVEL SECURITY"), e);
    } else if (a == QLatin1String("options")) {
        repairRelOptions(b, now, w, e);
    } else if (a == QLatin1String("definition") && w.kind == QLatin1String("view") && now.kind == w.kind) {
        QString body = w.viewDefinition.trimmed();
        if (body.endsWith(QLatin1Char(';')))
            body.chop(1);
        // CREATE OR REPLACE VIEW keeps what depends on the view; it refuses to drop or
        // rename columns, which the verification then reports.
        b.add(CreateViews, QStringLiteral("CREATE OR REPLACE VIEW %1 AS\n%2").arg(qt(w), body), e);
    } else if (a == QLatin1String("server") && w.kind == QLatin1String("foreign table")) {
        const QString serverNow = now.foreignServer.section(QStringLiteral(" OPTIONS ("), 0, 0);
        const QString serverWanted = w.foreignServer.section(QStringLiteral(" OPTIONS ("), 0, 0);
        const auto options = [](const Table &t) {
            QString o = t.foreignServer.section(QStringLiteral(" OPTIONS ("), 1);
            o.chop(o.isEmpty() ? 0 : 1);
            return o;
        };
        if (serverNow != serverWanted)
            b.cannot(e, QStringLiteral("a foreign table cannot move to another server: drop it and re-create it"));
        else if (const QString change = optionChanges(options(now), options(w)); !change.isEmpty())
            b.add(Alter, alter + change, e);
    } else if (a == QLatin1String("acl")) {
        b.cannot(e, aclReason());
    } else {
        b.cannot(e, QStringLiteral("a %1's %2 cannot be altered in place: the %1 must be rebuilt").arg(w.kind, a));
    }
}

void repairRelation(Builder &b, const DiffEntry &e)
{
    if (e.change == Change::Added) {
        const Table &t = *b.current.table(e.name);
        const Phase phase = t.kind.contains(QLatin1String("view")) ? DropViews : DropRelations;
        b.add(phase, QStringLiteral("DROP %1 %2").arg(relationKeyword(t), qt(t)), e);
        return;
    }
    const Table &w = *b.wanted.table(e.name);
    if (e.change == Change::Removed) {
        createRelation(b, w, e);
        return;
    }
    repairRelationAttribute(b, *b.current.table(e.name), w, e);
}

// A column added back goes last (attnum): every column whose order among the others then
// differs from the baseline's is said, once per table.
void sayColumnOrder(Builder &b, const Table &now, const Table &w)
{
    if (!b.firstTime(QStringLiteral("column order ") + w.qualifiedName()))
        return;
    QStringList after;
    for (const Column &c : now.columns) {
        if (w.column(c.name))
            after << c.name;
    }
    for (const Column &c : w.columns) {
        if (!now.column(c.name))
            after << c.name;
    }
    QStringList baseline;
    for (const Column &c : w.columns)
        baseline << c.name;
    for (qsizetype i = 0; i < baseline.size(); ++i) {
        if (after.value(i) == baseline.at(i))
            continue;
        const QString name = w.qualifiedName() + QLatin1Char('.') + displayIdent(baseline.at(i));
        b.cannot(DiffEntry{Change::Changed, QStringLiteral("column"), name, QStringLiteral("position"), QString::number(i + 1),
                           QString::number(after.indexOf(baseline.at(i)) + 1)},
                 QStringLiteral("a column added back goes after the existing ones (PostgreSQL has no column order to alter): "
                                "the order differs until the table is rebuilt"));
    }
}

void repairColumn(Builder &b, const DiffEntry &e)
{
    QString shown;
    if (e.change == Change::Added) {
        const Table *t = tableOf(b.current, e.name, &shown);
        b.add(DropColumns, QStringLiteral("ALTER %1 %2 DROP COLUMN %3").arg(relationKeyword(*t), qt(*t), q(named(t->columns, shown)->name)), e);
        return;
    }
    const Table *w = tableOf(b.wanted, e.name, &shown);
    const Table *now = b.current.table(w->schema, w->name);
    const Column &c = *named(w->columns, shown);
    if (e.change == Change::Removed) {
        b.add(CreateRelations, QStringLiteral("ALTER %1 %2 ADD COLUMN %3").arg(relationKeyword(*w), qt(*w), columnSql(c, w->kind == QLatin1String("foreign table"))), e);
        columnExtras(b, *w, c, e);
        sayColumnOrder(b, *now, *w);
        return;
    }
    const Column &cur = *named(now->columns, shown);
    const QString alter = alterColumn(*w, c);
    const QString &a = e.attribute;
    if (a == QLatin1String("type")) {
        b.add(Alter, alter + QStringLiteral("TYPE %1 USING %2::%1").arg(c.type, q(c.name)), e);
    } else if (a == QLatin1String("collation")) {
        b.add(Alter, alter + QStringLiteral("TYPE %1 COLLATE %2").arg(c.type, c.collation.isEmpty() ? QStringLiteral("\"default\"") : c.collation), e);
    } else if (a == QLatin1String("default")) {
        b.add(Alter, alter + (c.defaultExpr.isEmpty() ? QStringLiteral("DROP DEFAULT") : QStringLiteral("SET DEFAULT ") + c.defaultExpr), e);
    } else if (a == QLatin1String("not null")) {
        b.add(Alter, alter + (c.notNull ? QStringLiteral("SET NOT NULL") : QStringLiteral("DROP NOT NULL")), e);
    } else if (a == QLatin1String("identity")) {
        if (c.identity.isEmpty())
            b.add(Alter, alter + QStringLiteral("DROP IDENTITY"), e);
        else if (cur.identity.isEmpty())
            b.add(Alter, alter + QStringLiteral("ADD GENERATED %1 AS IDENTITY").arg(c.identity.toUpper()), e);
        else
            b.add(Alter, alter + QStringLiteral("SET GENERATED %1").arg(c.identity.toUpper()), e);
    } else if (a == QLatin1String("statistics target")) {
        b.add(Alter, alter + QStringLiteral("SET STATISTICS %1").arg(c.statisticsTarget.isEmpty() ? QStringLiteral("-1") : c.statisticsTarget), e);
    } else if (a == QLatin1String("storage")) {
        b.add(Alter, storageSql(b.current, *w, c), e);
    } else if (a == QLatin1String("compression")) {
        b.add(Alter, alter + QStringLiteral("SET COMPRESSION %1").arg(c.compression.isEmpty() ? QStringLiteral("DEFAULT") : c.compression), e);
    } else if (a == QLatin1String("options")) {
        b.add(Alter, alter + optionChanges(cur.fdwOptions, c.fdwOptions), e);
    } else if (a == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("COLUMN %1.%2").arg(qt(*w), q(c.name)), c.comment), e);
    } else if (a == QLatin1String("position")) {
        b.cannot(e, QStringLiteral("PostgreSQL has no column order to alter (attnum is fixed): the order differs until the table is rebuilt"));
    } else if (a == QLatin1String("generated") && c.generated.isEmpty() && !cur.generated.isEmpty()) {
        b.add(Alter, alter + QStringLiteral("DROP EXPRESSION"), e);
    } else if (a == QLatin1String("acl")) {
        b.cannot(e, aclReason());
    } else {
        b.cannot(e, QStringLiteral("a column's %1 cannot be altered in place: drop the column and add it back (its values are lost)").arg(a));
    }
}

void repairConstraint(Builder &b, const DiffEntry &e)
{
    QString shown;
    if (e.change == Change::Added) {
        const Table *t = tableOf(b.current, e.name, &shown);
        const Constraint &c = *named(t->constraints, shown);
        if (c.type == QLatin1String("trigger"))
            return;   // a constraint trigger: dropping the trigger drops it
        b.add(c.type == QLatin1String("foreign key") ? DropForeignKeys : DropDependents,
              QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(qt(*t), q(c.name)), e);
        return;
    }
    const Table *w = tableOf(b.wanted, e.name, &shown);
    const Constraint &c = *named(w->constraints, shown);
    if (e.change == Change::Removed) {
        if (c.type == QLatin1String("trigger"))
            return;   // a constraint trigger: creating the trigger creates it
        b.add(constraintPhase(c), addConstraint(*w, c), e);
        if (!c.comment.isEmpty())
            b.add(Finish, commentOn(QStringLiteral("CONSTRAINT %1 ON %2").arg(q(c.name), qt(*w)), c.comment), e);
        return;
    }
    const Table *now = b.current.table(w->schema, w->name);
    const Constraint &cur = *named(now->constraints, shown);
    if (e.attribute == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("CONSTRAINT %1 ON %2").arg(q(c.name), qt(*w)), c.comment), e);
    } else if (e.attribute == QLatin1String("validated") && c.validated && cur.definition == c.definition) {
        b.add(Alter, QStringLiteral("ALTER TABLE %1 VALIDATE CONSTRAINT %2").arg(qt(*w), q(c.name)), e);
    } else if (b.firstTime(QStringLiteral("constraint ") + e.name)) {
        b.add(cur.type == QLatin1String("foreign key") ? DropForeignKeys : DropDependents,
              QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(qt(*w), q(c.name)), e);
        b.add(constraintPhase(c), addConstraint(*w, c), e);
    }
}

void repairIndex(Builder &b, const DiffEntry &e)
{
    QString shown;
    if (e.change == Change::Added) {
        const Table *t = tableOf(b.current, e.name, &shown);
        const Index &i = *named(t->indexes, shown);
        if (!t->constraint(i.name))   // a constraint's index goes with the constraint
            b.add(DropDependents, QStringLiteral("DROP INDEX %1").arg(q(t->schema, i.name)), e);
        return;
    }
    const Table *w = tableOf(b.wanted, e.name, &shown);
    const Index &i = *named(w->indexes, shown);
    if (e.change == Change::Removed) {
        if (!w->constraint(i.name))
            createIndex(b, *w, i, e);
        return;
    }
    const QString name = q(w->schema, i.name);
    if (e.attribute == QLatin1String("tablespace")) {
        b.add(Alter, QStringLiteral("ALTER INDEX %1 SET TABLESPACE %2").arg(name, i.tablespace.isEmpty() ? QStringLiteral("pg_default") : q(i.tablespace)), e);
    } else if (e.attribute == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("INDEX ") + name, i.comment), e);
    } else if (e.attribute == QLatin1String("valid") && i.valid) {
        b.add(Alter, QStringLiteral("REINDEX INDEX ") + name, e);
    } else if (w->constraint(i.name)) {
        // The constraint's own entry drops and re-adds it, index included.
        return;
    } else if (b.firstTime(QStringLiteral("index ") + e.name)) {
        b.add(DropDependents, QStringLiteral("DROP INDEX ") + name, e);
        createIndex(b, *w, i, e);
    }
}

void repairTrigger(Builder &b, const DiffEntry &e)
{
    QString shown;
    if (e.change == Change::Added) {
        const Table *t = tableOf(b.current, e.name, &shown);
        b.add(DropDependents, QStringLiteral("DROP TRIGGER %1 ON %2").arg(q(named(t->triggers, shown)->name), qt(*t)), e);
        return;
    }
    const Table *w = tableOf(b.wanted, e.name, &shown);
    const Trigger &tr = *named(w->triggers, shown);
    if (e.change == Change::Removed) {
        createTrigger(b, *w, tr, e);
    } else if (e.attribute == QLatin1String("enabled")) {
        b.add(CreateDependents, QStringLiteral("ALTER TABLE %1 %2 TRIGGER %3").arg(qt(*w), enabledSql(tr.enabled), q(tr.name)), e);
    } else if (e.attribute == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("TRIGGER %1 ON %2").arg(q(tr.name), qt(*w)), tr.comment), e);
    } else if (b.firstTime(QStringLiteral("trigger ") + e.name)) {
        b.add(DropDependents, QStringLiteral("DROP TRIGGER %1 ON %2").arg(q(tr.name), qt(*w)), e);
        createTrigger(b, *w, tr, e);
    }
}

void repairPolicy(Builder &b, const DiffEntry &e)
{
    QString shown;
    if (e.change == Change::Added) {
        const Table *t = tableOf(b.current, e.name, &shown);
        b.add(DropDependents, QStringLiteral("DROP POLICY %1 ON %2").arg(q(named(t->policies, shown)->name), qt(*t)), e);
        return;
    }
    const Table *w = tableOf(b.wanted, e.name, &shown);
    const Policy &p = *named(w->policies, shown);
    if (e.change == Change::Removed) {
        createPolicyWithComment(b, *w, p, e);
    } else if (e.attribute == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("POLICY %1 ON %2").arg(q(p.name), qt(*w)), p.comment), e);
    } else if (b.firstTime(QStringLiteral("policy ") + e.name)) {
        b.add(DropDependents, QStringLiteral("DROP POLICY %1 ON %2").arg(q(p.name), qt(*w)), e);
        createPolicyWithComment(b, *w, p, e);
    }
}

} // namespace

bool repairTable(Builder &b, const DiffEntry &e)
{
    const QString &k = e.objectKind;
    if (isRelationKind(k))
        repairRelation(b, e);
    else if (k == QLatin1String("column"))
        repairColumn(b, e);
    else if (k == QLatin1String("constraint"))
        repairConstraint(b, e);
    else if (k == QLatin1String("index"))
        repairIndex(b, e);
    else if (k == QLatin1String("trigger"))
        repairTrigger(b, e);
    else if (k == QLatin1String("policy"))
        repairPolicy(b, e);
    else
        return false;
    return true;
}

} // namespace revisor::repair
