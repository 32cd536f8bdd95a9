// The JSON reader under the snapshot file reader: the parts that are not on every byte's path.
#include "schema/jsonreader.h"

#include <cctype>
#include <charconv>
#include <algorithm>
#include <cstring>

namespace revisor::json {

QString Where::toString() const
{
    if (!parent)
        return field;
    const QString up = parent->toString();
    return index >= 0 ? QStringLiteral("%1[%2]").arg(up).arg(index) : up + QLatin1Char('.') + field;
}

bool Reader::string(QByteArray &out)
{
    const char *start = ++m_p;
    while (m_p < m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20)
        ++m_p;
    if (m_p < m_end && *m_p == '"') {   // no escapes: the common case
        out = QByteArray(start, m_p - start);
        ++m_p;
        return true;
    }
    out = QByteArray(start, m_p - start);
    while (m_p < m_end && *m_p != '"') {
        const char c = *m_p++;
        if (uchar(c) < 0x20)
            return syntax("control character in a string");
        if (c != '\\') {
            out += c;
            continue;
        }
        if (m_p == m_end)
            break;
        switch (const char e = *m_p++) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            char32_t cp = 0;
            if (!hex4(cp))
                return syntax("bad \\u escape");
            if (cp >= 0xD800 && cp < 0xDC00 && m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
                m_p += 2;
                char32_t low = 0;
                if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                    return syntax("bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            out += QString::fromUcs4(&cp, 1).toUtf8();
            break;
        }
        default:
            return syntax("bad escape");
        }
    }
    if (m_p == m_end)
        return syntax("unterminated string");
    ++m_p;
    return true;
}


bool Reader::number(double &out)
{
    const char *start = m_p;
    if (m_p < m_end && *m_p == '-')
        ++m_p;
    while (m_p < m_end && (std::isdigit(uchar(*m_p)) || *m_p == '.' || *m_p == 'e' || *m_p == 'E' || *m_p == '+' || *m_p == '-'))
        ++m_p;
    const auto [end, ec] = std::from_chars(start, m_p, out);
    if (ec != std::errc() || end != m_p)
        return syntax("bad number");
    return true;
}

bool Reader::literal(Kind kind)
{
    const QByteArrayView word = kind == Kind::True ? "true" : kind == Kind::False ? "false" : "null";
    if (m_end - m_p < word.size() || QByteArrayView(m_p, word.size()) != word)
        return syntax("bad literal");
    m_p += word.size();
    return true;
}

bool Reader::skip()
{
    switch (peek()) {
    case Kind::Object: return object([this](QByteArrayView) { return skip(); });
    case Kind::Array: return array([this](qsizetype) { return skip(); });
    case Kind::String: { QByteArrayView ignored; QByteArray storage; return span(ignored, storage); }
    case Kind::Number: { double ignored = 0; return number(ignored); }
    case Kind::True: case Kind::False: case Kind::Null: return literal(peek());
    default: return syntax("a value expected");
    }
}

bool Reader::skim(QByteArrayView &bytes)
{
    const char *start = m_p;
    int depth = 0;
    while (m_p < m_end) {
        const char c = *m_p++;
        if (c == '"') {
            // Most of a snapshot's bytes are in strings: memchr finds their end many bytes at
            // a time (after a few bytes looked at inline: most strings are short names), and a
            // quote is escaped when an odd number of backslashes precede it.
            const char *inlineEnd = m_p + std::min<qsizetype>(16, m_end - m_p);
            const char *q = m_p;
            while (q < inlineEnd && *q != '"' && *q != '\\')
                ++q;
            if (q < inlineEnd && *q == '"') {
                m_p = q + 1;
                continue;
            }
            for (;;) {
                const auto *quote = static_cast<const char *>(std::memchr(m_p, '"', size_t(m_end - m_p)));
                if (!quote) {
                    m_p = start;
                    return syntax("unterminated value");
                }
                q = quote;
                while (q > m_p && q[-1] == '\\')
                    --q;
                m_p = quote + 1;
                if ((quote - q) % 2 == 0)
                    break;
            }
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            bytes = QByteArrayView(start, m_p);
            return true;
        }
    }
    m_p = start;
    return syntax("unterminated value");
}

bool Reader::wrongType(const Where &where, const char *expected)
{
    if (m_type.isEmpty())
        m_type = QStringLiteral("snapshot: %1 is not %2").arg(where.toString(), QLatin1String(expected));
    return skip();
}

bool Reader::hex4(char32_t &out)
{
    if (m_end - m_p < 4)
        return false;
    for (int i = 0; i < 4; ++i, ++m_p) {
        const char c = *m_p;
        const int digit = (c >= '0' && c <= '9') ? c - '0'
            : (c >= 'a' && c <= 'f')             ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')             ? c - 'A' + 10
                                                 : -1;
        if (digit < 0)
            return false;
        out = out * 16 + char32_t(digit);
    }
    return true;
}

bool Reader::syntax(const char *what)
{
    if (m_syntax.isEmpty()) {
        m_syntax = QLatin1String(what);
        m_syntaxAt = m_p - m_begin;
    }
    return false;
}

} // namespace revisor::json
