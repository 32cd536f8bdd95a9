#pragma once

#include "core/error.h"

#include <QList>
#include <QPair>
#include <QString>

namespace revisor {

/// The connection options libpq treats as secret (password, sslpassword...), sorted: libpq's
/// own answer, so an option a later libpq adds is covered too.
QStringList secretConnectionOptions();
/// Whether a connection option is one of those (every option, should libpq fail to answer).
bool isSecretConnectionOption(const QString &keyword);

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
    /// The same settings with every secret left out: secret options dropped, and a dbname that
    /// is itself a connection string stripped of its own secrets (dropped if unreadable).
    ConnectionSettings withoutSecrets() const;
    /// For messages, logs, reports and settings files: keyword=value pairs of withoutSecrets().
    /// The one place a connection is turned into text for people.
    QString redacted() const;
    /// Database name as libpq will resolve it (explicit dbname, else PGDATABASE, else user).
    QString databaseName() const;

    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;

private:
    QList<QPair<QString, QString>> m_keywords;
};

} // namespace revisor
