#include "schema/snapshotdiff.h"

namespace revisor {

namespace {

QString shown(const QString &value)
{
    return value.isEmpty() ? QStringLiteral("(none)") : value;
}

QString indented(const QString &text, const QString &prefix)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    for (QString &line : lines)
        line.prepend(prefix);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString DiffEntry::changeName(Change change)
{
    switch (change) {
    case Change::Added:
        return QStringLiteral("added");
    case Change::Removed:
        return QStringLiteral("removed");
    case Change::Changed:
        break;
    }
    return QStringLiteral("changed");
}

QString DiffEntry::toText() const
{
    const QString head = objectKind + QLatin1Char(' ') + name;
    switch (change) {
    case Change::Added:
        return after.isEmpty() ? QStringLiteral("+ ") + head : QStringLiteral("+ %1: %2").arg(head, after);
    case Change::Removed:
        return before.isEmpty() ? QStringLiteral("- ") + head : QStringLiteral("- %1: %2").arg(head, before);
    case Change::Changed:
        break;
    }
    // Multi-line values (function bodies, view definitions) read better as blocks.
    if (before.contains(QLatin1Char('\n')) || after.contains(QLatin1Char('\n')))
        return QStringLiteral("~ %1 %2:\n    before:\n%3\n    after:\n%4")
            .arg(head, attribute, indented(shown(before), QStringLiteral("      ")),
                 indented(shown(after), QStringLiteral("      ")));
    return QStringLiteral("~ %1 %2: %3 -> %4").arg(head, attribute, shown(before), shown(after));
}

QJsonObject DiffEntry::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("change"), changeName(change));
    o.insert(QStringLiteral("kind"), objectKind);
    o.insert(QStringLiteral("name"), name);
    if (!attribute.isEmpty())
        o.insert(QStringLiteral("attribute"), attribute);
    if (!before.isEmpty())
        o.insert(QStringLiteral("before"), before);
    if (!after.isEmpty())
        o.insert(QStringLiteral("after"), after);
    return o;
}

Result<DiffEntry> DiffEntry::fromJson(const QJsonObject &json)
{
    DiffEntry e;
    const QString change = json.value(QStringLiteral("change")).toString();
    if (change == QLatin1String("added"))
        e.change = Change::Added;
    else if (change == QLatin1String("removed"))
        e.change = Change::Removed;
    else if (change == QLatin1String("changed"))
        e.change = Change::Changed;
    else
        return fail(Error::input(QString(), 0, QStringLiteral("diff entry: unknown change \"%1\"").arg(change)));
    e.objectKind = json.value(QStringLiteral("kind")).toString();
    e.name = json.value(QStringLiteral("name")).toString();
    if (e.objectKind.isEmpty() || e.name.isEmpty())
        return fail(Error::input(QString(), 0, QStringLiteral("diff entry: kind and name are required")));
    e.attribute = json.value(QStringLiteral("attribute")).toString();
    e.before = json.value(QStringLiteral("before")).toString();
    e.after = json.value(QStringLiteral("after")).toString();
    return e;
}

QList<DiffEntry> SchemaDiff::about(const QString &name, bool prefix) const
{
    QList<DiffEntry> out;
    for (const DiffEntry &e : entries) {
        if (e.name == name || (prefix && e.name.startsWith(name + QLatin1Char('.'))))
            out.append(e);
    }
    return out;
}

QString SchemaDiff::toText() const
{
    if (entries.isEmpty())
        return QStringLiteral("no differences\n");
    QString out;
    for (const DiffEntry &e : entries)
        out += e.toText() + QLatin1Char('\n');
    return out;
}

QJsonArray SchemaDiff::toJson() const
{
    QJsonArray out;
    for (const DiffEntry &e : entries)
        out.append(e.toJson());
    return out;
}

Result<SchemaDiff> SchemaDiff::fromJson(const QJsonArray &json)
{
    SchemaDiff diff;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (!json.at(i).isObject())
            return fail(Error::input(QString(), 0, QStringLiteral("diff entry %1 is not an object").arg(i)));
        auto e = DiffEntry::fromJson(json.at(i).toObject());
        if (!e)
            return fail(e.error());
        diff.entries.append(std::move(*e));
    }
    return diff;
}

} // namespace revisor
