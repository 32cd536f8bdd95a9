#include "schema/snapshotdiff.h"
#include "schema/diffkeys.h"
#include "schema/snapshotfields.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <variant>

namespace revisor {

namespace {

using FieldRef = std::variant<const QString *, const bool *, const int *, const QStringList *>;

QString fieldText(const FieldRef &ref)
{
    struct
    {
        QString operator()(const QString *s) const { return *s; }
        QString operator()(const bool *b) const { return *b ? QStringLiteral("true") : QStringLiteral("false"); }
        QString operator()(const int *i) const { return QString::number(*i); }
        QString operator()(const QStringList *l) const { return l->join(QStringLiteral(", ")); }
    } visitor;
    return std::visit(visitor, ref);
}

bool fieldEqual(const FieldRef &a, const FieldRef &b)
{
    return std::visit([&b](const auto *pa) { return *pa == *std::get<std::decay_t<decltype(pa)>>(b); }, a);
}

// The attribute names a reader sees: the field names, spelled as a DBA would say them.
QString attributeName(const char *field)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("defaultExpr"), QStringLiteral("default")},
        {QStringLiteral("notNull"), QStringLiteral("not null")},
        {QStringLiteral("usingExpr"), QStringLiteral("using")},
        {QStringLiteral("checkExpr"), QStringLiteral("with check")},
        {QStringLiteral("viewDefinition"), QStringLiteral("definition")},
        {QStringLiteral("partitionKey"), QStringLiteral("partition key")},
        {QStringLiteral("partitionBound"), QStringLiteral("partition bound")},
        {QStringLiteral("rowSecurity"), QStringLiteral("row security")},
        {QStringLiteral("forceRowSecurity"), QStringLiteral("force row security")},
        {QStringLiteral("minValue"), QStringLiteral("min value")},
        {QStringLiteral("maxValue"), QStringLiteral("max value")},
        {QStringLiteral("statisticsTarget"), QStringLiteral("statistics target")},
        {QStringLiteral("fdwOptions"), QStringLiteral("options")},
        {QStringLiteral("replicaIdentity"), QStringLiteral("replica identity")},
        {QStringLiteral("foreignServer"), QStringLiteral("server")},
        {QStringLiteral("ownedBy"), QStringLiteral("owned by")},
        {QStringLiteral("baseType"), QStringLiteral("base type")},
    };
    const QString key = QLatin1String(field);
    return names.value(key, key);
}

template <typename T>
QList<std::pair<const char *, FieldRef>> scalarFields(const T &value)
{
    QList<std::pair<const char *, FieldRef>> out;
    fields::Of<T>::visit(value, [&out](const char *name, const auto &member) {
        using M = std::decay_t<decltype(member)>;
        if constexpr (!fields::isList<M>)
            out.append({name, FieldRef(&member)});
    });
    return out;
}

class Differ
{
public:
    QList<DiffEntry> entries;

    void add(DiffEntry::Change change, const QString &kind, const QString &name, const QString &description)
    {
        DiffEntry e;
        e.change = change;
        e.objectKind = kind;
        e.name = name;
        (change == DiffEntry::Change::Added ? e.after : e.before) = description;
        entries.append(std::move(e));
    }

    // One Changed entry per scalar field that differs, except identity fields and `skip`.
    template <typename T>
    void compareFields(const T &a, const T &b, const QString &kind, const QString &name,
                       std::initializer_list<const char *> skip = {})
    {
        const auto fa = scalarFields(a);
        const auto fb = scalarFields(b);
        for (qsizetype i = 0; i < fa.size(); ++i) {
            const QLatin1String field(fa[i].first);
            if (field == QLatin1String("name") || field == QLatin1String("schema")
                || field == QLatin1String("arguments"))
                continue;
            if (std::any_of(skip.begin(), skip.end(), [&](const char *s) { return field == QLatin1String(s); }))
                continue;
            if (fieldEqual(fa[i].second, fb[i].second))
                continue;
            DiffEntry e;
            e.change = DiffEntry::Change::Changed;
            e.objectKind = kind;
            e.name = name;
            e.attribute = attributeName(fa[i].first);
            e.before = fieldText(fa[i].second);
            e.after = fieldText(fb[i].second);
            entries.append(std::move(e));
        }
    }

