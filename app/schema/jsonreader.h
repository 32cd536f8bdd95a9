#pragma once

// Internal to the schema module: the JSON reader under the snapshot file reader
// (snapshotreader.cpp). It reads straight from the text into whatever the caller builds: no
// intermediate document, and no allocation for a string without escapes (span()).

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1String>
#include <QString>

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace revisor::json {

// The first quote, backslash or control character in [p, end), or end: where a string's plain
// run stops. 16 bytes at a time where 16 remain (most strings of a snapshot are names and
// types of a dozen bytes or more, and definitions run to hundreds).
inline const char *plainRunEnd(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                          _mm_cmpeq_epi8(_mm_min_epu8(bytes, control), bytes));   // bytes <= 0x1F
        if (const int mask = _mm_movemask_epi8(stop))
            return p + std::countr_zero(unsigned(mask));
    }
#endif
    while (p < end && *p != '"' && *p != '\\' && uchar(*p) >= 0x20)
        ++p;
    return p;
}

// Where a value sits in the document ("tables[3].columns[0].name"), spelled out only for an
// error message.
struct Where
{
    const Where *parent = nullptr;
    QLatin1String field;  ///< a member name, or empty for an array element
    qsizetype index = -1;

    QString toString() const;
};

/// A cursor over JSON text: peek() says what value comes next, and the caller consumes it with
/// the call for that kind (object(), array(), string(), number(), literal() or skip()).
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

    /// The cursor: a caller notes it before and after a value to know the value's bytes.
    const char *position() const { return m_p; }
    const char *end() const { return m_end; }
    /// Moves the cursor past a value the caller checked itself, up to `p`.
    bool skipTo(const char *p)
    {
        m_p = p;
        return true;
    }
    /// Ends the read at the cursor: the caller's own check refused the value there.
    bool refuse(const char *what) { return syntax(what); }

    /// Calls member(key) for each member of the object at the cursor; member consumes the value.
    template <typename F>
    bool object(F &&member)
    {
        if (opensEmpty('}'))
            return true;
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
        if (opensEmpty(']'))
            return true;
        for (qsizetype i = 0; syntaxOk(); ++i) {
            if (!element(i) || !syntaxOk())
                return false;
            if (const Next next = afterItem(']', "',' or ']' expected"); next != Next::More)
                return next == Next::Done;
        }
        return false;
    }

    /// The string at the cursor, unescaped, as UTF-8.
    bool string(QByteArray &out);

    /// The string at the cursor as a view of the text when it has no escapes (member names
    /// never do), else unescaped into storage.
    bool span(QByteArrayView &out, QByteArray &storage)
    {
        const char *start = m_p + 1;
        const char *q = plainRunEnd(start, m_end);
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

    bool number(double &out);
    bool literal(Kind kind);

    /// Consumes whatever value is at the cursor.
    bool skip();

    /// Moves past the object or array at the cursor by its brackets and strings alone, without
    /// checking anything inside (several times faster than skip()); `bytes` is what it spans.
    /// Only for a caller that reads those bytes with a Reader of their own later, which checks
    /// them: the same bytes read as a valid value end where the brackets say.
    bool skim(QByteArrayView &bytes);

    /// Notes that the value at the cursor is not what `where` holds, and skips it.
    bool wrongType(const Where &where, const char *expected);

private:
    /// Steps into the object or array at the cursor; true (and past it) when it is empty.
    bool opensEmpty(char close)
    {
        ++m_p;
        skipSpace();
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return true;
        }
        return false;
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool hex4(char32_t &out);

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

    bool syntax(const char *what);

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    QString m_syntax;
    qsizetype m_syntaxAt = 0;
    QString m_type;
};

} // namespace revisor::json
