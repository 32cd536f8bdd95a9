#include "copyout.h"

#include "db/session.h"

#include <QByteArray>
#include <QtEndian>

#include <libpq-fe.h>

#include <cstring>
#include <optional>

namespace revisor {

// Parses PostgreSQL's binary COPY format (the file format of the COPY documentation): an
// 11-byte signature, a flags word and a header extension, then per row a 16-bit field count
// (-1 ends the data) and per field a 32-bit length (-1 for NULL) and that many bytes. The
// server sends one row per CopyData message (the header rides on the first), so rows are
// parsed in place; only a row split across messages is copied into `m_pending`.
class CopyBinaryParser
{
public:
    explicit CopyBinaryParser(const std::function<void(const CopyRow &)> &onRow) : m_onRow(onRow) {}

    /// Consumes one chunk; a null error message means fine so far.
    QString feed(const char *chunk, qsizetype size)
    {
        if (!m_pending.isEmpty()) {
            m_pending.append(chunk, size);
            const qsizetype used = parse(m_pending.constData(), m_pending.size());
            m_pending.remove(0, used);
        } else {
            const qsizetype used = parse(chunk, size);
            if (used < size)
                m_pending = QByteArray(chunk + used, size - used);
        }
        return m_error;
    }
    QString finish() const
    {
        if (!m_error.isEmpty())
            return m_error;
        if (!m_ended || !m_pending.isEmpty())
            return QStringLiteral("binary COPY stream ended early at byte %1").arg(m_offset);
        return QString();
    }

private:
    // Returns how many bytes were consumed (whole header and rows only).
    qsizetype parse(const char *p, qsizetype size)
    {
        static constexpr char Signature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the implicit NUL
        qsizetype at = 0;
        if (!m_headerSeen) {
            if (size < 19)
                return 0;
            quint32 extension = qFromBigEndian<quint32>(p + 15);
            if (std::memcmp(p, Signature, 11) != 0 || size - 19 < qsizetype(extension)) {
                if (std::memcmp(p, Signature, 11) != 0)
                    m_error = QStringLiteral("binary COPY stream without its signature");
                return 0;
            }
            at = 19 + qsizetype(extension);
            m_headerSeen = true;
        }
        while (!m_ended && m_error.isEmpty()) {
            if (size - at < 2)
                break;
            const qint16 count = qFromBigEndian<qint16>(p + at);
            if (count == -1) {
                m_ended = true;
                at += 2;
                break;
            }
            if (count < 0 || count > 1664) {
                m_error = QStringLiteral("binary COPY stream: %1 fields in a row at byte %2").arg(count).arg(m_offset + at);
                break;
            }
            qsizetype q = at + 2;
            bool complete = true;
            for (int f = 0; f < count; ++f) {
                if (size - q < 4) {
                    complete = false;
                    break;
                }
                const qint32 length = qFromBigEndian<qint32>(p + q);
                q += 4;
                if (length < -1) {
                    m_error = QStringLiteral("binary COPY stream: field length %1 at byte %2").arg(length).arg(m_offset + q - 4);
                    return at;
                }
                m_row.m_lengths[f] = length;
                m_row.m_data[f] = p + q;
                if (length > 0) {
                    if (size - q < length) {
                        complete = false;
                        break;
                    }
                    q += length;
                }
            }
            if (!complete)
                break;
            m_row.m_count = count;
            m_onRow(m_row);
            at = q;
        }
        m_offset += at;
        return at;
    }

    const std::function<void(const CopyRow &)> &m_onRow;
    CopyRow m_row;
    QByteArray m_pending;
    QString m_error;
    qint64 m_offset = 0;
    bool m_headerSeen = false;
    bool m_ended = false;
};

Status copyOutBinary(Session &session, const QString &copySql, const std::function<void(const CopyRow &)> &onRow)
{
    PGconn *conn = session.handle();
    if (!conn)
        return fail(Error::database(QStringLiteral("not connected")));
    PGresult *res = PQexec(conn, copySql.toUtf8().constData());
    if (PQresultStatus(res) != PGRES_COPY_OUT) {
        Error e = errorFromResult(res, conn, copySql);
        if (e.message.isEmpty())
            e.message = QStringLiteral("statement is not COPY ... TO STDOUT");
        PQclear(res);
        while (PGresult *r = PQgetResult(conn))
            PQclear(r);
        return fail(e);
    }
    PQclear(res);
    auto parser = std::make_unique<CopyBinaryParser>(onRow);
    QString broken;
    char *buffer = nullptr;
    int got = 0;
    while ((got = PQgetCopyData(conn, &buffer, 0)) > 0) {
        if (broken.isEmpty())
            broken = parser->feed(buffer, got);
        PQfreemem(buffer);
    }
    std::optional<Error> failure;
    if (got == -2)
        failure = Error::database(QString::fromUtf8(PQerrorMessage(conn)).trimmed());
    while (PGresult *r = PQgetResult(conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !failure)
            failure = errorFromResult(r, conn, copySql);
        PQclear(r);
    }
    if (failure)
        return fail(*failure);
    if (broken.isEmpty())
        broken = parser->finish();
    if (!broken.isEmpty()) {
        Error e = Error::database(QStringLiteral("internal: %1").arg(broken));
        e.statement = copySql;
        return fail(e);
    }
    return {};
}

} // namespace revisor