    // Matches two lists by key; calls onBoth for pairs that differ, onOnly for the rest.
    template <typename T, typename Key, typename Both, typename Only>
    void match(const QList<T> &before, const QList<T> &after, Key key, Both onBoth, Only onOnly)
    {
        QHash<QString, const T *> byKey;
        byKey.reserve(after.size());
        for (const T &item : after)
            byKey.insert(key(item), &item);
        for (const T &item : before) {
            const auto it = byKey.constFind(key(item));
            if (it == byKey.constEnd()) {
                onOnly(DiffEntry::Change::Removed, item);
                continue;
            }
            if (!(item == **it))
                onBoth(item, **it);
            byKey.erase(it);
        }
        // What is left was added; walk `after` to keep its order deterministic.
        for (const T &item : after) {
            if (byKey.contains(key(item)))
                onOnly(DiffEntry::Change::Added, item);
        }
    }

    // One Changed entry per attribute whose value differs (a missing attribute is empty).
    void compareAttributes(const CatalogObject &a, const CatalogObject &b)
    {
        QStringList names;
        for (const CatalogAttribute &x : a.attributes + b.attributes) {
            if (!names.contains(x.name))
                names << x.name;
        }
        for (const QString &attribute : std::as_const(names)) {
            const QString before = a.attribute(attribute), after = b.attribute(attribute);
            if (before == after)
                continue;
            DiffEntry e;
            e.objectKind = a.kind;
            e.name = a.name;
            e.attribute = attribute;
            e.before = before;
            e.after = after;
            entries.append(std::move(e));
        }
    }

    void diffTable(const Table &a, const Table &b);
    void diffColumns(const Table &a, const Table &b, const QString &table);
};

QString columnDescription(const Column &c)
{
    QString d = c.type;
    if (!c.collation.isEmpty())
        d += QStringLiteral(" COLLATE ") + c.collation;
    if (c.notNull)
        d += QStringLiteral(" NOT NULL");
    if (!c.defaultExpr.isEmpty())
        d += QStringLiteral(" DEFAULT ") + c.defaultExpr;
    if (!c.identity.isEmpty())
        d += QStringLiteral(" GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
    if (!c.generated.isEmpty())
        d += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(c.generated);
    return d;
}

QString policyDescription(const Policy &p)
{
    QString d = QStringLiteral("%1 FOR %2").arg(p.permissive ? QStringLiteral("PERMISSIVE") : QStringLiteral("RESTRICTIVE"),
                                                p.command.toUpper());
    if (!p.roles.isEmpty())
        d += QStringLiteral(" TO ") + p.roles.join(QStringLiteral(", "));
    if (!p.usingExpr.isEmpty())
        d += QStringLiteral(" USING (%1)").arg(p.usingExpr);
    if (!p.checkExpr.isEmpty())
        d += QStringLiteral(" WITH CHECK (%1)").arg(p.checkExpr);
    return d;
}

template <typename T>
QString byName(const T &item)
{
    return item.name;
}

void Differ::diffColumns(const Table &a, const Table &b, const QString &table)
{
    // Order among the columns both sides have: a column dropped (or dropped and re-added at the
    // end) shifts later positions, which is not a change of those columns.
    QHash<QString, int> rankBefore, rankAfter;
    {
        QSet<QString> inAfter;
        for (const Column &c : b.columns)
            inAfter.insert(c.name);
        QSet<QString> inBoth;
        for (const Column &c : a.columns) {
            if (inAfter.contains(c.name)) {
                rankBefore.insert(c.name, int(rankBefore.size()));
                inBoth.insert(c.name);
            }
        }
        for (const Column &c : b.columns) {
            if (inBoth.contains(c.name))
                rankAfter.insert(c.name, int(rankAfter.size()));
        }
    }
    for (const Column &c : a.columns) {
        const Column *other = b.column(c.name);
        if (!other) {
            add(DiffEntry::Change::Removed, QStringLiteral("column"), table + QLatin1Char('.') + displayIdent(c.name),
                columnDescription(c));
            continue;
        }
        const QString name = table + QLatin1Char('.') + displayIdent(c.name);
        compareFields(c, *other, QStringLiteral("column"), name, {"position"});
        if (rankBefore.value(c.name) != rankAfter.value(c.name)) {
            DiffEntry e;
            e.objectKind = QStringLiteral("column");
            e.name = name;
            e.attribute = QStringLiteral("position");
            e.before = QString::number(c.position);
            e.after = QString::number(other->position);
            entries.append(std::move(e));
        }
    }
    for (const Column &c : b.columns) {
        if (!a.column(c.name))
            add(DiffEntry::Change::Added, QStringLiteral("column"), table + QLatin1Char('.') + displayIdent(c.name),
                columnDescription(c));
    }
}

void Differ::diffTable(const Table &a, const Table &b)
{
    const QString table = b.qualifiedName();
    compareFields(a, b, b.kind, table);
    if (a.columns != b.columns)
        diffColumns(a, b, table);
    const auto child = [&table](const QString &name) { return table + QLatin1Char('.') + displayIdent(name); };
    const QString constraint = QStringLiteral("constraint");
    match(a.constraints, b.constraints, byName<Constraint>,
          [&](const Constraint &x, const Constraint &y) {
              // deferrable/deferred are spelled out in the definition.
              compareFields(x, y, constraint, child(x.name), {"deferrable", "deferred"});
          },
          [&](DiffEntry::Change c, const Constraint &x) {
              add(c, constraint, child(x.name), x.validated ? x.definition : x.definition + QStringLiteral(" NOT VALID"));
          });
    const QString index = QStringLiteral("index");
    match(a.indexes, b.indexes, byName<Index>,
          [&](const Index &x, const Index &y) { compareFields(x, y, index, child(x.name), {"unique"}); },
          [&](DiffEntry::Change c, const Index &x) { add(c, index, child(x.name), x.definition); });
    const QString trigger = QStringLiteral("trigger");
    match(a.triggers, b.triggers, byName<Trigger>,
          [&](const Trigger &x, const Trigger &y) { compareFields(x, y, trigger, child(x.name)); },
          [&](DiffEntry::Change c, const Trigger &x) { add(c, trigger, child(x.name), x.definition); });
    const QString policy = QStringLiteral("policy");
    match(a.policies, b.policies, byName<Policy>,
          [&](const Policy &x, const Policy &y) { compareFields(x, y, policy, child(x.name)); },
          [&](DiffEntry::Change c, const Policy &x) { add(c, policy, child(x.name), policyDescription(x)); });
}

} // namespace

