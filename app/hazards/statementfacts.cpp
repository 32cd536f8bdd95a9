// Facts about parse-tree nodes that the statement analysis judges by, kept apart from the
// analysis itself so that each file stays readable.
#include "statementfacts.h"

#include "hazards/parsetree.h"

#include <QJsonArray>
#include <QStringList>

namespace revisor::statementfacts {

namespace {

// A type as the parser and format_type() both can spell it, reduced to one spelling for the
// varchar/text comparisons below.
QString canonicalType(QString type)
{
    type = type.toLower().trimmed();
    if (type.startsWith(QLatin1String("character varying")))
        type.replace(0, 17, QStringLiteral("varchar"));
    return type;
}

int typeModifier(const QString &type)
{
    const qsizetype open = type.indexOf(QLatin1Char('('));
    return open < 0 ? -1 : type.mid(open + 1, type.indexOf(QLatin1Char(')')) - open - 1).toInt();
}

} // namespace

const QString kAccessExclusive = QStringLiteral("AccessExclusiveLock");
const QString kShare = QStringLiteral("ShareLock");
const QString kShareRowExclusive = QStringLiteral("ShareRowExclusiveLock");
const QString kShareUpdateExclusive = QStringLiteral("ShareUpdateExclusiveLock");
const QString kRowExclusive = QStringLiteral("RowExclusiveLock");

// The lock modes by strength, as PostgreSQL's conflict table orders them.
int lockStrength(const QString &mode)
{
    static const QStringList order{QStringLiteral("AccessShareLock"), QStringLiteral("RowShareLock"), kRowExclusive,
                                   kShareUpdateExclusive, kShare, kShareRowExclusive,
                                   QStringLiteral("ExclusiveLock"), kAccessExclusive};
    return int(order.indexOf(mode));
}

// Functions whose value changes from row to row: as a column default they make ADD COLUMN
// fill every existing row, which rewrites the table (a constant or stable default does not,
// since PostgreSQL 11).
bool isVolatile(const QString &function)
{
    static const QStringList kVolatile{
        QStringLiteral("random"), QStringLiteral("gen_random_uuid"), QStringLiteral("uuid_generate_v1"),
        QStringLiteral("uuid_generate_v1mc"), QStringLiteral("uuid_generate_v4"), QStringLiteral("clock_timestamp"),
        QStringLiteral("timeofday"), QStringLiteral("nextval"), QStringLiteral("setseed"), QStringLiteral("random_normal")};
    return kVolatile.contains(function);
}

// "varchar(50)", "text", "int4": a type name as written in a TypeName node.
QString typeText(const QJsonObject &typeName)
{
    QStringList names = parsetree::strings(typeName.value(QStringLiteral("names")).toArray());
    if (names.size() > 1 && names.first() == QLatin1String("pg_catalog"))
        names.removeFirst();
    QString text = names.join(QLatin1Char('.'));
    QStringList mods;
    for (const QJsonValue &m : typeName.value(QStringLiteral("typmods")).toArray())
        mods << QString::number(parsetree::as(m, "A_Const").value(QStringLiteral("ival")).toObject().value(QStringLiteral("ival")).toInt());
    if (!mods.isEmpty())
        text += QLatin1Char('(') + mods.join(QLatin1Char(',')) + QLatin1Char(')');
    return text;
}



// Whether changing a column from `from` to `to` leaves the stored values valid as they are
// (no rewrite): widening a varchar, varchar to text.
bool binaryCompatible(const QString &from, const QString &to)
{
    const QString a = canonicalType(from);
    const QString b = canonicalType(to);
    const bool aVarchar = a.startsWith(QLatin1String("varchar")) || a == QLatin1String("text");
    if (!aVarchar)
        return a == b;
    if (b == QLatin1String("text") || b == QLatin1String("varchar"))
        return true;
    if (!b.startsWith(QLatin1String("varchar")) || a == QLatin1String("text"))
        return false;
    const int fromLength = typeModifier(a);
    return fromLength >= 0 && typeModifier(b) >= fromLength;
}

// A WHERE clause that only pairs columns with columns (UPDATE ... FROM other WHERE a.x = b.y)
// selects every row that has a partner: it filters nothing out of the target table.
bool onlyJoins(const QJsonValue &where)
{
    const QString kind = parsetree::kindOf(where);
    const QJsonObject f = parsetree::fieldsOf(where);
    if (kind == QLatin1String("BoolExpr")) {
        if (f.value(QStringLiteral("boolop")).toString() != QLatin1String("AND_EXPR"))
            return false;
        for (const QJsonValue &arg : f.value(QStringLiteral("args")).toArray()) {
            if (!onlyJoins(arg))
                return false;
        }
        return true;
    }
    if (kind != QLatin1String("A_Expr") || f.value(QStringLiteral("kind")).toString() != QLatin1String("AEXPR_OP"))
        return false;
    return parsetree::strings(f.value(QStringLiteral("name")).toArray()) == QStringList{QStringLiteral("=")}
        && parsetree::kindOf(f.value(QStringLiteral("lexpr"))) == QLatin1String("ColumnRef")
        && parsetree::kindOf(f.value(QStringLiteral("rexpr"))) == QLatin1String("ColumnRef");
}

} // namespace revisor::statementfacts
