#include "session.h"

#include <QAtomicInteger>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QUuid>

#include <libpq-fe.h>

namespace revisor {

struct Session::CancelState
{
    QMutex mutex;
    PGcancel *cancel = nullptr;
};

namespace {

QString field(const PGresult *res, int code)
{
    const char *v = PQresultErrorField(res, code);
    return v ? QString::fromUtf8(v) : QString();
}

// What the QPSQL driver changes when it opens a connection (DateStyle to ISO, bytea_output to
// escape, the time zone on some Qt versions), set back to the session's defaults: the server's,
// the database's and the role's own settings, as psql would have them. Migrations and seeds
// must store and accept values exactly as they would anywhere else; Revisor's own reads pin
// what they need for their transaction only.
const char *const kDriverSettingsReset = "RESET DateStyle; RESET bytea_output; RESET TimeZone";

// Statements with nothing to bind, in one round trip (PQexec takes several; PQexecParams one).
Status execScript(PGconn *conn, const char *script)
{
    if (!conn)
        return fail(Error::database(QStringLiteral("not connected")));
    PGresult *result = PQexec(conn, script);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    Error error = ok ? Error() : errorFromResult(result, conn, QString::fromLatin1(script));
    PQclear(result);
    if (!ok)
        return fail(error);
    return {};
}

} // namespace

Error errorFromResult(const PGresult *res, PGconn *conn, const QString &sql)
{
    Error e = Error::database(QString(), QString());
    if (res) {
        e.message = field(res, PG_DIAG_MESSAGE_PRIMARY);
        e.sqlState = field(res, PG_DIAG_SQLSTATE);
        e.detail = field(res, PG_DIAG_MESSAGE_DETAIL);
        e.hint = field(res, PG_DIAG_MESSAGE_HINT);
        e.position = field(res, PG_DIAG_STATEMENT_POSITION).toInt();
    }
    if (e.message.isEmpty())
        e.message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    if (e.sqlState == QLatin1String("57014"))
        e.kind = ErrorKind::Cancelled;
    e.statement = sql;
    return e;
}

Session::Session()
    : m_cancel(std::make_unique<CancelState>())
{
}

Session::~Session()
{
    {
        QMutexLocker lock(&m_cancel->mutex);
        if (m_cancel->cancel)
            PQfreeCancel(m_cancel->cancel);
        m_cancel->cancel = nullptr;
    }
    if (!m_connectionName.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Result<std::unique_ptr<Session>> Session::open(const ConnectionSettings &settings, const QString &applicationName)
{
    auto session = std::make_unique<Session>();
    session->m_settings = settings;
    session->m_connectionName = QStringLiteral("revisor-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), session->m_connectionName);
    if (!db.isValid())
        return fail(Error::database(QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not available; install libqt6sql6-psql")));

    // Host, port, database, user and password have their own fields (QPSQL quotes them);
    // every other libpq keyword (sslmode, service, connect_timeout...) passes through options.
    QStringList options{QStringLiteral("application_name='%1'").arg(applicationName)};
    for (const auto &[key, value] : settings.keywords()) {
        if (key == QLatin1String("host"))
            db.setHostName(value);
        else if (key == QLatin1String("port"))
            db.setPort(value.toInt());
        else if (key == QLatin1String("dbname"))
            db.setDatabaseName(value);
        else if (key == QLatin1String("user"))
            db.setUserName(value);
        else if (key == QLatin1String("password"))
            db.setPassword(value);
        else if (key != QLatin1String("application_name"))
            options << QStringLiteral("%1='%2'").arg(key, QString(value).replace(QLatin1Char('\''), QStringLiteral("\\'")));
    }
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        Error e = Error::database(db.lastError().driverText() + QStringLiteral(": ") + db.lastError().databaseText().trimmed());
        e.message = QStringLiteral("could not connect to %1: %2").arg(settings.redacted(), db.lastError().databaseText().trimmed());
        return fail(e);
    }
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return fail(Error::database(QStringLiteral("unexpected QPSQL handle type %1").arg(QLatin1String(handle.typeName()))));
    session->m_conn = *static_cast<PGconn *const *>(handle.constData());
    PQsetNoticeReceiver(session->m_conn, &Session::noticeReceiver, session.get());
    session->m_cancel->cancel = PQgetCancel(session->m_conn);
    if (auto reset = execScript(session->m_conn, kDriverSettingsReset); !reset)
        return fail(reset.error());
    return session;
}

Result<QList<QPair<QString, QString>>> Session::sessionSettings()
{
    // Not the identity ones (set_config cannot restore them) nor the encoding (set below).
    auto rows = exec(QStringLiteral("SELECT name, current_setting(name) FROM pg_catalog.pg_settings WHERE source = 'session' "
                                    "AND name NOT IN ('client_encoding', 'role', 'session_authorization') ORDER BY name"));
    if (!rows)
        return fail(rows.error());
    QList<QPair<QString, QString>> settings;
    for (const QStringList &row : rows->rows)
        settings.append({row.value(0), row.value(1)});
    return settings;
}

Status Session::resetState(const QList<QPair<QString, QString>> &keep)
{
    if (auto reset = execScript(m_conn, "RESET ALL; SET client_encoding TO 'UTF8'"); !reset)
        return reset;
    for (const auto &[name, value] : keep) {
        if (auto set = exec(QStringLiteral("SELECT pg_catalog.set_config($1, $2, false)"), {name, value}); !set)
            return fail(set.error());
    }
    return {};
}

Result<bool> Session::extensionAvailable(const QString &name)
{
    auto available = scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = $1)"), {name});
    if (!available)
        return fail(available.error());
    return *available == QLatin1String("t");
}

Result<QueryResult> Session::exec(const QString &sql, const QStringList &params)
{
    if (!m_conn)
        return fail(Error::database(QStringLiteral("not connected")));
    const QByteArray query = sql.toUtf8();
    QList<QByteArray> storage;
    storage.reserve(params.size());
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const QString &p : params) {
        if (p.isNull()) {
            values.push_back(nullptr);
        } else {
            storage.append(p.toUtf8());
            values.push_back(storage.constLast().constData());
        }
    }
    PGresult *res = PQexecParams(m_conn, query.constData(), int(values.size()), nullptr,
                                 values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
        // Leave the protocol in a sane state, then refuse: COPY goes through copyIn().
        if (status == PGRES_COPY_IN)
            PQputCopyEnd(m_conn, "COPY through exec() is not supported");
        PQclear(res);
        while (PGresult *r = PQgetResult(m_conn))
            PQclear(r);
        Error e = Error::database(QStringLiteral("COPY must be streamed through libpq; it cannot run as a plain statement"));
        e.kind = ErrorKind::Input;
        e.statement = sql;
        return fail(e);
    }
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error e = errorFromResult(res, m_conn, sql);
        PQclear(res);
        return fail(e);
    }
    QueryResult out;
    const int nFields = PQnfields(res);
    const int nRows = PQntuples(res);
    out.columns.reserve(nFields);
    for (int c = 0; c < nFields; ++c)
        out.columns << QString::fromUtf8(PQfname(res, c));
    out.rows.reserve(nRows);
    for (int r = 0; r < nRows; ++r) {
        QStringList row;
        row.reserve(nFields);
        for (int c = 0; c < nFields; ++c) {
            if (PQgetisnull(res, r, c))
                row << QString();
            else
                row << QString::fromUtf8(PQgetvalue(res, r, c), PQgetlength(res, r, c));
        }
        out.rows << row;
    }
    out.commandTag = QString::fromUtf8(PQcmdStatus(res));
    out.rowsAffected = QByteArray(PQcmdTuples(res)).toLongLong();
    PQclear(res);
    return out;
}

Result<QString> Session::scalar(const QString &sql, const QStringList &params)
{
    auto r = exec(sql, params);
    if (!r)
        return fail(r.error());
    return r->scalar();
}

Result<qint64> Session::copyIn(const QString &copySql, const QByteArray &data)
{
    PGresult *res = PQexec(m_conn, copySql.toUtf8().constData());
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        Error e = errorFromResult(res, m_conn, copySql);
        if (e.message.isEmpty())
            e.message = QStringLiteral("statement is not COPY ... FROM STDIN");
        PQclear(res);
        return fail(e);
    }
    PQclear(res);
    if (PQputCopyData(m_conn, data.constData(), int(data.size())) != 1 || PQputCopyEnd(m_conn, nullptr) != 1)
        return fail(Error::database(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed()));
    qint64 rows = 0;
    Error failure;
    bool failed = false;
    while (PGresult *r = PQgetResult(m_conn)) {
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            rows = QByteArray(PQcmdTuples(r)).toLongLong();
        } else if (!failed) {
            failed = true;
            failure = errorFromResult(r, m_conn, copySql);
        }
        PQclear(r);
    }
    if (failed)
        return fail(failure);
    return rows;
}

