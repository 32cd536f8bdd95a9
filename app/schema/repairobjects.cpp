// Repair statements for schemas, extensions, types, sequences and routines.
#include "schema/repairbuilder.h"

#include <algorithm>

namespace revisor::repair {

namespace {

using Change = DiffEntry::Change;

template <typename T>
const T *byQualifiedName(const QList<T> &list, const QString &name)
{
    for (const T &item : list) {
        if (item.qualifiedName() == name)
            return &item;
    }
    return nullptr;
}

void repairSchema(Builder &b, const DiffEntry &e)
{
    const auto find = [&e](const Snapshot &s) {
        return std::find_if(s.schemas.cbegin(), s.schemas.cend(), [&e](const SchemaInfo &x) { return displayIdent(x.name) == e.name; });
    };
    if (e.change == Change::Added) {
        b.add(DropContainers, QStringLiteral("DROP SCHEMA %1").arg(q(find(b.current)->name)), e);
        return;
    }
    const SchemaInfo &w = *find(b.wanted);
    if (e.change == Change::Removed) {
        b.add(CreateContainers, QStringLiteral("CREATE SCHEMA %1 AUTHORIZATION %2").arg(q(w.name), q(w.owner)), e);
        if (!w.comment.isEmpty())
            b.add(Finish, commentOn(QStringLiteral("SCHEMA ") + q(w.name), w.comment), e);
        if (!w.acl.isEmpty())
            b.cannot(DiffEntry{Change::Changed, e.objectKind, e.name, QStringLiteral("acl"), w.acl, QString()}, aclReason());
    } else if (e.attribute == QLatin1String("owner")) {
        b.add(Finish, QStringLiteral("ALTER SCHEMA %1 OWNER TO %2").arg(q(w.name), q(w.owner)), e);
    } else if (e.attribute == QLatin1String("comment")) {
        b.add(Finish, commentOn(QStringLiteral("SCHEMA ") + q(w.name), w.comment), e);
    } else {
        b.cannot(e, aclReason());
    }
}

void repairExtension(Builder &b, const DiffEntry &e)
{
    const auto find = [&e](const Snapshot &s) {
        return std::find_if(s.extensions.cbegin(), s.extensions.cend(), [&e](const Extension &x) { return displayIdent(x.name) == e.name; });
    };
    if (e.change == Change::Added) {
        b.add(DropContainers, QStringLiteral("DROP EXTENSION %1").arg(q(find(b.current)->name)), e);
        return;
    }
    const Extension &w = *find(b.wanted);
    if (e.change == Change::Removed)
        b.add(CreateContainers, QStringLiteral("CREATE EXTENSION %1 WITH SCHEMA %2 VERSION %3").arg(q(w.name), q(w.schema), literal(w.version)), e);
    else if (e.attribute == QLatin1String("version"))
        b.add(CreateContainers, QStringLiteral("ALTER EXTENSION %1 UPDATE TO %2").arg(q(w.name), literal(w.version)), e);
    else
        b.add(CreateContainers, QStringLiteral("ALTER EXTENSION %1 SET SCHEMA %2").arg(q(w.name), q(w.schema)), e);
}

QString typeKeyword(const TypeDef &t)
{
    return t.kind == QLatin1String("domain") ? QStringLiteral("DOMAIN") : QStringLiteral("TYPE");
}

QString createType(const TypeDef &t)
{
    const QString name = q(t.schema, t.name);
    if (t.kind == QLatin1String("enum")) {
        QStringList labels;
        for (const QString &l : t.elements)
            labels << literal(l);
        return QStringLiteral("CREATE TYPE %1 AS ENUM (%2)").arg(name, labels.join(QStringLiteral(", ")));
    }
    if (t.kind == QLatin1String("composite"))
        return QStringLiteral("CREATE TYPE %1 AS (%2)").arg(name, t.elements.join(QStringLiteral(", ")));
    if (t.kind == QLatin1String("range"))
        return QStringLiteral("CREATE TYPE %1 AS RANGE (SUBTYPE = %2)").arg(name, t.baseType);
    QString sql = QStringLiteral("CREATE DOMAIN %1 AS %2").arg(name, t.baseType);
    if (!t.defaultExpr.isEmpty())
        sql += QStringLiteral(" DEFAULT ") + t.defaultExpr;
    if (t.notNull)
        sql += QStringLiteral(" NOT NULL");
    // Domain constraints are captured as "name definition", the name quoted as SQL needs it.
    for (const QString &c : t.elements)
        sql += QStringLiteral(" CONSTRAINT ") + c;
    return sql;
}

// Enum labels the baseline has and the rolled-back type lacks are added back in place; a
// label the rollback added cannot be taken away.
void repairEnum(Builder &b, const DiffEntry &e, const TypeDef &now, const TypeDef &w)
{
    for (const QString &label : now.elements) {
        if (!w.elements.contains(label)) {
            b.cannot(e, QStringLiteral("PostgreSQL cannot remove a value from an enum (there is no ALTER TYPE ... DROP VALUE): "
                                       "re-create the type and convert every column that uses it"));
            return;
        }
    }
    for (qsizetype i = 0; i < w.elements.size(); ++i) {
        const QString &label = w.elements.at(i);
        if (now.elements.contains(label))
            continue;
        const QString where = i > 0 ? QStringLiteral(" AFTER ") + literal(w.elements.at(i - 1))
                            : w.elements.size() > 1 ? QStringLiteral(" BEFORE ") + literal(w.elements.at(1)) : QString();
        b.add(CreateTypes, QStringLiteral("ALTER TYPE %1 ADD VALUE %2%3").arg(q(w.schema, w.name), literal(label), where), e);
    }
    // Labels in another order: the sort order of existing labels cannot be changed.
    QStringList kept = w.elements;
    kept.removeIf([&now](const QString &l) { return !now.elements.contains(l); });
    QStringList nowOrder = now.elements;
    if (kept != nowOrder)
        b.cannot(e, QStringLiteral("the labels are in another order, which PostgreSQL cannot change in place: re-create the type"));
}

void repairDomainConstraints(Builder &b, const DiffEntry &e, const TypeDef &now, const TypeDef &w)
{
    const QString name = q(w.schema, w.name);
    const auto constraintName = [](const QString &element) {
        // "name definition": the name is quote_ident()'s, so a quoted one ends at its closing quote.
        if (element.startsWith(QLatin1Char('"'))) {
            qsizetype i = 1;
            while (i < element.size()) {
                if (element.at(i) == QLatin1Char('"') && (i + 1 >= element.size() || element.at(i + 1) != QLatin1Char('"')))
                    return element.left(i + 1);
                i += element.at(i) == QLatin1Char('"') ? 2 : 1;
            }
        }
        return element.section(QLatin1Char(' '), 0, 0);
    };
    for (const QString &c : now.elements) {
        if (!w.elements.contains(c))
            b.add(DropTypes, QStringLiteral("ALTER DOMAIN %1 DROP CONSTRAINT %2").arg(name, constraintName(c)), e);
    }
    for (const QString &c : w.elements) {
        if (!now.elements.contains(c))
            b.add(CreateTypes, QStringLiteral("ALTER DOMAIN %1 ADD CONSTRAINT %2").arg(name, c), e);
    }
}

void repairType(Builder &b, const DiffEntry &e)
{
    if (e.change == Change::Added) {
        const TypeDef &t = *byQualifiedName(b.current.types, e.name);
        b.add(DropTypes, QStringLiteral("DROP %1 %2").arg(typeKeyword(t), q(t.schema, t.name)), e);
        return;
    }
    const TypeDef &w = *byQualifiedName(b.wanted.types, e.name);
    const QString name = q(w.schema, w.name);
    if (e.change == Change::Removed) {
        b.add(CreateTypes, createType(w), e);
        if (!w.comment.isEmpty())
            b.add(Finish, commentOn(typeKeyword(w) + QLatin1Char(' ') + name, w.comment), e);
        if (!w.acl.isEmpty())
            b.cannot(DiffEntry{Change::Changed, e.objectKind, e.name, QStringLiteral("acl"), w.acl, QString()}, aclReason());
        return;
    }
    const TypeDef &now = *byQualifiedName(b.current.types, e.name);
    const QString &a = e.attribute;
    if (a == QLatin1String("elements") && w.kind == QLatin1String("enum") && now.kind == w.kind)
        repairEnum(b, e, now, w);
    else if (a == QLatin1String("elements") && w.kind == QLatin1String("domain") && now.kind == w.kind)
        repairDomainConstraints(b, e, now, w);
    else if (a == QLatin1String("default") && w.kind == QLatin1String("domain"))
        b.add(Alter, QStringLiteral("ALTER DOMAIN %1 %2").arg(name, w.defaultExpr.isEmpty() ? QStringLiteral("DROP DEFAULT") : QStringLiteral("SET DEFAULT ") + w.defaultExpr), e);
    else if (a == QLatin1String("not null") && w.kind == QLatin1String("domain"))
        b.add(Alter, QStringLiteral("ALTER DOMAIN %1 %2 NOT NULL").arg(name, w.notNull ? QStringLiteral("SET") : QStringLiteral("DROP")), e);
    else if (a == QLatin1String("owner"))
        b.add(Finish, QStringLiteral("ALTER %1 %2 OWNER TO %3").arg(typeKeyword(w), name, q(w.owner)), e);
    else if (a == QLatin1String("comment"))
        b.add(Finish, commentOn(typeKeyword(w) + QLatin1Char(' ') + name, w.comment), e);
    else if (a == QLatin1String("acl"))
        b.cannot(e, aclReason());
    else
        b.cannot(e, QStringLiteral("a type's %1 cannot be altered in place: drop the type (and what uses it) and re-create it").arg(a));
}

QString createSequence(const Sequence &s)
{
    QString sql = QStringLiteral("CREATE SEQUENCE %1 AS %2").arg(q(s.schema, s.name), s.type);
    if (!s.increment.isEmpty())
        sql += QStringLiteral(" INCREMENT BY ") + s.increment;
    if (!s.minValue.isEmpty())
        sql += QStringLiteral(" MINVALUE ") + s.minValue;
    if (!s.maxValue.isEmpty())
        sql += QStringLiteral(" MAXVALUE ") + s.maxValue;
    if (!s.start.isEmpty())
        sql += QStringLiteral(" START WITH ") + s.start;
    if (!s.cache.isEmpty())
        sql += QStringLiteral(" CACHE ") + s.cache;
    sql += s.cycle ? QStringLiteral(" CYCLE") : QStringLiteral(" NO CYCLE");
    return sql;
}

// "schema.table.column" as the snapshot writes ownedBy (display form) -> quoted SQL.
QString ownedBySql(const Snapshot &s, const QString &ownedBy)
{
    if (ownedBy.isEmpty())
        return QStringLiteral("NONE");
    QString column;
    if (const Table *t = tableOf(s, ownedBy, &column)) {
        if (const Column *c = named(t->columns, column))
            return q(t->schema, t->name) + QLatin1Char('.') + q(c->name);
    }
    return ownedBy;
}

void repairSequence(Builder &b, const DiffEntry &e)
{
    // A serial's or identity's sequence comes and goes with its column: dropping or adding
    // the column repairs it.
    const auto ownerColumn = [](const Snapshot &s, const Sequence &seq) -> const Column * {
        QString column;
        const Table *t = seq.ownedBy.isEmpty() ? nullptr : tableOf(s, seq.ownedBy, &column);
        return t ? named(t->columns, column) : nullptr;
    };
    if (e.change == Change::Added) {
        const Sequence &s = *byQualifiedName(b.current.sequences, e.name);
        if (!s.ownedBy.isEmpty() && !ownerColumn(b.wanted, s) && ownerColumn(b.current, s))
            return;
        b.add(DropTypes, QStringLiteral("DROP SEQUENCE %1").arg(q(s.schema, s.name)), e);
        return;
    }
    const Sequence &w = *byQualifiedName(b.wanted.sequences, e.name);
    const QString name = q(w.schema, w.name);
    if (e.change == Change::Removed) {
        if (const Column *c = ownerColumn(b.wanted, w); c && !c->identity.isEmpty())
            return;
        b.add(CreateTypes, createSequence(w), e);
        // Owned by a column: only once the column exists again.
        if (!w.ownedBy.isEmpty())
            b.add(Alter, QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2").arg(name, ownedBySql(b.wanted, w.ownedBy)), e);
        if (!w.comment.isEmpty())
            b.add(Finish, commentOn(QStringLiteral("SEQUENCE ") + name, w.comment), e);
        return;
    }
    const QString &a = e.attribute;
    QString clause;
    if (a == QLatin1String("type"))
        clause = QStringLiteral("AS ") + w.type;
    else if (a == QLatin1String("start"))
        clause = QStringLiteral("START WITH ") + w.start;
    else if (a == QLatin1String("increment"))
        clause = QStringLiteral("INCREMENT BY ") + w.increment;
    else if (a == QLatin1String("min value"))
        clause = w.minValue.isEmpty() ? QStringLiteral("NO MINVALUE") : QStringLiteral("MINVALUE ") + w.minValue;
    else if (a == QLatin1String("max value"))
        clause = w.maxValue.isEmpty() ? QStringLiteral("NO MAXVALUE") : QStringLiteral("MAXVALUE ") + w.maxValue;
    else if (a == QLatin1String("cache"))
        clause = QStringLiteral("CACHE ") + w.cache;
    else if (a == QLatin1String("cycle"))
        clause = w.cycle ? QStringLiteral("CYCLE") : QStringLiteral("NO CYCLE");
    else if (a == QLatin1String("owned by"))
        clause = QStringLiteral("OWNED BY ") + ownedBySql(b.wanted, w.ownedBy);
    if (!clause.isEmpty())
        b.add(Alter, QStringLiteral("ALTER SEQUENCE %1 %2").arg(name, clause), e);
    else if (a == QLatin1String("owner"))
        b.add(Finish, QStringLiteral("ALTER SEQUENCE %1 OWNER TO %2").arg(name, q(w.owner)), e);
    else if (a == QLatin1String("comment"))
        b.add(Finish, commentOn(QStringLiteral("SEQUENCE ") + name, w.comment), e);
    else
        b.cannot(e, aclReason());
}

QString routineKeyword(const Function &f)
{
    if (f.kind == QLatin1String("procedure"))
        return QStringLiteral("PROCEDURE");
    if (f.kind == QLatin1String("aggregate"))
        return QStringLiteral("AGGREGATE");
    return QStringLiteral("FUNCTION");
}

QString routineName(const Function &f)
{
    return QStringLiteral("%1 %2(%3)").arg(routineKeyword(f), q(f.schema, f.name), f.arguments);
}

void createRoutine(Builder &b, const Function &w, const DiffEntry &e)
{
    b.add(CreateRoutines, w.definition.trimmed(), e);
    if (!w.comment.isEmpty())
        b.add(Finish, commentOn(routineName(w), w.comment), e);
    if (!w.acl.isEmpty())
        b.cannot(DiffEntry{Change::Changed, e.objectKind, e.name, QStringLiteral("acl"), w.acl, QString()}, aclReason());
}

void repairRoutine(Builder &b, const DiffEntry &e)
{
    if (e.change == Change::Added) {
        b.add(DropRoutines, QStringLiteral("DROP ") + routineName(*byQualifiedName(b.current.functions, e.name)), e);
        return;
    }
    const Function &w = *byQualifiedName(b.wanted.functions, e.name);
    if (e.change == Change::Removed) {
        createRoutine(b, w, e);
        return;
    }
    const Function &now = *byQualifiedName(b.current.functions, e.name);
    const QString &a = e.attribute;
    if (a == QLatin1String("definition") || a == QLatin1String("kind")) {
        if (!b.firstTime(QStringLiteral("routine ") + e.name))
            return;
        // pg_get_functiondef() writes CREATE OR REPLACE, which keeps the routine's identity
        // (and what depends on it) but cannot change its result type or turn an aggregate into
        // something else: those are dropped and re-created.
        if (w.kind == QLatin1String("aggregate") || now.kind != w.kind || now.result != w.result)
            b.add(DropRoutines, QStringLiteral("DROP ") + routineName(now), e);
        b.add(CreateRoutines, w.definition.trimmed(), e);
    } else if (a == QLatin1String("owner")) {
        b.add(Finish, QStringLiteral("ALTER %1 OWNER TO %2").arg(routineName(w), q(w.owner)), e);
    } else if (a == QLatin1String("comment")) {
        b.add(Finish, commentOn(routineName(w), w.comment), e);
    } else {
        b.cannot(e, aclReason());
    }
}

} // namespace

bool repairObject(Builder &b, const DiffEntry &e)
{
    const QString &k = e.objectKind;
    if (k == QLatin1String("schema"))
        repairSchema(b, e);
    else if (k == QLatin1String("extension"))
        repairExtension(b, e);
    else if (k == QLatin1String("type"))
        repairType(b, e);
    else if (k == QLatin1String("sequence"))
        repairSequence(b, e);
    else if (k == QLatin1String("function") || k == QLatin1String("procedure") || k == QLatin1String("aggregate")
             || k == QLatin1String("window function"))
        repairRoutine(b, e);
    else
        return false;
    return true;
}

} // namespace revisor::repair
