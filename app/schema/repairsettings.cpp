// Repair statements for default privileges (ALTER DEFAULT PRIVILEGES) and database and role
// settings (ALTER DATABASE / ROLE ... SET).
#include "schema/repairbuilder.h"

#include <QMap>
#include <QRegularExpression>

namespace revisor::repair {

namespace {

using Change = DiffEntry::Change;

// aclitem privilege letters, as the server writes them, and their keywords.
QString privilegeKeyword(QChar letter)
{
    switch (letter.unicode()) {
    case 'r': return QStringLiteral("SELECT");
    case 'w': return QStringLiteral("UPDATE");
    case 'a': return QStringLiteral("INSERT");
    case 'd': return QStringLiteral("DELETE");
    case 'D': return QStringLiteral("TRUNCATE");
    case 'x': return QStringLiteral("REFERENCES");
    case 't': return QStringLiteral("TRIGGER");
    case 'X': return QStringLiteral("EXECUTE");
    case 'U': return QStringLiteral("USAGE");
    case 'C': return QStringLiteral("CREATE");
    case 'm': return QStringLiteral("MAINTAIN");
    default: return {};
    }
}

// Grantee ("" for PUBLIC) -> privilege letters, each followed by '*' when grantable.
using Acl = QMap<QString, QString>;

// "{=r/postgres,\"a b\"=arw*/postgres}" -> {"": "r", "a b": "arw*"}; grantors are left out.
Acl parseAcl(const QString &text)
{
    Acl acl;
    QString body = text;
    if (body.startsWith(QLatin1Char('{')) && body.endsWith(QLatin1Char('}')))
        body = body.mid(1, body.size() - 2);
    qsizetype i = 0;
    while (i < body.size()) {
        if (body.at(i) == QLatin1Char('"') && i + 1 < body.size()) {
            // An item quoted as a whole (array element quoting): unquote it first.
            QString item;
            ++i;
            while (i < body.size() && body.at(i) != QLatin1Char('"')) {
                if (body.at(i) == QLatin1Char('\\') && i + 1 < body.size())
                    ++i;
                item += body.at(i++);
            }
            ++i;
            const Acl one = parseAcl(QStringLiteral("{") + item + QStringLiteral("}"));
            for (auto it = one.cbegin(); it != one.cend(); ++it)
                acl[it.key()] += it.value();
        } else {
            qsizetype end = body.indexOf(QLatin1Char(','), i);
            if (end < 0)
                end = body.size();
            const QString item = body.mid(i, end - i);
            i = end;
            const qsizetype eq = item.lastIndexOf(QLatin1Char('='), item.indexOf(QLatin1Char('/')));
            QString grantee = item.left(eq);
            if (grantee.startsWith(QLatin1Char('"')) && grantee.endsWith(QLatin1Char('"')))
                grantee = grantee.mid(1, grantee.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
            acl[grantee] += item.mid(eq + 1).section(QLatin1Char('/'), 0, 0);
        }
        if (i < body.size() && body.at(i) == QLatin1Char(','))
            ++i;
    }
    return acl;
}

// The letters an object type has, and what PostgreSQL grants when no default ACL is set.
QString allLetters(const QString &objects, int majorVersion)
{
    if (objects == QLatin1String("TABLES"))
        return majorVersion >= 17 ? QStringLiteral("arwdDxtm") : QStringLiteral("arwdDxt");
    if (objects == QLatin1String("SEQUENCES"))
        return QStringLiteral("rwU");
    if (objects == QLatin1String("FUNCTIONS"))
        return QStringLiteral("X");
    if (objects == QLatin1String("TYPES"))
        return QStringLiteral("U");
    return QStringLiteral("UC");
}

Acl builtInDefault(const QString &role, const QString &objects, int majorVersion)
{
    Acl acl{{role, allLetters(objects, majorVersion)}};
    if (objects == QLatin1String("FUNCTIONS"))
        acl.insert(QString(), QStringLiteral("X"));
    else if (objects == QLatin1String("TYPES"))
        acl.insert(QString(), QStringLiteral("U"));
    return acl;
}

QString grantee(const QString &name)
{
    return name.isEmpty() ? QStringLiteral("PUBLIC") : q(name);
}

void repairDefaultPrivileges(Builder &b, const DiffEntry &e)
{
    // "FOR ROLE r [IN SCHEMA s] ON TABLES": the names are quote_ident()'s, valid SQL.
    const qsizetype on = e.name.lastIndexOf(QLatin1String(" ON "));
    const QString scope = e.name.left(on);
    const QString objects = e.name.mid(on + 4);
    const bool global = !scope.contains(QLatin1String(" IN SCHEMA "));
    static const QRegularExpression roleName(QStringLiteral("^FOR ROLE (\"(?:[^\"]|\"\")*\"|\\S+)"));
    QString role = roleName.match(scope).captured(1);
    if (role.startsWith(QLatin1Char('"')))
        role = role.mid(1, role.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
    const int major = b.wanted.serverVersion.section(QLatin1Char('.'), 0, 0).toInt();
    const auto state = [&](const Snapshot &s) {
        const CatalogObject *o = s.object(e.objectKind, e.name);
        if (o)
            return parseAcl(o->attribute(QStringLiteral("acl")));
        return global ? builtInDefault(role, objects, major) : Acl();
    };
    const Acl now = state(b.current), want = state(b.wanted);
    QStringList grantees = now.keys() + want.keys();
    grantees.removeDuplicates();
    const QString alter = QStringLiteral("ALTER DEFAULT PRIVILEGES ") + scope;
    for (const QString &g : std::as_const(grantees)) {
        QStringList revoke, grant, grantable;
        const QString has = now.value(g), wants = want.value(g);
        for (qsizetype i = 0; i < has.size(); ++i) {
            if (has.at(i) != QLatin1Char('*') && !wants.contains(has.at(i)))
                revoke << privilegeKeyword(has.at(i));
        }
        for (qsizetype i = 0; i < wants.size(); ++i) {
            const QChar letter = wants.at(i);
            if (letter == QLatin1Char('*') || has.contains(letter))
                continue;
            (i + 1 < wants.size() && wants.at(i + 1) == QLatin1Char('*') ? grantable : grant) << privilegeKeyword(letter);
        }
        if (!revoke.isEmpty())
            b.add(Finish, QStringLiteral("%1 REVOKE %2 ON %3 FROM %4").arg(alter, revoke.join(QStringLiteral(", ")), objects, grantee(g)), e);
        if (!grant.isEmpty())
            b.add(Finish, QStringLiteral("%1 GRANT %2 ON %3 TO %4").arg(alter, grant.join(QStringLiteral(", ")), objects, grantee(g)), e);
        if (!grantable.isEmpty())
            b.add(Finish, QStringLiteral("%1 GRANT %2 ON %3 TO %4 WITH GRANT OPTION").arg(alter, grantable.join(QStringLiteral(", ")), objects, grantee(g)), e);
    }
}

// A list setting ("search_path=app, \"$user\"") is given back element by element: one
// literal would be taken as a single element.
QString settingValue(const QString &name, const QString &value)
{
    static const QStringList lists{QStringLiteral("search_path"), QStringLiteral("temp_tablespaces"),
                                   QStringLiteral("session_preload_libraries"), QStringLiteral("local_preload_libraries"),
                                   QStringLiteral("shared_preload_libraries")};
    if (!lists.contains(name))
        return literal(value);
    QStringList parts;
    for (QString element : value.split(QStringLiteral(", "))) {
        if (element.size() > 1 && element.startsWith(QLatin1Char('"')) && element.endsWith(QLatin1Char('"')))
            element = element.mid(1, element.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
        parts << literal(element);
    }
    return parts.join(QStringLiteral(", "));
}

void repairSetting(Builder &b, const DiffEntry &e)
{
    static const QRegularExpression plainName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]*$"));
    const QString &setting = e.attribute;
    if (!plainName.match(setting).hasMatch()) {
        b.cannot(e, QStringLiteral("the setting's name is not one Revisor can write safely"));
        return;
    }
    // The diff runs baseline -> current: `before` is the baseline's value.
    const QString action = e.before.isEmpty() ? QStringLiteral(" RESET ") + setting
                                              : QStringLiteral(" SET %1 = %2").arg(setting, settingValue(setting, e.before));
    if (e.name == QLatin1String("DATABASE"))
        b.add(Finish, onCurrentDatabase(QStringLiteral("ALTER DATABASE "), action), e);
    else if (e.name.endsWith(QLatin1String(" IN DATABASE")))
        b.add(Finish, onCurrentDatabase(QStringLiteral("ALTER ") + e.name + QLatin1Char(' '), action), e);
    else
        b.add(Finish, QStringLiteral("ALTER ") + e.name + action, e);
}

} // namespace

bool repairSettings(Builder &b, const DiffEntry &e)
{
    if (e.objectKind == QLatin1String("default privileges"))
        repairDefaultPrivileges(b, e);
    else
        repairSetting(b, e);
    return true;
}

} // namespace revisor::repair
