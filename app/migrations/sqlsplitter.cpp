#include "sqlsplitter.h"

#include <QRegularExpression>

#include <pg_query.h>

namespace revisor {

namespace {

// Skips whitespace and comments (-- to end of line, nested /* */) from byte offset `pos`.
qsizetype skipTrivia(const QByteArray &s, qsizetype pos, qsizetype end)
{
    while (pos < end) {
        const char c = s.at(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            ++pos;
        } else if (c == '-' && pos + 1 < end && s.at(pos + 1) == '-') {
            while (pos < end && s.at(pos) != '\n')
                ++pos;
        } else if (c == '/' && pos + 1 < end && s.at(pos + 1) == '*') {
            int depth = 0;
            do {
                if (s.at(pos) == '/' && pos + 1 < end && s.at(pos + 1) == '*') {
                    ++depth;
                    pos += 2;
                } else if (s.at(pos) == '*' && pos + 1 < end && s.at(pos + 1) == '/') {
                    --depth;
                    pos += 2;
                } else {
                    ++pos;
                }
            } while (depth > 0 && pos < end);
        } else {
            break;
        }
    }
    return pos;
}

// Lines (0-based) of byte offsets into one script. Statements come in order, so counting on
// from the previous offset keeps a whole script to one pass; counting from the start for each
// statement made splitting quadratic (minutes for a few megabytes of INSERTs).
class LineCursor
{
public:
    explicit LineCursor(const QByteArray &text) : m_text(text) {}

    int lineAt(qsizetype pos)
    {
        if (pos < m_pos) { // never for statements in order; recount rather than count backwards
            m_pos = 0;
            m_line = 0;
        }
        m_line += int(std::count(m_text.constBegin() + m_pos, m_text.constBegin() + pos, '\n'));
        m_pos = pos;
        return m_line;
    }

private:
    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 0;
};

Error statementError(const QString &file, int line, const QString &message, const QString &sql)
{
    Error e = Error::input(file, line, message);
    e.statement = sql;
    return e;
}

} // namespace

int newlinesBefore(QStringView text, qsizetype characters)
{
    int lines = 0;
    for (qsizetype i = 0; i < text.size() && characters > 0; ++i, --characters) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i; // one character in two UTF-16 units
        else if (text[i] == QLatin1Char('\n'))
            ++lines;
    }
    return lines;
}

Result<QList<SqlStatement>> splitSql(const QString &script, const QString &file, int firstLine)
{
    const QByteArray utf8 = script.toUtf8();
    // The parser knows statement boundaries exactly (BEGIN ATOMIC bodies hold semicolons);
    // the scanner is the fallback for what does not parse (meta-commands, inline COPY data),
    // so that those are refused below with their line rather than as a bare syntax error.
    PgQuerySplitResult split = pg_query_split_with_parser(utf8.constData());
    if (split.error) {
        pg_query_free_split_result(split);
        split = pg_query_split_with_scanner(utf8.constData());
    }
    if (split.error) {
        // The scanner's cursor position counts characters, not the bytes it was given.
        const int line = firstLine + newlinesBefore(script, qMax(0, split.error->cursorpos - 1));
        Error e = Error::input(file, line, QStringLiteral("cannot split SQL: %1").arg(QString::fromUtf8(split.error->message)));
        pg_query_free_split_result(split);
        return fail(e);
    }
    static const QRegularExpression copyFromStdin(QStringLiteral("^COPY\\b[\\s\\S]*\\bFROM\\s+STDIN\\b"),
                                                  QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression firstWord(QStringLiteral("^([A-Za-z_]+)"));
    static const QStringList transactionControl{
        QStringLiteral("BEGIN"), QStringLiteral("START"), QStringLiteral("COMMIT"), QStringLiteral("END"),
        QStringLiteral("ROLLBACK"), QStringLiteral("ABORT")};

    QList<SqlStatement> out;
    Result<QList<SqlStatement>> result = out;
    LineCursor lines(utf8);
    for (int i = 0; i < split.n_stmts; ++i) {
        const qsizetype begin = split.stmts[i]->stmt_location;
        const qsizetype end = begin + split.stmts[i]->stmt_len;
        const qsizetype start = skipTrivia(utf8, begin, end);
        if (start >= end)
            continue; // only comments
        SqlStatement st;
        st.sql = QString::fromUtf8(utf8.mid(start, end - start)).trimmed();
        if (st.sql.isEmpty())
            continue; // only whitespace the scanner does not skip (a vertical tab, a no-break space)
        st.line = firstLine + lines.lineAt(start);
        if (st.sql.startsWith(QLatin1Char('\\'))) {
            result = fail(statementError(file, st.line, QStringLiteral("psql meta-command '%1' is not supported; Revisor runs plain SQL")
                                                               .arg(st.sql.section(QLatin1Char('\n'), 0, 0).trimmed()), st.sql));
            break;
        }
        st.keyword = firstWord.match(st.sql).captured(1).toUpper();
        if (copyFromStdin.match(st.sql).hasMatch()) {
            result = fail(statementError(file, st.line, QStringLiteral("COPY ... FROM STDIN cannot be inlined in a migration; use INSERT, or COPY from a server-side file"), st.sql));
            break;
        }
        if (transactionControl.contains(st.keyword)) {
            result = fail(statementError(file, st.line, QStringLiteral("transaction control (%1) is not allowed in a migration: Revisor runs each revision in its own transaction, or statement by statement with '-- transactional: false'")
                                                               .arg(st.keyword), st.sql));
            break;
        }
        out << st;
    }
    pg_query_free_split_result(split);
    if (!result)
        return result;
    return out;
}

} // namespace revisor
