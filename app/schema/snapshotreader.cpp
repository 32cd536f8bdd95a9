// Reading a snapshot from JSON text in one pass, straight into the value types: parsing into a
// QJsonDocument first and then looking every field up in its QJsonObjects cost about as much
// again as the parse, and `revisor diff` of two 2,000-table files spent nearly all its time
// there (the diff itself takes milliseconds).
#include "schema/snapshotreader.h"

#include "schema/snapshotfields.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace revisor {

namespace {

// Where a value sits in the document ("tables[3].columns[0].name"), spelled out only for an
// error message.
struct Where
{
    const Where *parent = nullptr;
    QLatin1String field;  ///< a member name, or empty for an array element
    qsizetype index = -1;

    QString toString() const
    {
        if (!parent)
            return field;
        const QString up = parent->toString();
        return index >= 0 ? QStringLiteral("%1[%2]").arg(up).arg(index) : up + QLatin1Char('.') + field;
    }
};

class Reader
{
public:
    explicit Reader(QByteArrayView text) : m_begin(text.data()), m_p(text.data()), m_end(text.data() + text.size()) {}

    enum class Kind { Object, Array, String, Number, True, False, Null, End, Bad };

    // The first syntax error ends the read; a value of the wrong type is only noted (the first
    // one), skipped, and reported once the format is known to be a snapshot's.
    bool syntaxOk() const { return m_syntax.isEmpty(); }
    QString syntaxError() const { return QStringLiteral("invalid JSON at offset %1: %2").arg(m_syntaxAt).arg(m_syntax); }
    const QString &typeError() const { return m_type; }

    Kind peek()
    {
        skipSpace();
        if (m_p == m_end)
            return Kind::End;
        switch (*m_p) {
        case '{': return Kind::Object;
        case '[': return Kind::Array;
        case '"': return Kind::String;
        case 't': return Kind::True;
        case 'f': return Kind::False;
        case 'n': return Kind::Null;
        default: return (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) ? Kind::Number : Kind::Bad;
        }
    }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    /// Calls member(key) for each member of the object at the cursor; member consumes the value.
    template <typename F>
    bool object(F &&member)
    {
        ++m_p;   // '{'
        skipSpace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (syntaxOk()) {
            QByteArrayView key;
            QByteArray unescaped;
            if (peek() != Kind::String || !span(key, unescaped))
                return syntax("a member name expected");
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return syntax("':' expected");
            ++m_p;
            if (!member(key) || !syntaxOk())
                return false;
            if (const Next next = afterItem('}', "',' or '}' expected"); next != Next::More)
                return next == Next::Done;
        }
        return false;
    }

    /// Calls element(i) for each element of the array at the cursor; element consumes it.
    template <typename F>
    bool array(F &&element)
    {
        ++m_p;   // '['
        skipSpace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        for (qsizetype i = 0; syntaxOk(); ++i) {
            if (!element(i) || !syntaxOk())
                return false;
            if (const Next next = afterItem(']', "',' or ']' expected"); next != Next::More)
                return next == Next::Done;
        }
        return false;
    }

    /// The string at the cursor, unescaped, as UTF-8.
    bool string(QByteArray &out)
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

    /// The string at the cursor as a view of the text when it has no escapes (member names
    /// never do), else unescaped into storage.
    bool span(QByteArrayView &out, QByteArray &storage)
    {
        const char *start = m_p + 1;
        const char *q = start;
        while (q < m_end && *q != '"' && *q != '\\' && uchar(*q) >= 0x20)
            ++q;
        if (q < m_end && *q == '"') {
            out = QByteArrayView(start, q - start);
            m_p = q + 1;
            return true;
        }
        if (!string(storage))
            return false;
        out = storage;
        return true;
    }

    bool string(QString &out)
    {
        QByteArrayView utf8;
        QByteArray storage;
        if (!span(utf8, storage))
            return false;
        out = QString::fromUtf8(utf8);
        return true;
    }

    bool number(double &out)
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

    bool literal(Kind kind)
    {
        const QByteArrayView word = kind == Kind::True ? "true" : kind == Kind::False ? "false" : "null";
        if (m_end - m_p < word.size() || QByteArrayView(m_p, word.size()) != word)
            return syntax("bad literal");
        m_p += word.size();
        return true;
    }

    /// Consumes whatever value is at the cursor.
    bool skip()
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

