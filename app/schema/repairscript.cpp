#include "schema/repairscript.h"

namespace revisor {

namespace {

// Identifiers are quoted always: the script is SQL to run, not text to read.
QString q(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString qt(const Table &t)
{
    return q(t.schema) + QLatin1Char('.') + q(t.name);
}

QString literal(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString commentValue(const QString &comment)
{
    return comment.isEmpty() ? QStringLiteral("NULL") : literal(comment);
}

QString columnSql(const Column &c)
{
    QString d = q(c.name) + QLatin1Char(' ') + c.type;
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

// The indexes a constraint creates and drops itself.
bool constraintIndex(const Table &t, const Index &i)
{
    return t.constraint(i.name) != nullptr;
}

// The three stages of a script, so that drops come before creations and alterations last.
struct Stages
{
    QList<RepairStatement> drops, creates, alters;
    QStringList unrepairable;
};

void add(QList<RepairStatement> &stage, const QString &sql, const QString &repairs)
{
    stage.append({sql, repairs});
}

QString child(const Table &t, const QString &name)
{
    return t.qualifiedName() + QLatin1Char('.') + displayIdent(name);
}

void createTable(Stages &s, const Table &t)
{
    if (t.kind != QLatin1String("table")) {
        s.unrepairable << QStringLiteral("- %1 %2: only plain tables are re-created").arg(t.kind, t.qualifiedName());
        return;
    }
    QStringList columns;
    for (const Column &c : t.columns)
        columns << QStringLiteral("    ") + columnSql(c);
    const QString what = QStringLiteral("- table ") + t.qualifiedName();
    add(s.creates, QStringLiteral("CREATE %1TABLE %2 (\n%3\n)")
                       .arg(t.persistence == QLatin1String("unlogged") ? QStringLiteral("UNLOGGED ") : QString(), qt(t),
                            columns.join(QStringLiteral(",\n"))), what);
    // Foreign keys after every table exists: they go with the alterations.
    for (const Constraint &c : t.constraints) {
        const QString sql = QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3%4")
                                .arg(qt(t), q(c.name), c.definition, c.validated ? QString() : QStringLiteral(" NOT VALID"));
        add(c.type == QLatin1String("foreign key") ? s.alters : s.creates, sql, what);
    }
    for (const Index &i : t.indexes) {
        if (!constraintIndex(t, i))
            add(s.creates, i.definition, what);
    }
    for (const Trigger &tr : t.triggers)
        add(s.alters, tr.definition, what);
    if (!t.comment.isEmpty())
        add(s.alters, QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(qt(t), literal(t.comment)), what);
    for (const Column &c : t.columns) {
        if (!c.comment.isEmpty())
            add(s.alters, QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3").arg(qt(t), q(c.name), literal(c.comment)), what);
    }
    if (!t.policies.isEmpty() || !t.acl.isEmpty())
        s.unrepairable << QStringLiteral("%1: its policies and privileges are not re-created").arg(what);
}

void repairColumns(Stages &s, const Table &now, const Table &want)
{
    for (const Column &c : now.columns) {
        if (!want.column(c.name))
            add(s.drops, QStringLiteral("ALTER TABLE %1 DROP COLUMN %2").arg(qt(now), q(c.name)), QStringLiteral("+ column ") + child(now, c.name));
    }
    for (const Column &w : want.columns) {
        const Column *c = now.column(w.name);
        const QString name = child(want, w.name);
        if (!c) {
            add(s.creates, QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(qt(want), columnSql(w)), QStringLiteral("- column ") + name);
            if (!w.comment.isEmpty())
                add(s.alters, QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3").arg(qt(want), q(w.name), literal(w.comment)), QStringLiteral("- column ") + name);
            continue;
        }
        const QString alter = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ").arg(qt(want), q(w.name));
        const auto changed = [&](const QString &attribute, const QString &from, const QString &to) {
            return QStringLiteral("~ column %1 %2: %3 -> %4").arg(name, attribute, from, to);
        };
        if (c->type != w.type)
            add(s.alters, alter + QStringLiteral("TYPE %1").arg(w.type), changed(QStringLiteral("type"), c->type, w.type));
        if (c->defaultExpr != w.defaultExpr)
            add(s.alters, alter + (w.defaultExpr.isEmpty() ? QStringLiteral("DROP DEFAULT") : QStringLiteral("SET DEFAULT ") + w.defaultExpr),
                changed(QStringLiteral("default"), c->defaultExpr, w.defaultExpr));
        if (c->notNull != w.notNull)
            add(s.alters, alter + (w.notNull ? QStringLiteral("SET NOT NULL") : QStringLiteral("DROP NOT NULL")),
                changed(QStringLiteral("not null"), c->notNull ? QStringLiteral("true") : QStringLiteral("false"),
                        w.notNull ? QStringLiteral("true") : QStringLiteral("false")));
        if (c->comment != w.comment)
            add(s.alters, QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3").arg(qt(want), q(w.name), commentValue(w.comment)),
                changed(QStringLiteral("comment"), c->comment, w.comment));
        if (c->statisticsTarget != w.statisticsTarget)
            add(s.alters, alter + QStringLiteral("SET STATISTICS %1").arg(w.statisticsTarget.isEmpty() ? QStringLiteral("-1") : w.statisticsTarget),
                changed(QStringLiteral("statistics target"), c->statisticsTarget, w.statisticsTarget));
        if (c->storage != w.storage && !w.storage.isEmpty())
            add(s.alters, alter + QStringLiteral("SET STORAGE %1").arg(w.storage.toUpper()), changed(QStringLiteral("storage"), c->storage, w.storage));
        if (c->compression != w.compression)
            add(s.alters, alter + QStringLiteral("SET COMPRESSION %1").arg(w.compression.isEmpty() ? QStringLiteral("DEFAULT") : w.compression),
                changed(QStringLiteral("compression"), c->compression, w.compression));
    }
}

void repairTable(Stages &s, const Table &now, const Table &want)
{
    if (now.columns != want.columns)
        repairColumns(s, now, want);
    for (const Constraint &c : now.constraints) {
        const Constraint *w = want.constraint(c.name);
        if (!w || !(*w == c))
            add(s.drops, QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(qt(now), q(c.name)),
                QStringLiteral("%1 constraint %2").arg(w ? QStringLiteral("~") : QStringLiteral("+"), child(now, c.name)));
    }
    for (const Constraint &w : want.constraints) {
        const Constraint *c = now.constraint(w.name);
        if (!c || !(*c == w))
            add(w.type == QLatin1String("foreign key") ? s.alters : s.creates,
                QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3%4").arg(qt(want), q(w.name), w.definition, w.validated ? QString() : QStringLiteral(" NOT VALID")),
                QStringLiteral("%1 constraint %2").arg(c ? QStringLiteral("~") : QStringLiteral("-"), child(want, w.name)));
    }
    for (const Index &i : now.indexes) {
        const Index *w = want.index(i.name);
        if (constraintIndex(now, i))
            continue;
        if (!w || w->definition != i.definition)
            add(s.drops, QStringLiteral("DROP INDEX %1.%2").arg(q(now.schema), q(i.name)),
                QStringLiteral("%1 index %2").arg(w ? QStringLiteral("~") : QStringLiteral("+"), child(now, i.name)));
    }
    for (const Index &w : want.indexes) {
        const Index *i = now.index(w.name);
        if (constraintIndex(want, w))
            continue;
        if (!i || i->definition != w.definition)
            add(s.creates, w.definition, QStringLiteral("%1 index %2").arg(i ? QStringLiteral("~") : QStringLiteral("-"), child(want, w.name)));
        if (i && i->comment != w.comment)
            add(s.alters, QStringLiteral("COMMENT ON INDEX %1.%2 IS %3").arg(q(want.schema), q(w.name), commentValue(w.comment)),
                QStringLiteral("~ index %1 comment").arg(child(want, w.name)));
    }
    for (const Trigger &t : now.triggers) {
        const Trigger *w = want.trigger(t.name);
        if (!w || w->definition != t.definition)
            add(s.drops, QStringLiteral("DROP TRIGGER %1 ON %2").arg(q(t.name), qt(now)),
                QStringLiteral("%1 trigger %2").arg(w ? QStringLiteral("~") : QStringLiteral("+"), child(now, t.name)));
    }
    for (const Trigger &w : want.triggers) {
        const Trigger *t = now.trigger(w.name);
        if (!t || t->definition != w.definition)
            add(s.alters, w.definition, QStringLiteral("%1 trigger %2").arg(t ? QStringLiteral("~") : QStringLiteral("-"), child(want, w.name)));
    }
    if (now.comment != want.comment)
        add(s.alters, QStringLiteral("COMMENT ON %1 %2 IS %3").arg(want.kind == QLatin1String("view") ? QStringLiteral("VIEW") : QStringLiteral("TABLE"),
                                                                  qt(want), commentValue(want.comment)),
            QStringLiteral("~ %1 %2 comment").arg(want.kind, want.qualifiedName()));
    if (now.replicaIdentity != want.replicaIdentity)
        add(s.alters, QStringLiteral("ALTER TABLE %1 REPLICA IDENTITY %2").arg(qt(want), want.replicaIdentity.isEmpty() ? QStringLiteral("DEFAULT")
                                                                                 : want.replicaIdentity.startsWith(QLatin1String("index "))
                                                                                     ? QStringLiteral("USING INDEX ") + want.replicaIdentity.mid(6)
                                                                                     : want.replicaIdentity.toUpper()),
            QStringLiteral("~ table %1 replica identity").arg(want.qualifiedName()));
    if (now.tablespace != want.tablespace)
        add(s.alters, QStringLiteral("ALTER TABLE %1 SET TABLESPACE %2").arg(qt(want), want.tablespace.isEmpty() ? QStringLiteral("pg_default") : q(want.tablespace)),
            QStringLiteral("~ table %1 tablespace").arg(want.qualifiedName()));
}

} // namespace

RepairScript repairScript(const Snapshot &current, const Snapshot &wanted)
{
    Stages s;
    for (const Extension &e : current.extensions) {
        if (!wanted.extension(e.name))
            add(s.drops, QStringLiteral("DROP EXTENSION %1").arg(q(e.name)), QStringLiteral("+ extension ") + displayIdent(e.name));
    }
    for (const Extension &e : wanted.extensions) {
        if (!current.extension(e.name))
            add(s.creates, QStringLiteral("CREATE EXTENSION %1 WITH SCHEMA %2 VERSION %3").arg(q(e.name), q(e.schema), literal(e.version)),
                QStringLiteral("- extension ") + displayIdent(e.name));
    }
    for (const Table &t : current.tables) {
        if (!wanted.table(t.schema, t.name))
            add(s.drops, QStringLiteral("DROP %1 %2").arg(t.kind == QLatin1String("view") ? QStringLiteral("VIEW") : QStringLiteral("TABLE"), qt(t)),
                QStringLiteral("+ %1 %2").arg(t.kind, t.qualifiedName()));
    }
    for (const Table &w : wanted.tables) {
        const Table *t = current.table(w.schema, w.name);
        if (!t)
            createTable(s, w);
        else if (!(*t == w))
            repairTable(s, *t, w);
    }
    for (const Function &f : current.functions) {
        const bool kept = std::any_of(wanted.functions.cbegin(), wanted.functions.cend(), [&f](const Function &w) {
            return w.schema == f.schema && w.name == f.name && w.arguments == f.arguments;
        });
        if (!kept)
            add(s.drops, QStringLiteral("DROP %1 %2.%3(%4)").arg(f.kind == QLatin1String("procedure") ? QStringLiteral("PROCEDURE")
                                                                  : f.kind == QLatin1String("aggregate") ? QStringLiteral("AGGREGATE") : QStringLiteral("FUNCTION"),
                                                              q(f.schema), q(f.name), f.arguments),
                QStringLiteral("+ %1 %2").arg(f.kind, f.qualifiedName()));
    }
    for (const Function &w : wanted.functions) {
        const auto now = std::find_if(current.functions.cbegin(), current.functions.cend(), [&w](const Function &f) {
            return w.schema == f.schema && w.name == f.name && w.arguments == f.arguments;
        });
        if (now == current.functions.cend() || now->definition != w.definition) {
            // pg_get_functiondef() writes CREATE OR REPLACE: it restores a changed body too.
            if (w.kind == QLatin1String("aggregate") && now != current.functions.cend())
                s.unrepairable << QStringLiteral("~ aggregate %1: drop and re-create it by hand").arg(w.qualifiedName());
            else
                add(s.creates, w.definition.trimmed(), QStringLiteral("%1 %2 %3").arg(now == current.functions.cend() ? QStringLiteral("-") : QStringLiteral("~"),
                                                                                     w.kind, w.qualifiedName()));
        }
    }
    for (const Sequence &seq : current.sequences) {
        if (!wanted.sequence(seq.schema, seq.name) && seq.ownedBy.isEmpty())
            add(s.drops, QStringLiteral("DROP SEQUENCE %1.%2").arg(q(seq.schema), q(seq.name)), QStringLiteral("+ sequence ") + seq.qualifiedName());
    }
    RepairScript script;
    script.statements = s.drops + s.creates + s.alters;
    script.unrepairable = s.unrepairable;
    return script;
}

QString RepairScript::toSql() const
{
    QString out;
    for (const RepairStatement &st : statements) {
        QString about = st.repairs;
        about.replace(QLatin1Char('\n'), QStringLiteral("\n-- "));
        out += QStringLiteral("-- repairs: %1\n%2;\n\n").arg(about, st.sql);
    }
    for (const QString &u : unrepairable)
        out += QStringLiteral("-- cannot repair: %1\n").arg(u);
    return out;
}

} // namespace revisor