int objectKindRank(const QString &kind)
{
    static const QHash<QString, int> ranks = {
        {QStringLiteral("schema"), 0},          {QStringLiteral("extension"), 1},
        {QStringLiteral("type"), 2},            {QStringLiteral("sequence"), 3},
        {QStringLiteral("function"), 4},        {QStringLiteral("procedure"), 4},
        {QStringLiteral("aggregate"), 4},       {QStringLiteral("window function"), 4},
        {QStringLiteral("table"), 5},           {QStringLiteral("partitioned table"), 5},
        {QStringLiteral("view"), 5},            {QStringLiteral("materialized view"), 5},
        {QStringLiteral("foreign table"), 5},   {QStringLiteral("column"), 6},
        {QStringLiteral("constraint"), 7},      {QStringLiteral("index"), 8},
        {QStringLiteral("trigger"), 9},         {QStringLiteral("policy"), 10},
        {QStringLiteral("foreign data wrapper"), 1}, {QStringLiteral("server"), 1},
        {QStringLiteral("user mapping"), 1},    {QStringLiteral("collation"), 2},
        {QStringLiteral("text search configuration"), 2}, {QStringLiteral("cast"), 4},
        {QStringLiteral("operator"), 4},        {QStringLiteral("statistics"), 11},
        {QStringLiteral("rule"), 11},           {QStringLiteral("publication"), 12},
        {QStringLiteral("event trigger"), 12},  {QStringLiteral("default privileges"), 13},
        {QStringLiteral("settings"), 13},
    };
    return ranks.value(kind, 99);
}