    /// Notes that the value at the cursor is not what `where` holds, and skips it.
    bool wrongType(const Where &where, const char *expected)
    {
        if (m_type.isEmpty())
            m_type = QStringLiteral("snapshot: %1 is not %2").arg(where.toString(), QLatin1String(expected));
        return skip();
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool hex4(char32_t &out)
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

    enum class Next { More, Done, Error };

    /// After a member or element: ',' (another follows), `close` (the container ends) or a
    /// syntax error saying what was expected.
    Next afterItem(char close, const char *expected)
    {
        skipSpace();
        if (m_p < m_end && (*m_p == ',' || *m_p == close))
            return *m_p++ == ',' ? Next::More : Next::Done;
        syntax(expected);
        return Next::Error;
    }

    bool syntax(const char *what)
    {
        if (m_syntax.isEmpty()) {
            m_syntax = QLatin1String(what);
            m_syntaxAt = m_p - m_begin;
        }
        return false;
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    QString m_syntax;
    qsizetype m_syntaxAt = 0;
    QString m_type;
};

template <typename T>
bool read(Reader &r, const Where &where, T &value);

template <typename T>
bool readList(Reader &r, const Where &where, QList<T> &out)
{
    if (r.peek() != Reader::Kind::Array)
        return r.wrongType(where, "an array");
    out.clear();
    return r.array([&](qsizetype i) {
        const Where here{&where, {}, i};
        if (r.peek() != Reader::Kind::Object)
            return r.wrongType(here, "an object");
        out.emplaceBack();
        return read(r, here, out.back());
    });
}

// One member; null means absent (the default).
template <typename M>
bool readMember(Reader &r, const Where &where, M &member)
{
    const Reader::Kind kind = r.peek();
    if (kind == Reader::Kind::Null)
        return r.literal(kind);
    if constexpr (std::is_same_v<M, QString>) {
        return kind == Reader::Kind::String ? r.string(member) : r.wrongType(where, "a string");
    } else if constexpr (std::is_same_v<M, bool>) {
        if (kind != Reader::Kind::True && kind != Reader::Kind::False)
            return r.wrongType(where, "a boolean");
        member = kind == Reader::Kind::True;
        return r.literal(kind);
    } else if constexpr (std::is_same_v<M, int>) {
        double number = 0;
        if (kind != Reader::Kind::Number)
            return r.wrongType(where, "a number");
        if (!r.number(number))
            return false;
        // As QJsonValue::toInt(): a number that is no int reads as 0.
        const bool integral = std::trunc(number) == number && number >= std::numeric_limits<int>::min()
            && number <= std::numeric_limits<int>::max();
        member = integral ? int(number) : 0;
        return true;
    } else if constexpr (std::is_same_v<M, QStringList>) {
        if (kind != Reader::Kind::Array)
            return r.wrongType(where, "an array of strings");
        member.clear();
        return r.array([&](qsizetype) {
            if (r.peek() != Reader::Kind::String)
                return r.wrongType(where, "an array of strings");
            QString item;
            if (!r.string(item))
                return false;
            member.append(std::move(item));
            return true;
        });
    } else {
        static_assert(fields::isList<M>);
        return readList(r, where, member);
    }
}

template <typename T>
bool read(Reader &r, const Where &where, T &value)
{
    return r.object([&](QByteArrayView key) {
        bool matched = false;
        bool ok = true;
        fields::Of<T>::visit(value, [&](const char *name, auto &member) {
            if (matched || key != name)
                return;
            matched = true;
            ok = readMember(r, Where{&where, QLatin1String(name), -1}, member);
        });
        return matched ? ok : r.skip();   // members of later versions are left out
    });
}

template <typename T>
bool readTop(Reader &r, const char *name, QList<T> &out)
{
    const Where top{nullptr, QLatin1String(name), -1};
    if (r.peek() == Reader::Kind::Null)
        return r.literal(Reader::Kind::Null);
    return readList(r, top, out);
}

} // namespace

Result<Snapshot> snapshotFromText(QByteArrayView text)
{
    Reader r(text);
    if (r.peek() != Reader::Kind::Object) {
        if (r.peek() == Reader::Kind::End || r.peek() == Reader::Kind::Bad)
            return fail(Error::input(QString(), 0, QStringLiteral("invalid JSON at offset 0: a value expected")));
        return fail(Error::input(QString(), 0, QStringLiteral("a snapshot file holds a JSON object")));
    }
    Snapshot s;
    QString format, captured;
    bool ok = r.object([&](QByteArrayView key) {
        const auto text = [&](QString &out) { return r.peek() == Reader::Kind::String ? r.string(out) : r.skip(); };
        if (key == "format")
            return text(format);
        if (key == "serverVersion")
            return text(s.serverVersion);
        if (key == "capturedAt")
            return text(captured);
        if (key == "schemas")
            return readTop(r, "schemas", s.schemas);
        if (key == "extensions")
            return readTop(r, "extensions", s.extensions);
        if (key == "types")
            return readTop(r, "types", s.types);
        if (key == "sequences")
            return readTop(r, "sequences", s.sequences);
        if (key == "functions")
            return readTop(r, "functions", s.functions);
        if (key == "tables")
            return readTop(r, "tables", s.tables);
        if (key == "objects")
            return readTop(r, "objects", s.objects);
        return r.skip();
    });
    if (ok && !r.atEnd())
        ok = false;
    if (!r.syntaxOk() || !ok)
        return fail(Error::input(QString(), 0, r.syntaxOk() ? QStringLiteral("invalid JSON: garbage after the document") : r.syntaxError()));
    if (format != kSnapshotFormat)
        return fail(Error::input(QString(), 0,
                                 QStringLiteral("not a Revisor snapshot: format is \"%1\", expected \"%2\"").arg(format, kSnapshotFormat)));
    if (!r.typeError().isEmpty())
        return fail(Error::input(QString(), 0, r.typeError()));
    if (!captured.isEmpty()) {
        s.capturedAt = QDateTime::fromString(captured, Qt::ISODateWithMs);
        if (!s.capturedAt.isValid())
            return fail(Error::input(QString(), 0, QStringLiteral("snapshot: capturedAt \"%1\" is not an ISO date").arg(captured)));
    }
    return s;
}

} // namespace revisor
