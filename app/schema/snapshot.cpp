#include "schema/snapshot.h"
#include "schema/snapshotdiff.h"

#include <QRegularExpression>

namespace revisor {

namespace {

template <typename T>
const T *findByName(const QList<T> &list, const QString &name)
{
    for (const T &item : list) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}

} // namespace

QString displayIdent(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
    if (plain.match(name).hasMatch())
        return name;
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString Table::qualifiedName() const
{
    return displayIdent(schema) + QLatin1Char('.') + displayIdent(name);
}

const Column *Table::column(const QString &n) const { return findByName(columns, n); }
const Constraint *Table::constraint(const QString &n) const { return findByName(constraints, n); }
const Index *Table::index(const QString &n) const { return findByName(indexes, n); }
const Trigger *Table::trigger(const QString &n) const { return findByName(triggers, n); }
const Policy *Table::policy(const QString &n) const { return findByName(policies, n); }

QString Sequence::qualifiedName() const
{
    return displayIdent(schema) + QLatin1Char('.') + displayIdent(name);
}

QString Function::qualifiedName() const
{
    return displayIdent(schema) + QLatin1Char('.') + displayIdent(name) + QLatin1Char('(') + arguments
        + QLatin1Char(')');
}

QString TypeDef::qualifiedName() const
{
    return displayIdent(schema) + QLatin1Char('.') + displayIdent(name);
}

const Table *Snapshot::table(const QString &qualified) const
{
    for (const Table &t : tables) {
        if (t.qualifiedName() == qualified)
            return &t;
    }
    // Unquoted "schema.name" for names that need quoting is accepted too, when unambiguous.
    const qsizetype dot = qualified.indexOf(QLatin1Char('.'));
    return dot < 0 ? nullptr : table(qualified.left(dot), qualified.mid(dot + 1));
}

const Table *Snapshot::table(const QString &schema, const QString &name) const
{
    for (const Table &t : tables) {
        if (t.schema == schema && t.name == name)
            return &t;
    }
    return nullptr;
}

const Sequence *Snapshot::sequence(const QString &schema, const QString &name) const
{
    for (const Sequence &s : sequences) {
        if (s.schema == schema && s.name == name)
            return &s;
    }
    return nullptr;
}

const TypeDef *Snapshot::type(const QString &schema, const QString &name) const
{
    for (const TypeDef &t : types) {
        if (t.schema == schema && t.name == name)
            return &t;
    }
    return nullptr;
}

const Extension *Snapshot::extension(const QString &name) const
{
    return findByName(extensions, name);
}

QString CatalogObject::attribute(const QString &n) const
{
    const CatalogAttribute *a = findByName(attributes, n);
    return a ? a->value : QString();
}

const CatalogObject *Snapshot::object(const QString &kind, const QString &name) const
{
    for (const CatalogObject &o : objects) {
        if (o.kind == kind && o.name == name)
            return &o;
    }
    return nullptr;
}

bool sameSchema(const Snapshot &a, const Snapshot &b)
{
    // Fast path for the common case (identical capture), else the diff decides, so that both
    // agree on what "the same" means (column order compared relative to common columns).
    if (a.schemas == b.schemas && a.extensions == b.extensions && a.types == b.types
        && a.sequences == b.sequences && a.functions == b.functions && a.tables == b.tables
        && a.objects == b.objects)
        return true;
    return diffSnapshots(a, b).isEmpty();
}

} // namespace revisor
