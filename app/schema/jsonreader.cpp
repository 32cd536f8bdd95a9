// The JSON reader under the snapshot file reader: the parts that are not on every byte's path.
#include "schema/jsonreader.h"

#include <cctype>
#include <charconv>
#include <algorithm>
#include <cstring>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
    m_p = plainRunEnd(m_p, m_end);
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

namespace {

// Where the object or array opening at p ends (one past its closing bracket), or null where the
// text ends first. A snapshot file is mostly short strings and brackets: looked at a byte at a
// time that is a branch per byte, several ns a byte. So 64 bytes are classified at once
// (SSE2, every x86-64 has it): a mask each of quotes, backslashes, opening and closing
// brackets. A block without a backslash has its strings by a prefix XOR of the quote mask
// (bit i set when an odd number of quotes precede or are at i), and the brackets outside them
// count the depth; the bits are walked one by one only in a block where the depth can reach
// zero. A block with a backslash (rare in a snapshot: only in strings holding quotes or
// backslashes) and the last bytes of the text are read a byte at a time, where an escape is
// plain to follow.
struct SkimState
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;   ///< the byte before was a backslash inside a string
};

// One byte of [p, end) at a time; the end of the value, or null at `end`.
const char *skimBytes(const char *p, const char *end, SkimState &s)
{
    for (; p < end; ++p) {
        const char c = *p;
        if (s.inString) {
            if (s.escaped)
                s.escaped = false;
            else if (c == '\\')
                s.escaped = true;
            else if (c == '"')
                s.inString = false;
        } else if (c == '"') {
            s.inString = true;
        } else if (c == '{' || c == '[') {
            ++s.depth;
        } else if ((c == '}' || c == ']') && --s.depth == 0) {
            return p + 1;
        }
    }
    return nullptr;
}

#if defined(__SSE2__)
// The bytes of one block that are quotes, opening and closing brackets, a bit each, and
// whether it holds a backslash. '[' and '{' differ only in bit 0x20, as ']' and '}' do: each
// pair is one comparison.
struct BlockMasks
{
    quint64 quotes = 0, opens = 0, closes = 0;
    bool anyBackslash = false;
};

Q_ALWAYS_INLINE BlockMasks classify(const char *p)
{
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), fold = _mm_set1_epi8(0x20),
                  open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
    const auto bits = [](__m128i equal, int lane) { return quint64(quint16(_mm_movemask_epi8(equal))) << (16 * lane); };
    BlockMasks m;
    __m128i backslashes = _mm_setzero_si128();
#pragma GCC unroll 4
    for (int lane = 0; lane < 4; ++lane) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * lane));
        const __m128i folded = _mm_or_si128(bytes, fold);
        m.quotes |= bits(_mm_cmpeq_epi8(bytes, quote), lane);
        backslashes = _mm_or_si128(backslashes, _mm_cmpeq_epi8(bytes, backslash));
        m.opens |= bits(_mm_cmpeq_epi8(folded, open), lane);
        m.closes |= bits(_mm_cmpeq_epi8(folded, close), lane);
    }
    m.anyBackslash = _mm_movemask_epi8(backslashes) != 0;   // where, the byte-at-a-time path finds
    return m;
}

Q_ALWAYS_INLINE quint64 prefixXor(quint64 x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

#endif

// Cloned for CPUs with POPCNT (nearly every x86-64 of the last fifteen years), picked when the
// program loads: without it std::popcount() is a library call, a fifth of the scan. GCC only:
// clang 19 leaves the clones' calls to implicit constructors unresolved at link time.
#if defined(__SSE2__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
const char *skimValue(const char *p, const char *end)
{
    SkimState s;
#if defined(__SSE2__)
    for (; end - p >= 64; p += 64) {
        const BlockMasks m = classify(p);
        if (s.escaped || m.anyBackslash) {
            if (const char *found = skimBytes(p, p + 64, s))
                return found;
            continue;
        }
        const quint64 strings = prefixXor(m.quotes) ^ (s.inString ? ~quint64(0) : 0);
        s.inString = (strings >> 63) != 0;
        const quint64 opens = m.opens & ~strings, closes = m.closes & ~strings;
        const int closed = std::popcount(closes);
        if (closed < s.depth) {   // cannot reach zero in this block
            s.depth += std::popcount(opens) - closed;
            continue;
        }
        for (quint64 brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
            const int at = std::countr_zero(brackets);
            if ((opens >> at) & 1)
                ++s.depth;
            else if (--s.depth == 0)
                return p + at + 1;
        }
    }
#endif
    return skimBytes(p, end, s);
}

} // namespace

bool Reader::skim(QByteArrayView &bytes)
{
    const char *start = m_p;
    if (const char *after = skimValue(m_p, m_end)) {
        m_p = after;
        bytes = QByteArrayView(start, after);
        return true;
    }
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
