#include "checks/declarations.h"

#include <QJsonArray>
#include <QJsonObject>

namespace revisor {

namespace {

const QList<Declaration::Kind> &allKinds()
{
    static const QList<Declaration::Kind> kinds{Declaration::Kind::ChangedValues, Declaration::Kind::DeletedRows,
                                                Declaration::Kind::AddedRows, Declaration::Kind::LeftBehind,
                                                Declaration::Kind::LostAfterUpgrade};
    return kinds;
}

QString qualified(const QString &name)
{
    return name.contains(QLatin1Char('.')) ? name : QStringLiteral("public.") + name;
}

} // namespace

const Declaration *findDeclaration(const QList<Declaration> &declarations, Declaration::Kind kind, const QString &target)
{
    for (const Declaration &d : declarations) {
        if (d.kind == kind && d.target == target)
            return &d;
    }
    return nullptr;
}

QString Declaration::keyOf(Kind kind)
{
    switch (kind) {
    case Kind::ChangedValues:
        return QStringLiteral("changed_values");
    case Kind::DeletedRows:
        return QStringLiteral("deleted_rows");
    case Kind::AddedRows:
        return QStringLiteral("added_rows");
    case Kind::LostAfterUpgrade:
        return QStringLiteral("lost_after_upgrade");
    case Kind::LeftBehind:
        break;
    }
    return QStringLiteral("left_behind");
}

QString Declaration::describe() const
{
    return QStringLiteral("%1 %2 (%3)").arg(keyOf(kind), target, reason);
}

Result<QList<Declaration>> parseDeclarations(const QJsonValue &expect, const QString &file)
{
    QList<Declaration> out;
    if (expect.isUndefined())
        return out;
    if (!expect.isArray())
        return fail(Error::input(file, 0, QStringLiteral("\"expect\" must be a list of declarations")));
    const QJsonArray list = expect.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const auto bad = [&](const QString &message) {
            return fail(Error::input(file, 0, QStringLiteral("expect[%1]: %2").arg(i).arg(message)));
        };
        if (!list.at(i).isObject())
            return bad(QStringLiteral("a declaration is an object such as {\"deleted_rows\": \"public.t\", \"reason\": \"...\"}"));
        const QJsonObject o = list.at(i).toObject();
        Declaration d;
        d.file = file;
        d.index = i;
        int kinds = 0;
        QStringList known{QStringLiteral("reason")};
        for (Declaration::Kind kind : allKinds()) {
            const QString key = Declaration::keyOf(kind);
            known << key;
            if (!o.contains(key))
                continue;
            ++kinds;
            if (!o.value(key).isString() || o.value(key).toString().trimmed().isEmpty())
                return bad(QStringLiteral("\"%1\" must name what it declares").arg(key));
            d.kind = kind;
            d.target = o.value(key).toString().trimmed();
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key()))
                return bad(QStringLiteral("unknown key \"%1\" (known: %2)").arg(it.key(), known.join(QStringLiteral(", "))));
        }
        if (kinds != 1)
            return bad(QStringLiteral("give exactly one of %1").arg(known.mid(1).join(QStringLiteral(", "))));
        d.reason = o.value(QStringLiteral("reason")).toString().trimmed();
        if (d.reason.isEmpty())
            return bad(QStringLiteral("\"reason\" is required: say why %1 is intended").arg(d.target));
        // A column is "table.column" or "schema.table.column" ("*" for every column).
        if (d.kind == Declaration::Kind::ChangedValues && d.target.count(QLatin1Char('.')) == 1)
            d.target.prepend(QStringLiteral("public."));
        else if (d.kind != Declaration::Kind::LeftBehind)
            d.target = qualified(d.target);
        out << d;
    }
    return out;
}

const Declaration *declarationFor(const QList<Declaration> &declarations, const DiffEntry &entry)
{
    if (entry.change != DiffEntry::Change::Added)
        return nullptr;
    for (const Declaration &d : declarations) {
        if (d.kind == Declaration::Kind::LeftBehind
            && (d.target == entry.objectKind + QLatin1Char(' ') + entry.name || d.target == entry.name))
            return &d;
    }
    return nullptr;
}

QList<const Declaration *> declarationsFor(const QList<Declaration> &declarations, const TableComparison &t)
{
    QList<const Declaration *> used;
    const auto use = [&used](const Declaration *d) {
        if (d && !used.contains(d))
            used << d;
        return d != nullptr;
    };
    if (!t.presentBefore() || !t.presentAfter() || !t.comparable)
        return {};
    const Declaration *deleted = findDeclaration(declarations, Declaration::Kind::DeletedRows, t.table);
    const Declaration *added = findDeclaration(declarations, Declaration::Kind::AddedRows, t.table);
    const Declaration *anyColumn = findDeclaration(declarations, Declaration::Kind::ChangedValues, t.table + QStringLiteral(".*"));
    for (const RowChange &row : t.changedRows) {
        if (row.kind == RowChange::Kind::Removed && !use(deleted))
            return {};
        if (row.kind == RowChange::Kind::Added && !use(added))
            return {};
        if (row.kind == RowChange::Kind::Changed) {
            for (const QString &column : row.columns) {
                if (!use(anyColumn) && !use(findDeclaration(declarations, Declaration::Kind::ChangedValues, t.table + QLatin1Char('.') + column)))
                    return {};
            }
        }
    }
    // Changes beyond the rows named (or a table without a primary key, whose changes are
    // counted, not named): allowed only when the counts alone explain them.
    const qint64 unnamed = t.changedRowCount < 0 ? -1 : t.changedRowCount - t.changedRows.size();
    if (unnamed != 0) {
        const qint64 delta = t.rowsAfter - t.rowsBefore;
        if (t.changedRows.isEmpty() && delta < 0 && t.changedRowCount == -delta && use(deleted))
            return used;
        if (t.changedRows.isEmpty() && delta > 0 && t.changedRowCount == delta && use(added))
            return used;
        if (t.changedRows.isEmpty() || t.changedRowCount < 0)
            return {};
        // The named rows are the first of many: the unnamed ones are taken to be of the kinds
        // the named ones showed, which the declarations already covered; a count that says
        // otherwise (rows gone without a removal named, say) is not covered.
        if ((delta < 0 && !deleted) || (delta > 0 && !added))
            return {};
    }
    return used;
}

} // namespace revisor
