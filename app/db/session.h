#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

#include <memory>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace revisor {

/// A libpq result's error as an Error with all the server's fields (SQLSTATE, DETAIL, HINT,
/// position); the connection's message when the result has none.
Error errorFromResult(const PGresult *result, PGconn *conn, const QString &sql);

/// A server message that is not an error (NOTICE, WARNING, INFO...).
struct Notice
{
    QString severity;
    QString message;
    QString sqlState;
    QString detail;
    friend bool operator==(const Notice &, const Notice &) = default;
};

/// Rows of a query as text (NULL is a null QString), all values in PostgreSQL's text format.
struct QueryResult
{
    QStringList columns;
    QList<QStringList> rows;
    qint64 rowsAffected = 0;
    QString commandTag;

    QString value(int row, int column) const { return rows.value(row).value(column); }
    QString scalar() const { return value(0, 0); }
};

/// One connection to PostgreSQL, owned by the thread that opened it. Opened through QPSQL;
/// statements go through libpq on the driver's PGconn so that errors keep all their fields
/// (SQLSTATE, DETAIL, HINT, position), values are bound (PQexecParams) and notices, cancel
/// and COPY work.
class Session
{
public:
    Session();
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    /// Opens a connection; applicationName shows in pg_stat_activity.
    static Result<std::unique_ptr<Session>> open(const ConnectionSettings &settings,
                                                 const QString &applicationName = QStringLiteral("revisor"));

    /// Runs one statement. Parameters are bound ($1, $2...) and never formatted into SQL.
    Result<QueryResult> exec(const QString &sql, const QStringList &params = {});
    /// Runs one statement and returns the first column of the first row.
    Result<QString> scalar(const QString &sql, const QStringList &params = {});
    /// The settings this session SET (pg_settings source 'session'), by name and value: what
    /// resetState() gives back after a migration's own SETs are undone.
    Result<QList<QPair<QString, QString>>> sessionSettings();
    /// Undoes what statements SET (search_path, role, timeouts...): RESET ALL, back to the
    /// server's, the database's, the role's and the connection's own settings, then `keep`
    /// (from sessionSettings()) and the UTF-8 client encoding this class reads text in.
    /// Transactional inside a transaction.
    Status resetState(const QList<QPair<QString, QString>> &keep = {});
    /// Runs a statement that streams COPY data in (COPY ... FROM STDIN).
    Result<qint64> copyIn(const QString &copySql, const QByteArray &data);

    /// Cancels the statement running on this session; safe to call from any thread.
    bool cancel();

    /// Notices received since the last call.
    QList<Notice> takeNotices();

    QString serverVersion() const;   ///< e.g. "15.18"
    int serverVersionNum() const;    ///< e.g. 150018
    QString databaseName() const;
    bool inTransaction() const;
    PGconn *handle() const { return m_conn; }
    const ConnectionSettings &settings() const { return m_settings; }

    /// Whether the server offers extension `name` (pg_available_extensions), installed or not.
    Result<bool> extensionAvailable(const QString &name);

    /// Quotes an identifier for SQL (PQescapeIdentifier).
    QString quoteIdent(const QString &name) const;
    /// Quotes an identifier without a connection (double quotes, embedded ones doubled): the
    /// same text PQescapeIdentifier produces for a UTF-8 connection.
    static QString quoteIdentifier(const QString &name);
    /// "schema"."name"
    QString quoteQualified(const QString &schema, const QString &name) const;

private:
    static void noticeReceiver(void *arg, const PGresult *res);

    ConnectionSettings m_settings;
    QString m_connectionName;
    PGconn *m_conn = nullptr;
    struct CancelState;
    std::unique_ptr<CancelState> m_cancel;
    QList<Notice> m_notices;
};

} // namespace revisor
