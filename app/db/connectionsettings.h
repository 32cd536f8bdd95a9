#pragma once

#include "core/error.h"

#include <QList>
#include <QPair>
#include <QString>

namespace revisor {

/// Where to connect, as libpq keyword/value pairs. Built from a libpq URL, a keyword string,
/// a SQLAlchemy URL (postgresql+psycopg2://, postgresql+asyncpg://) or, when empty, left to
/// libpq's own defaults (PG* environment, service file, .pgpass).
class ConnectionSettings
{
public:
    ConnectionSettings() = default;

    /// Parses what a user typed. An empty string means "libpq defaults".
    static Result<ConnectionSettings> parse(const QString &text);

    /// --db if given, else $DATABASE_URL, else libpq defaults (PG*, service, .pgpass).
    static Result<ConnectionSettings> fromArgumentOrEnvironment(const QString &argument);

    QString value(const QString &keyword) const;
    void setValue(const QString &keyword, const QString &value);
    const QList<QPair<QString, QString>> &keywords() const { return m_keywords; }

    /// The full conninfo string for libpq, values quoted (contains the password if any).
    QString conninfo() const;
    /// For display and logs: a URL without password.
    QString redacted() const;
    /// Database name as libpq will resolve it (explicit dbname, else PGDATABASE, else user).
    QString databaseName() const;

    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;

private:
    QList<QPair<QString, QString>> m_keywords;
};

} // namespace revisor