bool Session::cancel()
{
    QMutexLocker lock(&m_cancel->mutex);
    if (!m_cancel->cancel)
        return false;
    char errbuf[256];
    return PQcancel(m_cancel->cancel, errbuf, sizeof errbuf) == 1;
}

void Session::noticeReceiver(void *arg, const PGresult *res)
{
    auto *self = static_cast<Session *>(arg);
    Notice n;
    n.severity = field(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (n.severity.isEmpty())
        n.severity = field(res, PG_DIAG_SEVERITY);
    n.message = field(res, PG_DIAG_MESSAGE_PRIMARY);
    n.sqlState = field(res, PG_DIAG_SQLSTATE);
    n.detail = field(res, PG_DIAG_MESSAGE_DETAIL);
    self->m_notices.append(n);
}

QList<Notice> Session::takeNotices()
{
    return std::exchange(m_notices, {});
}

QString Session::serverVersion() const
{
    const char *v = m_conn ? PQparameterStatus(m_conn, "server_version") : nullptr;
    return v ? QString::fromUtf8(v).section(QLatin1Char(' '), 0, 0) : QString();
}

int Session::serverVersionNum() const
{
    return m_conn ? PQserverVersion(m_conn) : 0;
}

QString Session::databaseName() const
{
    return m_conn ? QString::fromUtf8(PQdb(m_conn)) : QString();
}

bool Session::inTransaction() const
{
    if (!m_conn)
        return false;
    const auto s = PQtransactionStatus(m_conn);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

QString Session::quoteIdent(const QString &name) const
{
    const QByteArray utf8 = name.toUtf8();
    char *quoted = m_conn ? PQescapeIdentifier(m_conn, utf8.constData(), size_t(utf8.size())) : nullptr;
    if (!quoted)
        return quoteIdentifier(name);
    const QString out = QString::fromUtf8(quoted);
    PQfreemem(quoted);
    return out;
}

QString Session::quoteIdentifier(const QString &name)
{
    QString q = name;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString Session::quoteQualified(const QString &schema, const QString &name) const
{
    return quoteIdent(schema) + QLatin1Char('.') + quoteIdent(name);
}

} // namespace revisor
