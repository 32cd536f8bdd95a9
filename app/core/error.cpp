#include "error.h"

#include <QStringList>

namespace revisor {

Error Error::of(ErrorKind kind, const QString &message)
{
    Error e;
    e.kind = kind;
    e.message = message;
    return e;
}

Error Error::usage(const QString &message)
{
    Error e;
    e.kind = ErrorKind::Usage;
    e.message = message;
    return e;
}

Error Error::input(const QString &file, int line, const QString &message)
{
    Error e;
    e.kind = ErrorKind::Input;
    e.file = file;
    e.line = line;
    e.message = message;
    return e;
}

Error Error::database(const QString &message, const QString &sqlState)
{
    Error e;
    e.kind = ErrorKind::Database;
    e.message = message;
    e.sqlState = sqlState;
    return e;
}

QString Error::toString() const
{
    QString where;
    if (!file.isEmpty())
        where = line > 0 ? QStringLiteral("%1:%2: ").arg(file).arg(line) : file + QStringLiteral(": ");
    QString head = where;
    if (!revision.isEmpty())
        head += QStringLiteral("revision %1: ").arg(revision);
    head += message.trimmed();
    if (!sqlState.isEmpty())
        head += QStringLiteral(" (SQLSTATE %1)").arg(sqlState);
    QStringList lines{head};
    if (!detail.isEmpty())
        lines << QStringLiteral("DETAIL: ") + detail;
    if (!hint.isEmpty())
        lines << QStringLiteral("HINT: ") + hint;
    if (!statement.isEmpty()) {
        QString shown = statement.simplified();
        if (shown.size() > 200)
            shown = shown.left(197) + QStringLiteral("...");
        lines << QStringLiteral("STATEMENT: ") + shown;
    }
    return lines.join(QLatin1Char('\n'));
}

int Error::exitCode() const
{
    switch (kind) {
    case ErrorKind::Usage:
    case ErrorKind::Input:
        return 2;
    case ErrorKind::Database:
    case ErrorKind::LockTimeout:
    case ErrorKind::Cancelled:
        return 3;
    }
    return 3;
}

QJsonObject Error::toJson() const
{
    static const char *const kinds[] = {"usage", "input", "database", "lock_timeout", "cancelled"};
    QJsonObject o{{QStringLiteral("message"), message}, {QStringLiteral("kind"), QLatin1String(kinds[int(kind)])}};
    auto put = [&o](const char *key, const QString &v) {
        if (!v.isEmpty())
            o.insert(QLatin1String(key), v);
    };
    put("sqlstate", sqlState);
    put("detail", detail);
    put("hint", hint);
    put("revision", revision);
    put("file", file);
    put("statement", statement);
    if (line > 0)
        o.insert(QStringLiteral("line"), line);
    if (position > 0)
        o.insert(QStringLiteral("position"), position);
    return o;
}

Error Error::fromJson(const QJsonObject &o)
{
    Error e;
    const QString kind = o.value(QStringLiteral("kind")).toString();
    e.kind = kind == QLatin1String("usage") ? ErrorKind::Usage
           : kind == QLatin1String("input") ? ErrorKind::Input
           : kind == QLatin1String("lock_timeout") ? ErrorKind::LockTimeout
           : kind == QLatin1String("cancelled") ? ErrorKind::Cancelled : ErrorKind::Database;
    e.message = o.value(QStringLiteral("message")).toString();
    e.sqlState = o.value(QStringLiteral("sqlstate")).toString();
    e.detail = o.value(QStringLiteral("detail")).toString();
    e.hint = o.value(QStringLiteral("hint")).toString();
    e.revision = o.value(QStringLiteral("revision")).toString();
    e.file = o.value(QStringLiteral("file")).toString();
    e.statement = o.value(QStringLiteral("statement")).toString();
    e.line = o.value(QStringLiteral("line")).toInt();
    e.position = o.value(QStringLiteral("position")).toInt();
    return e;
}

} // namespace revisor