SchemaDiff diffSnapshots(const Snapshot &before, const Snapshot &after)
{
    Differ d;
    const auto keyOf = [](const auto &item) { return diffKey(item); };
    const QString schema = QStringLiteral("schema");
    d.match(before.schemas, after.schemas, keyOf,
            [&](const SchemaInfo &x, const SchemaInfo &y) { d.compareFields(x, y, schema, displayIdent(x.name)); },
            [&](DiffEntry::Change c, const SchemaInfo &x) { d.add(c, schema, displayIdent(x.name), QString()); });
    const QString extension = QStringLiteral("extension");
    d.match(before.extensions, after.extensions, keyOf,
            [&](const Extension &x, const Extension &y) { d.compareFields(x, y, extension, displayIdent(x.name)); },
            [&](DiffEntry::Change c, const Extension &x) { d.add(c, extension, displayIdent(x.name), x.version); });
    const QString type = QStringLiteral("type");
    d.match(before.types, after.types, keyOf,
            [&](const TypeDef &x, const TypeDef &y) { d.compareFields(x, y, type, x.qualifiedName()); },
            [&](DiffEntry::Change c, const TypeDef &x) {
                d.add(c, type, x.qualifiedName(),
                      x.elements.isEmpty() ? x.kind : x.kind + QStringLiteral(" (") + x.elements.join(QStringLiteral(", ")) + QLatin1Char(')'));
            });
    // A serial or identity sequence comes and goes with its table: the table's entry says it.
    const auto ownedColumns = [](const Snapshot &from, const Snapshot &other) {
        QSet<QString> otherTables, columns;
        for (const Table &t : other.tables)
            otherTables.insert(diffKey(t));
        for (const Table &t : from.tables) {
            if (otherTables.contains(diffKey(t)))
                continue;
            for (const Column &c : t.columns)
                columns.insert(t.qualifiedName() + QLatin1Char('.') + displayIdent(c.name));
        }
        return columns;
    };
    QSet<QString> ownedByRemoved, ownedByAdded;
    if (before.sequences != after.sequences) {
        ownedByRemoved = ownedColumns(before, after);
        ownedByAdded = ownedColumns(after, before);
    }
    const QString sequence = QStringLiteral("sequence");
    d.match(before.sequences, after.sequences, keyOf,
            [&](const Sequence &x, const Sequence &y) { d.compareFields(x, y, sequence, x.qualifiedName()); },
            [&](DiffEntry::Change c, const Sequence &x) {
                if (!(c == DiffEntry::Change::Removed ? ownedByRemoved : ownedByAdded).contains(x.ownedBy))
                    d.add(c, sequence, x.qualifiedName(), x.type);
            });
    d.match(before.functions, after.functions, keyOf,
            [&](const Function &x, const Function &y) {
                // The definition spells out the result type and language.
                d.compareFields(x, y, y.kind, x.qualifiedName(), {"result", "language"});
            },
            [&](DiffEntry::Change c, const Function &x) { d.add(c, x.kind, x.qualifiedName(), x.result); });
    d.match(before.tables, after.tables, keyOf,
            [&](const Table &x, const Table &y) { d.diffTable(x, y); },
            [&](DiffEntry::Change c, const Table &x) { d.add(c, x.kind, x.qualifiedName(), QString()); });

    // An object that belongs to a table (a rule, extended statistics) comes and goes with it:
    // the table's entry says it.
    const auto withTable = [&](const CatalogObject &o) {
        return o.tableName.isEmpty()
            || (before.table(o.tableSchema, o.tableName) && after.table(o.tableSchema, o.tableName));
    };
    d.match(before.objects, after.objects, keyOf,
            [&](const CatalogObject &x, const CatalogObject &y) { d.compareAttributes(x, y); },
            [&](DiffEntry::Change c, const CatalogObject &x) {
                if (!withTable(x))
                    return;
                // Settings are told one by one: there is no "settings object" to add or remove.
                if (x.kind == QLatin1String("settings")) {
                    const CatalogObject none{x.kind, x.name, {}, {}, {}};
                    c == DiffEntry::Change::Removed ? d.compareAttributes(x, none) : d.compareAttributes(none, x);
                    return;
                }
                QString description = x.attribute(QStringLiteral("definition"));
                if (description.isEmpty()) {
                    QStringList parts;
                    for (const CatalogAttribute &a : x.attributes)
                        parts << a.name + QLatin1Char('=') + a.value;
                    description = parts.join(QStringLiteral("; "));
                }
                d.add(c, x.kind, x.name, description);
            });

    std::sort(d.entries.begin(), d.entries.end(), [](const DiffEntry &a, const DiffEntry &b) {
        const int ra = objectKindRank(a.objectKind), rb = objectKindRank(b.objectKind);
        if (ra != rb)
            return ra < rb;
        if (const int c = a.name.compare(b.name); c != 0)
            return c < 0;
        if (const int c = a.attribute.compare(b.attribute); c != 0)
            return c < 0;
        return int(a.change) < int(b.change);
    });
    return SchemaDiff{std::move(d.entries)};
}

} // namespace revisor
