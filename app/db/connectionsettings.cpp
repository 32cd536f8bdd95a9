#include "connectionsettings.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <libpq-fe.h>

#include <optional>

namespace revisor {

namespace {

// SQLAlchemy names the driver in the scheme (postgresql+psycopg2://, postgresql+asyncpg://);
// libpq only knows postgresql:// and postgres://.
QString stripDriverFromScheme(const QString &text)
{
    static const QRegularExpression scheme(QStringLiteral("^(postgres(?:ql)?)\\+[A-Za-z0-9_]+://"));
    QString out = text;
    out.replace(scheme, QStringLiteral("postgresql://"));
    return out;
}

// The options libpq never displays (dispchar "*" in PQconndefaults() and PQconninfoParse()).
// Parsing an empty string lists every option without reading the PG* environment; nullopt
// when libpq cannot answer (out of memory).
std::optional<QSet<QString>> libpqSecretOptions()
{
    PQconninfoOption *options = PQconninfoParse("", nullptr);
    if (!options)
        return std::nullopt;
    QSet<QString> secret;
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (o->dispchar && o->dispchar[0] == '*')
            secret.insert(QString::fromUtf8(o->keyword));
    }
    PQconninfoFree(options);
    return secret;
}

// libpq expands a dbname that looks like a connection string (a URL, or anything with '='),
// so such a dbname may carry a password of its own. The SQLAlchemy schemes are included:
// parse() reads them too.
bool isConnectionString(const QString &value)
{
    static const QRegularExpression scheme(QStringLiteral("^postgres(?:ql)?(?:\\+[A-Za-z0-9_]+)?://"));
    return value.contains(QLatin1Char('=')) || scheme.match(value).hasMatch();
}

QString quoteValue(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    v.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

const std::optional<QSet<QString>> &cachedSecretOptions()
{
    static const std::optional<QSet<QString>> secret = libpqSecretOptions();
    return secret;
}

} // namespace

QStringList secretConnectionOptions()
{
    const auto &secret = cachedSecretOptions();
    QStringList names = secret ? QStringList(secret->cbegin(), secret->cend()) : QStringList();
    names.sort();
    return names;
}

bool isSecretConnectionOption(const QString &keyword)
{
    const auto &secret = cachedSecretOptions();
    // Without libpq's answer nothing can be shown safely: every option counts as secret.
    return !secret || secret->contains(keyword);
}

Result<ConnectionSettings> ConnectionSettings::parse(const QString &text)
{
    ConnectionSettings settings;
    const QString trimmed = stripDriverFromScheme(text.trimmed());
    if (trimmed.isEmpty())
        return settings;
    char *errmsg = nullptr;
    const QByteArray utf8 = trimmed.toUtf8();
    PQconninfoOption *options = PQconninfoParse(utf8.constData(), &errmsg);
    if (!options) {
        QString message = errmsg ? QString::fromUtf8(errmsg).trimmed() : QStringLiteral("out of memory");
        // libpq quotes the offending part of the input, which may be the password. That part
        // may hold quotes itself, so everything from the first quote to the last is masked.
        static const QRegularExpression quoted(QStringLiteral("\"[\\s\\S]*\""));
        message.replace(quoted, QStringLiteral("\"...\""));
        PQfreemem(errmsg);
        // Never echo the text back: it may hold a password.
        return fail(Error::usage(QStringLiteral("invalid connection string: %1").arg(message)));
    }
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (o->val && *o->val)
            settings.m_keywords.append({QString::fromUtf8(o->keyword), QString::fromUtf8(o->val)});
    }
    PQconninfoFree(options);
    return settings;
}

Result<ConnectionSettings> ConnectionSettings::fromArgumentOrEnvironment(const QString &argument)
{
    if (!argument.trimmed().isEmpty())
        return parse(argument);
    const QString fromEnv = qEnvironmentVariable("DATABASE_URL");
    if (!fromEnv.trimmed().isEmpty()) {
        auto parsed = parse(fromEnv);
        if (!parsed)
            parsed.error().message.prepend(QStringLiteral("DATABASE_URL: "));
        return parsed;
    }
    return ConnectionSettings{}; // libpq reads PG*, service files and .pgpass itself
}

QString ConnectionSettings::value(const QString &keyword) const
{
    for (const auto &[k, v] : m_keywords) {
        if (k == keyword)
            return v;
    }
    return {};
}

void ConnectionSettings::setValue(const QString &keyword, const QString &value)
{
    for (auto &[k, v] : m_keywords) {
        if (k == keyword) {
            v = value;
            return;
        }
    }
    m_keywords.append({keyword, value});
}

QString ConnectionSettings::conninfo() const
{
    QStringList parts;
    for (const auto &[k, v] : m_keywords)
        parts << k + QLatin1Char('=') + quoteValue(v);
    return parts.join(QLatin1Char(' '));
}

ConnectionSettings ConnectionSettings::withoutSecrets() const
{
    ConnectionSettings clean;
    for (const auto &[k, v] : m_keywords) {
        if (isSecretConnectionOption(k))
            continue;
        if (k == QLatin1String("dbname") && isConnectionString(v)) {
            const auto inner = parse(v);
            if (!inner)
                continue; // unreadable: no telling which part of it is secret
            // libpq expands only the outer dbname: the inner string's own dbname is a name, so
            // the inner settings lose their secret options and nothing is expanded further
            // (a recursion here took exponential time on nested URLs).
            ConnectionSettings innerClean;
            for (const auto &[ik, iv] : inner->m_keywords) {
                if (!isSecretConnectionOption(ik))
                    innerClean.m_keywords.append({ik, iv});
            }
            clean.m_keywords.append({k, innerClean == *inner ? v : innerClean.conninfo()});
            continue;
        }
        clean.m_keywords.append({k, v});
    }
    return clean;
}

QString ConnectionSettings::redacted() const
{
    const ConnectionSettings shown = withoutSecrets();
    QStringList parts;
    for (const auto &[k, v] : shown.keywords())
        parts << k + QLatin1Char('=') + (v.contains(QLatin1Char(' ')) ? quoteValue(v) : v);
    if (parts.isEmpty())
        return QStringLiteral("(libpq defaults: PG* environment, service file, .pgpass)");
    return parts.join(QLatin1Char(' '));
}

QString ConnectionSettings::databaseName() const
{
    for (const QString &candidate : {value(QStringLiteral("dbname")), qEnvironmentVariable("PGDATABASE"),
                                     value(QStringLiteral("user")), qEnvironmentVariable("PGUSER"),
                                     qEnvironmentVariable("USER")}) {
        if (!candidate.isEmpty())
            return candidate;
    }
    return {};
}

} // namespace revisor
