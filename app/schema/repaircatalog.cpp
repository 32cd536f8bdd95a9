// Repair statements for the kinds the snapshot keeps as CatalogObjects: publications, extended
// statistics, rules, event triggers, casts, operators, collations, text-search configurations,
// foreign-data wrappers, servers, user mappings. Default privileges and settings are in
// repairsettings.cpp.
#include "schema/repairbuilder.h"

#include <QRegularExpression>

namespace revisor::repair {

namespace {

using Change = DiffEntry::Change;

// Catalog objects' names are written by quote_ident() on the server: valid SQL as they are.
QString dropSql(const CatalogObject &o)
{
    const QString &k = o.kind;
    if (k == QLatin1String("publication"))
        return QStringLiteral("DROP PUBLICATION ") + o.name;
    if (k == QLatin1String("statistics"))
        return QStringLiteral("DROP STATISTICS ") + o.name;
    if (k == QLatin1String("event trigger"))
        return QStringLiteral("DROP EVENT TRIGGER ") + o.name;
    if (k == QLatin1String("cast"))
        return QStringLiteral("DROP CAST (%1)").arg(o.name);
    if (k == QLatin1String("operator"))
        return QStringLiteral("DROP OPERATOR ") + o.name;
    if (k == QLatin1String("collation"))
        return QStringLiteral("DROP COLLATION ") + o.name;
    if (k == QLatin1String("text search configuration"))
        return QStringLiteral("DROP TEXT SEARCH CONFIGURATION ") + o.name;
    if (k == QLatin1String("foreign data wrapper"))
        return QStringLiteral("DROP FOREIGN DATA WRAPPER ") + o.name;
    if (k == QLatin1String("server"))
        return QStringLiteral("DROP SERVER ") + o.name;
    if (k == QLatin1String("user mapping"))
        return QStringLiteral("DROP USER MAPPING ") + o.name;
    if (k == QLatin1String("rule")) {
        const QString rule = ruleName(o);
        return rule.isEmpty() ? QString() : QStringLiteral("DROP RULE %1 ON %2").arg(rule, q(o.tableSchema, o.tableName));
    }
    return {};
}

Phase dropPhase(const QString &kind)
{
    if (kind == QLatin1String("server") || kind == QLatin1String("foreign data wrapper") || kind == QLatin1String("collation")
        || kind == QLatin1String("text search configuration"))
        return DropContainers;
    return DropDependents;
}

// The keyword COMMENT ON, ALTER ... OWNER TO use for a kind.
QString objectKeyword(const CatalogObject &o)
{
    const QString &k = o.kind;
    if (k == QLatin1String("cast"))
        return QStringLiteral("CAST (%1)").arg(o.name);
    if (k == QLatin1String("rule"))
        return QStringLiteral("RULE %1 ON %2").arg(ruleName(o), q(o.tableSchema, o.tableName));
    return k.toUpper() + QLatin1Char(' ') + o.name;
}

QString publishOptions(const CatalogObject &p)
{
    QStringList with{QStringLiteral("publish = ") + literal(p.attribute(QStringLiteral("publish")))};
    const QString root = p.attribute(QStringLiteral("publish via partition root"));
    if (!root.isEmpty())
        with << QStringLiteral("publish_via_partition_root = ") + root;
    return with.join(QStringLiteral(", "));
}

// A publication's "table <name>" attribute: "all columns" or "(a, b)", then " WHERE (...)".
QString publicationTable(const QString &attribute, const QString &value)
{
    QString spec = attribute.mid(6);
    QString rest = value;
    if (rest.startsWith(QLatin1String("all columns")))
        rest = rest.mid(11);
    return spec + (rest.isEmpty() ? QString() : (rest.startsWith(QLatin1Char(' ')) ? rest : QLatin1Char(' ') + rest));
}

QStringList createPublication(const CatalogObject &p)
{
    QStringList sql;
    const bool all = p.attribute(QStringLiteral("all tables")) == QLatin1String("true");
    sql << QStringLiteral("CREATE PUBLICATION %1%2 WITH (%3)").arg(p.name, all ? QStringLiteral(" FOR ALL TABLES") : QString(), publishOptions(p));
    for (const CatalogAttribute &a : p.attributes) {
        if (a.name.startsWith(QLatin1String("table ")))
            sql << QStringLiteral("ALTER PUBLICATION %1 ADD TABLE %2").arg(p.name, publicationTable(a.name, a.value));
    }
    return sql;
}

QStringList createEventTrigger(const CatalogObject &o)
{
    QString sql = QStringLiteral("CREATE EVENT TRIGGER %1 ON %2").arg(o.name, o.attribute(QStringLiteral("event")));
    const QString tags = o.attribute(QStringLiteral("tags"));
    if (!tags.isEmpty()) {
        QStringList literals;
        for (const QString &t : tags.split(QStringLiteral(", ")))
            literals << literal(t);
        sql += QStringLiteral(" WHEN TAG IN (%1)").arg(literals.join(QStringLiteral(", ")));
    }
    sql += QStringLiteral(" EXECUTE FUNCTION ") + o.attribute(QStringLiteral("function"));
    QStringList out{sql};
    const QString enabled = o.attribute(QStringLiteral("enabled"));
    if (!enabled.isEmpty() && enabled != QLatin1String("origin"))
        out << QStringLiteral("ALTER EVENT TRIGGER %1 %2").arg(o.name, enabledSql(enabled));
    return out;
}

QStringList createCast(const CatalogObject &o)
{
    const QString method = o.attribute(QStringLiteral("method"));
    QString how = method == QLatin1String("inout") ? QStringLiteral("WITH INOUT")
                : method == QLatin1String("binary") ? QStringLiteral("WITHOUT FUNCTION")
                : QStringLiteral("WITH FUNCTION ") + o.attribute(QStringLiteral("function"));
    const QString context = o.attribute(QStringLiteral("context"));
    if (context == QLatin1String("implicit"))
        how += QStringLiteral(" AS IMPLICIT");
    else if (context == QLatin1String("assignment"))
        how += QStringLiteral(" AS ASSIGNMENT");
    return {QStringLiteral("CREATE CAST (%1) %2").arg(o.name, how)};
}

// "schema.===(text, text)" -> "schema.===", "text", "text".
QStringList createOperator(const CatalogObject &o)
{
    const qsizetype open = o.name.lastIndexOf(QLatin1Char('('));
    const QString symbol = o.name.left(open);
    const QStringList operands = o.name.mid(open + 1).chopped(1).split(QStringLiteral(", "));
    QStringList args;
    if (operands.value(0) != QLatin1String("NONE"))
        args << QStringLiteral("LEFTARG = ") + operands.value(0);
    if (operands.value(1) != QLatin1String("NONE"))
        args << QStringLiteral("RIGHTARG = ") + operands.value(1);
    // regprocedure text "f(text,text)": FUNCTION takes the name alone.
    args << QStringLiteral("FUNCTION = ") + o.attribute(QStringLiteral("function")).section(QLatin1Char('('), 0, 0);
    const auto operatorName = [](const QString &regoperator) { return QStringLiteral("OPERATOR(%1)").arg(regoperator.section(QLatin1Char('('), 0, 0)); };
    if (const QString c = o.attribute(QStringLiteral("commutator")); !c.isEmpty())
        args << QStringLiteral("COMMUTATOR = ") + operatorName(c);
    if (const QString n = o.attribute(QStringLiteral("negator")); !n.isEmpty())
        args << QStringLiteral("NEGATOR = ") + operatorName(n);
    if (const QString r = o.attribute(QStringLiteral("restrict")); !r.isEmpty())
        args << QStringLiteral("RESTRICT = ") + r;
    if (const QString j = o.attribute(QStringLiteral("join")); !j.isEmpty())
        args << QStringLiteral("JOIN = ") + j;
    if (o.attribute(QStringLiteral("hashes")) == QLatin1String("true"))
        args << QStringLiteral("HASHES");
    if (o.attribute(QStringLiteral("merges")) == QLatin1String("true"))
        args << QStringLiteral("MERGES");
    return {QStringLiteral("CREATE OPERATOR %1 (%2)").arg(symbol, args.join(QStringLiteral(", ")))};
}

QStringList createCollation(const CatalogObject &o)
{
    const QString provider = o.attribute(QStringLiteral("provider"));
    QStringList args{QStringLiteral("provider = ") + (provider.isEmpty() ? QStringLiteral("libc") : provider)};
    const QString locale = o.attribute(QStringLiteral("locale"));
    if (!locale.isEmpty()) {
        args << QStringLiteral("locale = ") + literal(locale);
    } else {
        args << QStringLiteral("lc_collate = ") + literal(o.attribute(QStringLiteral("lc_collate")));
        args << QStringLiteral("lc_ctype = ") + literal(o.attribute(QStringLiteral("lc_ctype")));
    }
    if (o.attribute(QStringLiteral("deterministic")) == QLatin1String("false"))
        args << QStringLiteral("deterministic = false");
    if (const QString rules = o.attribute(QStringLiteral("rules")); !rules.isEmpty())
        args << QStringLiteral("rules = ") + literal(rules);
    return {QStringLiteral("CREATE COLLATION %1 (%2)").arg(o.name, args.join(QStringLiteral(", ")))};
}

QStringList createTextSearch(const CatalogObject &o)
{
    QStringList sql{QStringLiteral("CREATE TEXT SEARCH CONFIGURATION %1 (PARSER = %2)").arg(o.name, o.attribute(QStringLiteral("parser")))};
    for (const CatalogAttribute &a : o.attributes) {
        if (a.name.startsWith(QLatin1String("mapping ")))
            sql << QStringLiteral("ALTER TEXT SEARCH CONFIGURATION %1 ADD MAPPING FOR %2 WITH %3").arg(o.name, a.name.mid(8), a.value);
    }
    return sql;
}

QStringList createWrapper(const CatalogObject &o)
{
    QString sql = QStringLiteral("CREATE FOREIGN DATA WRAPPER ") + o.name;
    if (const QString h = o.attribute(QStringLiteral("handler")); !h.isEmpty())
        sql += QStringLiteral(" HANDLER ") + h;
    if (const QString v = o.attribute(QStringLiteral("validator")); !v.isEmpty())
        sql += QStringLiteral(" VALIDATOR ") + v;
    if (const QString options = o.attribute(QStringLiteral("options")); !options.isEmpty())
        sql += QStringLiteral(" OPTIONS (%1)").arg(optionsSql(options));
    return {sql};
}

QStringList createServer(const CatalogObject &o)
{
    QString sql = QStringLiteral("CREATE SERVER ") + o.name;
    if (const QString t = o.attribute(QStringLiteral("type")); !t.isEmpty())
        sql += QStringLiteral(" TYPE ") + literal(t);
    if (const QString v = o.attribute(QStringLiteral("version")); !v.isEmpty())
        sql += QStringLiteral(" VERSION ") + literal(v);
    sql += QStringLiteral(" FOREIGN DATA WRAPPER ") + o.attribute(QStringLiteral("wrapper"));
    if (const QString options = o.attribute(QStringLiteral("options")); !options.isEmpty())
        sql += QStringLiteral(" OPTIONS (%1)").arg(optionsSql(options));
    return {sql};
}

// A user mapping's options without the secrets, which the snapshot never holds.
const QString Secret = QStringLiteral("(secret, not captured)");

QString withoutSecrets(const QString &options)
{
    QStringList kept;
    for (const QString &o : options.split(QStringLiteral(", "), Qt::SkipEmptyParts)) {
        if (!o.endsWith(QLatin1Char('=') + Secret))
            kept << o;
    }
    return kept.join(QStringLiteral(", "));
}

bool hasSecret(const QString &options)
{
    return options.contains(QLatin1Char('=') + Secret);
}

QStringList secretNames(const QString &options)
{
    QStringList names;
    for (const QString &o : options.split(QStringLiteral(", "), Qt::SkipEmptyParts)) {
        if (o.endsWith(QLatin1Char('=') + Secret))
            names << o.section(QLatin1Char('='), 0, 0);
    }
    return names;
}

QStringList createStatistics(const CatalogObject &o)
{
    QStringList sql{o.attribute(QStringLiteral("definition"))};
    if (const QString target = o.attribute(QStringLiteral("statistics target")); !target.isEmpty())
        sql << QStringLiteral("ALTER STATISTICS %1 SET STATISTICS %2").arg(o.name, target);
    return sql;
}

QStringList createRule(const CatalogObject &o)
{
    QString sql = o.attribute(QStringLiteral("definition")).trimmed();
    if (sql.endsWith(QLatin1Char(';')))
        sql.chop(1);
    QStringList out{sql};
    const QString enabled = o.attribute(QStringLiteral("enabled"));
    if (!enabled.isEmpty() && enabled != QLatin1String("origin"))
        out << QStringLiteral("ALTER TABLE %1 %2 RULE %3").arg(q(o.tableSchema, o.tableName), enabledSql(enabled), ruleName(o));
    return out;
}

// The statements that create `o` as the snapshot has it, comment and owner apart; empty for
// a kind this file does not create.
QStringList createSql(const CatalogObject &o)
{
    const QString &k = o.kind;
    if (k == QLatin1String("publication"))
        return createPublication(o);
    if (k == QLatin1String("statistics"))
        return createStatistics(o);
    if (k == QLatin1String("rule"))
        return ruleName(o).isEmpty() ? QStringList() : createRule(o);
    if (k == QLatin1String("event trigger"))
        return createEventTrigger(o);
    if (k == QLatin1String("cast"))
        return createCast(o);
    if (k == QLatin1String("operator"))
        return createOperator(o);
    if (k == QLatin1String("collation"))
        return createCollation(o);
    if (k == QLatin1String("text search configuration"))
        return createTextSearch(o);
    if (k == QLatin1String("foreign data wrapper"))
        return createWrapper(o);
    if (k == QLatin1String("server"))
        return createServer(o);
    return {};
}

Phase createPhase(const QString &kind)
{
    if (kind == QLatin1String("server") || kind == QLatin1String("foreign data wrapper") || kind == QLatin1String("collation"))
        return CreateContainers;
    if (kind == QLatin1String("text search configuration"))
        return CreateTypes;
    return CreateDependents;
}

void create(Builder &b, const CatalogObject &o, const DiffEntry &e)
{
    if (o.kind == QLatin1String("user mapping")) {
        const QString options = o.attribute(QStringLiteral("options"));
        const QString kept = withoutSecrets(options);
        b.add(CreateContainers, QStringLiteral("CREATE USER MAPPING %1%2").arg(o.name, kept.isEmpty() ? QString() : QStringLiteral(" OPTIONS (%1)").arg(optionsSql(kept))), e);
        if (hasSecret(options))
            b.cannot(DiffEntry{Change::Changed, e.objectKind, e.name, QStringLiteral("options"), options, QString()},
                     QStringLiteral("its secret options (passwords, keys) are never captured: add them by hand"));
        return;
    }
    const QStringList sql = createSql(o);
    if (sql.isEmpty()) {
        b.cannot(e, QStringLiteral("Revisor does not generate DDL for a %1 yet").arg(o.kind));
        return;
    }
    for (const QString &s : sql)
        b.add(createPhase(o.kind), s, e);
    const QString comment = o.attribute(QStringLiteral("comment"));
    if (!comment.isEmpty())
        b.add(Finish, commentOn(objectKeyword(o), comment), e);
}

void recreate(Builder &b, const CatalogObject &now, const CatalogObject &w, const DiffEntry &e)
{
    if (!b.firstTime(e.objectKind + QLatin1Char(' ') + e.name))
        return;
    b.add(dropPhase(now.kind), dropSql(now), e);
    create(b, w, e);
}

// ALTER for one changed attribute; false where the object must be re-created instead.
bool alterAttribute(Builder &b, const CatalogObject &now, const CatalogObject &w, const DiffEntry &e)
{
    const QString &k = w.kind, &a = e.attribute;
    const QString value = w.attribute(a);
    if (a == QLatin1String("comment")) {
        b.add(Finish, commentOn(objectKeyword(w), value), e);
        return true;
    }
    if (a == QLatin1String("owner") && k != QLatin1String("rule") && k != QLatin1String("cast")) {
        b.add(Finish, QStringLiteral("ALTER %1 OWNER TO %2").arg(objectKeyword(w), q(value)), e);
        return true;
    }
    if (k == QLatin1String("publication")) {
        if (a.startsWith(QLatin1String("table "))) {
            const QString table = a.mid(6);
            if (!now.attribute(a).isEmpty())
                b.add(DropDependents, QStringLiteral("ALTER PUBLICATION %1 DROP TABLE %2").arg(w.name, table), e);
            if (!value.isEmpty())
                b.add(CreateDependents, QStringLiteral("ALTER PUBLICATION %1 ADD TABLE %2").arg(w.name, publicationTable(a, value)), e);
            return true;
        }
        if (a == QLatin1String("publish") || a == QLatin1String("publish via partition root")) {
            if (b.firstTime(QStringLiteral("publication options ") + w.name))
                b.add(CreateDependents, QStringLiteral("ALTER PUBLICATION %1 SET (%2)").arg(w.name, publishOptions(w)), e);
            return true;
        }
    }
    if (k == QLatin1String("statistics") && a == QLatin1String("statistics target")) {
        b.add(CreateDependents, QStringLiteral("ALTER STATISTICS %1 SET STATISTICS %2").arg(w.name, value.isEmpty() ? QStringLiteral("-1") : value), e);
        return true;
    }
    if (k == QLatin1String("rule") && a == QLatin1String("enabled")) {
        b.add(CreateDependents, QStringLiteral("ALTER TABLE %1 %2 RULE %3").arg(q(w.tableSchema, w.tableName), enabledSql(value), ruleName(w)), e);
        return true;
    }
    if (k == QLatin1String("rule") && a == QLatin1String("definition")) {
        QString sql = createRule(w).constFirst();
        sql.replace(QRegularExpression(QStringLiteral("^CREATE RULE")), QStringLiteral("CREATE OR REPLACE RULE"));
        b.add(CreateDependents, sql, e);
        return true;
    }
    if (k == QLatin1String("event trigger") && a == QLatin1String("enabled")) {
        b.add(CreateDependents, QStringLiteral("ALTER EVENT TRIGGER %1 %2").arg(w.name, enabledSql(value)), e);
        return true;
    }
    if (k == QLatin1String("operator") && (a == QLatin1String("restrict") || a == QLatin1String("join"))) {
        b.add(CreateDependents, QStringLiteral("ALTER OPERATOR %1 SET (%2 = %3)").arg(w.name, a.toUpper(), value.isEmpty() ? QStringLiteral("NONE") : value), e);
        return true;
    }
    if (k == QLatin1String("text search configuration") && a.startsWith(QLatin1String("mapping "))) {
        const QString token = a.mid(8);
        const QString alter = QStringLiteral("ALTER TEXT SEARCH CONFIGURATION %1 ").arg(w.name);
        if (value.isEmpty())
            b.add(CreateTypes, alter + QStringLiteral("DROP MAPPING FOR ") + token, e);
        else if (now.attribute(a).isEmpty())
            b.add(CreateTypes, alter + QStringLiteral("ADD MAPPING FOR %1 WITH %2").arg(token, value), e);
        else
            b.add(CreateTypes, alter + QStringLiteral("ALTER MAPPING FOR %1 WITH %2").arg(token, value), e);
        return true;
    }
    if ((k == QLatin1String("foreign data wrapper") || k == QLatin1String("server") || k == QLatin1String("user mapping"))
        && a == QLatin1String("options")) {
        if (secretNames(value) != secretNames(now.attribute(a)))
            b.cannot(e, QStringLiteral("secret options (passwords, keys) are never captured: set them by hand"));
        const QString change = optionChanges(withoutSecrets(now.attribute(a)), withoutSecrets(value));
        if (!change.isEmpty())
            b.add(Alter, QStringLiteral("ALTER %1 %2").arg(k == QLatin1String("foreign data wrapper") ? QStringLiteral("FOREIGN DATA WRAPPER ") + w.name
                                                           : k == QLatin1String("server") ? QStringLiteral("SERVER ") + w.name
                                                           : QStringLiteral("USER MAPPING ") + w.name, change), e);
        return true;
    }
    if (k == QLatin1String("server") && a == QLatin1String("version")) {
        b.add(Alter, QStringLiteral("ALTER SERVER %1 VERSION %2").arg(w.name, literal(value)), e);
        return true;
    }
    if (k == QLatin1String("foreign data wrapper") && (a == QLatin1String("handler") || a == QLatin1String("validator"))) {
        b.add(Alter, QStringLiteral("ALTER FOREIGN DATA WRAPPER %1 %2").arg(w.name, value.isEmpty() ? QStringLiteral("NO ") + a.toUpper() : a.toUpper() + QLatin1Char(' ') + value), e);
        return true;
    }
    if (a == QLatin1String("acl")) {
        b.cannot(e, aclReason());
        return true;
    }
    return false;
}

} // namespace

QString ruleName(const CatalogObject &rule)
{
    // pg_get_ruledef() names the rule as SQL needs it: "CREATE RULE name AS ON ...".
    static const QRegularExpression head(QStringLiteral("^CREATE RULE (.+?) AS\\s+ON\\s"));
    return head.match(rule.attribute(QStringLiteral("definition"))).captured(1);
}

bool repairCatalog(Builder &b, const DiffEntry &e)
{
    if (e.objectKind == QLatin1String("default privileges") || e.objectKind == QLatin1String("settings"))
        return repairSettings(b, e);
    const CatalogObject *now = b.current.object(e.objectKind, e.name);
    const CatalogObject *w = b.wanted.object(e.objectKind, e.name);
    if (e.change == Change::Added) {
        if (!now)
            return false;
        const QString sql = dropSql(*now);
        if (sql.isEmpty())
            return false;
        b.add(dropPhase(now->kind), sql, e);
        return true;
    }
    if (!w)
        return false;
    if (e.change == Change::Removed) {
        if (dropSql(*w).isEmpty() && w->kind != QLatin1String("user mapping"))
            return false;
        create(b, *w, e);
        return true;
    }
    if (!now || dropSql(*now).isEmpty())
        return false;
    if (!alterAttribute(b, *now, *w, e)) {
        if (w->kind == QLatin1String("server") || w->kind == QLatin1String("foreign data wrapper"))
            b.cannot(e, QStringLiteral("a %1's %2 cannot be altered, and re-creating it would drop what uses it").arg(w->kind, e.attribute));
        else
            recreate(b, *now, *w, e);
    }
    return true;
}

} // namespace revisor::repair
