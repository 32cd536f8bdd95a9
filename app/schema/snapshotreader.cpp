// Reading a snapshot from JSON text in one pass, straight into the value types: parsing into a
// QJsonDocument first and then looking every field up in its QJsonObjects cost about as much
// again as the parse, and `revisor diff` of two 2,000-table files spent nearly all its time
// there (the diff itself takes milliseconds).
#include "schema/snapshotreader.h"

#include "schema/diffkeys.h"
#include "schema/jsonreader.h"
#include "schema/snapshotfields.h"

#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace revisor {

namespace {

using json::Reader;
using json::Where;

// What a read keeps of an object: everything, or only the members of its diff key (an element
// both files hold: the rest is checked, not stored).
enum class Keep { All, Keys };

template <typename T>
bool read(Reader &r, const Where &where, T &value, Keep keep = Keep::All);

// Each object of the array at the cursor, read by element(where).
template <typename Element>
bool readObjects(Reader &r, const Where &where, Element &&element)
{
    if (r.peek() != Reader::Kind::Array)
        return r.wrongType(where, "an array");
    return r.array([&](qsizetype i) {
        const Where here{&where, {}, i};
        if (r.peek() != Reader::Kind::Object)
            return r.wrongType(here, "an object");
        return element(here);
    });
}

template <typename T>
bool readList(Reader &r, const Where &where, QList<T> &out)
{
    if (r.peek() == Reader::Kind::Array)
        out.clear();
    return readObjects(r, where, [&](const Where &here) {
        out.emplaceBack();
        return read(r, here, out.back());
    });
}

// What a member holds, for checking a value that is not stored: an element both files hold is
// checked member by member from a table (members()), without building the value or visiting
// the type's members.
enum class ValueKind : quint8 { String, Bool, Int, Strings, Objects };

template <typename M>
constexpr ValueKind valueKind()
{
    if constexpr (std::is_same_v<M, QString>)
        return ValueKind::String;
    else if constexpr (std::is_same_v<M, bool>)
        return ValueKind::Bool;
    else if constexpr (std::is_same_v<M, int>)
        return ValueKind::Int;
    else if constexpr (std::is_same_v<M, QStringList>)
        return ValueKind::Strings;
    else {
        static_assert(fields::isList<M>);
        return ValueKind::Objects;
    }
}

// What a value of JSON kind `kind` is not, where a member of kind `expected` belongs; null when
// it fits.
const char *mismatch(Reader::Kind kind, ValueKind expected)
{
    switch (expected) {
    case ValueKind::String: return kind == Reader::Kind::String ? nullptr : "a string";
    case ValueKind::Bool: return kind == Reader::Kind::True || kind == Reader::Kind::False ? nullptr : "a boolean";
    case ValueKind::Int: return kind == Reader::Kind::Number ? nullptr : "a number";
    case ValueKind::Strings: return kind == Reader::Kind::Array ? nullptr : "an array of strings";
    case ValueKind::Objects: return kind == Reader::Kind::Array ? nullptr : "an array";
    }
    return nullptr;
}

struct Member
{
    QByteArrayView name;
    ValueKind kind;
    /// Objects: checks one element (checkObject<element type>)
    const char *(*checkElement)(const char *, const char *) = nullptr;
};

template <typename T>
const char *checkObject(const char *p, const char *end);

// T's members in visit order. A key is looked up here by length and bytes: comparing it with
// every name in turn (a strlen and a memcmp each) cost as much as the rest of a scan.
template <typename T>
const QList<Member> &members()
{
    static const QList<Member> list = [] {
        QList<Member> out;
        T probe;
        fields::Of<T>::visit(probe, [&out](const char *name, auto &member) {
            using M = std::decay_t<decltype(member)>;
            Member m{QByteArrayView(name), valueKind<M>()};
            if constexpr (fields::isList<M>)
                m.checkElement = &checkObject<typename M::value_type>;
            out.append(m);
        });
        return out;
    }();
    return list;
}

// Names are a few bytes: compared inline, a memcmp call per candidate cost more.
bool sameName(QByteArrayView name, QByteArrayView key)
{
    if (name.size() != key.size())
        return false;
    qsizetype j = 0;
    while (j < key.size() && name[j] == key[j])
        ++j;
    return j == key.size();
}

// The member `key` names, or -1 for a member of a later version (left out).
qsizetype memberIndex(const QList<Member> &list, QByteArrayView key)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (sameName(list[i].name, key))
            return i;
    }
    return -1;
}

// The member `key` names in an object of T, as memberIndex(). The objects of one list are
// written alike, their members in one order (the writer sorts them), so the member that
// followed the previous one in the last object of T read on this thread is tried first: one
// comparison where the search made a dozen (the search was a tenth of a file diff's work).
template <typename T>
class MemberFinder
{
public:
    const QList<Member> &list = members<T>();

    qsizetype find(QByteArrayView key)
    {
        thread_local std::array<qint8, 64> follows = [] {
            std::array<qint8, 64> none;
            none.fill(-1);
            return none;
        }();
        Q_ASSERT(list.size() < qsizetype(follows.size()));
        qint8 &guess = follows[size_t(m_previous + 1)];
        qsizetype found = guess;
        if (found < 0 || !sameName(list[found].name, key)) {
            found = memberIndex(list, key);
            guess = qint8(found);
        }
        m_previous = found;
        return found;
    }

private:
    qsizetype m_previous = -1;
};

Where memberWhere(const Where &parent, const Member &m)
{
    return Where{&parent, QLatin1String(m.name.data(), m.name.size()), -1};
}

// The check of an element both files hold: only whether it reads, storing nothing (a file that
// does not is read again in full, for the reader's exact error). Straight over the bytes,
// without the reader's cursor and the path of each value (a third of a file diff's work went
// there): each function takes the first byte of a value and returns the byte after it, or
// null where the value would not read. It may refuse more than the reader does, never less:
// what it leaves to the full reader (a member of a later version, an integer written with a
// fraction or an exponent, a surrogate written as \u escapes, an escaped member name) only
// costs that file diff its speed.
namespace check {

// A pretty-printed file indents each member by up to a few dozen spaces: a run of 16 is skipped
// at once.
Q_ALWAYS_INLINE const char *space(const char *p, const char *end)
{
    while (p < end && uchar(*p) <= ' ') {
        if (*p == ' ') {
#if defined(__SSE2__)
            if (end - p >= 16) {
                const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
                const unsigned other = ~unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(' ')))) & 0xFFFFu;
                p += other != 0 ? std::countr_zero(other) : 16;
                continue;
            }
#endif
            ++p;
        } else if (*p == '\n' || *p == '\r' || *p == '\t') {
            ++p;
        } else {
            break;
        }
    }
    return p;
}

Q_ALWAYS_INLINE const char *word(const char *p, const char *end, QByteArrayView word)
{
    return end - p >= word.size() && QByteArrayView(p, word.size()) == word ? p + word.size() : nullptr;
}

int hexDigit(char c)
{
    return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

// As Reader::string(): no control characters, only JSON's escapes.
const char *string(const char *p, const char *end)
{
    for (++p;;) {
        p = json::plainRunEnd(p, end);
        if (p == end || uchar(*p) < 0x20)
            return nullptr;
        if (*p == '"')
            return p + 1;
        if (end - p < 2)
            return nullptr;
        switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            p += 2;
            break;
        case 'u': {
            if (end - p < 6)
                return nullptr;
            int unit = 0;
            for (int i = 2; i < 6; ++i) {
                const int digit = hexDigit(p[i]);
                if (digit < 0)
                    return nullptr;
                unit = unit * 16 + digit;
            }
            if (unit >= 0xD800 && unit <= 0xDFFF)
                return nullptr;
            p += 6;
            break;
        }
        default:
            return nullptr;
        }
    }
}

// An integer, as the columns' positions are written: digits, a sign at most.
Q_ALWAYS_INLINE const char *integer(const char *p, const char *end)
{
    if (p < end && *p == '-')
        ++p;
    const char *digits = p;
    while (p < end && *p >= '0' && *p <= '9')
        ++p;
    if (p == digits || p - digits > 15 || (p < end && (*p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')))
        return nullptr;
    return p;
}

enum class Next { More, Done, Error };

// After a member or element: ',' (another follows; p moves to it) or `close` (p moves past it).
Q_ALWAYS_INLINE Next afterItem(const char *&p, const char *end, char close)
{
    p = space(p, end);
    if (p == end || (*p != ',' && *p != close))
        return Next::Error;
    const bool more = *p++ == ',';
    if (more)
        p = space(p, end);
    return more ? Next::More : Next::Done;
}

template <typename Element>
const char *array(const char *p, const char *end, Element &&element)
{
    if (*p != '[')
        return nullptr;
    p = space(p + 1, end);
    if (p < end && *p == ']')
        return p + 1;
    for (;;) {
        if (p == end || !(p = element(p, end)))
            return nullptr;
        if (const Next next = afterItem(p, end, ']'); next != Next::More)
            return next == Next::Done ? p : nullptr;
    }
}

// A member's value, as readMember() reads it into a member of m's kind.
const char *value(const char *p, const char *end, const Member &m)
{
    p = space(p, end);
    if (p == end)
        return nullptr;
    if (*p == 'n')
        return word(p, end, "null");
    switch (m.kind) {
    case ValueKind::String: return *p == '"' ? string(p, end) : nullptr;
    case ValueKind::Bool: return *p == 't' ? word(p, end, "true") : *p == 'f' ? word(p, end, "false") : nullptr;
    case ValueKind::Int: return integer(p, end);
    case ValueKind::Strings: return array(p, end, [](const char *q, const char *e) { return *q == '"' ? string(q, e) : nullptr; });
    case ValueKind::Objects: return array(p, end, [&m](const char *q, const char *e) { return *q == '{' ? m.checkElement(q, e) : nullptr; });
    }
    return nullptr;
}

} // namespace check

template <typename T>
const char *checkObject(const char *p, const char *end)
{
    p = check::space(p + 1, end);
    if (p < end && *p == '}')
        return p + 1;
    MemberFinder<T> finder;
    for (;;) {
        if (p == end || *p != '"')
            return nullptr;
        const char *name = p + 1;
        p = json::plainRunEnd(name, end);
        if (p == end || *p != '"')
            return nullptr;
        const qsizetype i = finder.find(QByteArrayView(name, p));
        p = check::space(p + 1, end);
        if (i < 0 || p == end || *p != ':' || !(p = check::value(p + 1, end, finder.list[i])))
            return nullptr;
        if (const check::Next next = check::afterItem(p, end, '}'); next != check::Next::More)
            return next == check::Next::Done ? p : nullptr;
    }
}

// One member; null means absent (the default).
template <typename M>
bool readMember(Reader &r, const Where &where, M &member)
{
    const Reader::Kind kind = r.peek();
    if (kind == Reader::Kind::Null)
        return r.literal(kind);
    if (const char *expected = mismatch(kind, valueKind<M>()))
        return r.wrongType(where, expected);
    if constexpr (std::is_same_v<M, QString>) {
        return r.string(member);
    } else if constexpr (std::is_same_v<M, bool>) {
        member = kind == Reader::Kind::True;
        return r.literal(kind);
    } else if constexpr (std::is_same_v<M, int>) {
        double number = 0;
        if (!r.number(number))
            return false;
        // As QJsonValue::toInt(): a number that is no int reads as 0.
        const bool integral = std::trunc(number) == number && number >= std::numeric_limits<int>::min()
            && number <= std::numeric_limits<int>::max();
        member = integral ? int(number) : 0;
        return true;
    } else if constexpr (std::is_same_v<M, QStringList>) {
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
        return readList(r, where, member);
    }
}

template <typename T>
bool read(Reader &r, const Where &where, T &value, Keep keep)
{
    MemberFinder<T> finder;
    return r.object([&](QByteArrayView key) {
        const qsizetype found = finder.find(key);
        if (found < 0)
            return r.skip();   // members of later versions are left out
        if (keep == Keep::Keys && !isKeyField<T>(key)) {
            const char *after = check::value(r.position(), r.end(), finder.list[found]);
            return after ? r.skipTo(after) : r.refuse("a value that does not read");
        }
        const Where here = memberWhere(where, finder.list[found]);
        qsizetype i = 0;
        bool ok = true;
        fields::Of<T>::visit(value, [&](const char *, auto &member) {
            if (i++ == found)
                ok = readMember(r, here, member);
        });
        return ok;
    });
}

// The document: its format and metadata, and each top-level list by
// readTopList(reader, where, list, index in forEachList()'s order).
template <typename ReadTopList>
Result<Snapshot> readDocument(QByteArrayView text, ReadTopList &&readTopList)
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
        bool matched = false, listOk = true;
        forEachList(s, [&](int index, const char *name, auto &list) {
            if (matched || key != name)
                return;
            matched = true;
            const Where top{nullptr, QLatin1String(name), -1};
            // null keeps the list as it was (empty).
            listOk = r.peek() == Reader::Kind::Null ? r.literal(Reader::Kind::Null) : readTopList(r, top, list, index);
        });
        return matched ? listOk : r.skip();
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

} // namespace

Result<Snapshot> snapshotFromText(QByteArrayView text)
{
    return readDocument(text, [](Reader &r, const Where &top, auto &list, int) { return readList(r, top, list); });
}

std::optional<ScannedSnapshot> scanSnapshotText(QByteArrayView text)
{
    ScannedSnapshot scanned;
    std::array<bool, kListCount> seen{};
    auto document = readDocument(text, [&](Reader &r, const Where &top, auto &, int index) {
        // A list given twice: the reader reads (and checks) both, and keeps the last. Left to
        // it: a fault in the first would go unseen here.
        if (std::exchange(seen[size_t(index)], true))
            return r.refuse("a list given twice");
        QList<QByteArrayView> &spans = scanned.spans[index];
        return readObjects(r, top, [&](const Where &) {
            QByteArrayView bytes;
            if (!r.skim(bytes))
                return false;
            spans.append(bytes);
            return true;
        });
    });
    if (!document)
        return std::nullopt;
    return scanned;
}

template <typename T>
bool readElement(QByteArrayView bytes, T &value, bool keysOnly)
{
    Reader r(bytes);
    const bool ok = read(r, Where{nullptr, QLatin1String("element"), -1}, value, keysOnly ? Keep::Keys : Keep::All);
    return ok && r.syntaxOk() && r.typeError().isEmpty() && r.atEnd();
}

template bool readElement<SchemaInfo>(QByteArrayView, SchemaInfo &, bool);
template bool readElement<Extension>(QByteArrayView, Extension &, bool);
template bool readElement<TypeDef>(QByteArrayView, TypeDef &, bool);
template bool readElement<Sequence>(QByteArrayView, Sequence &, bool);
template bool readElement<Function>(QByteArrayView, Function &, bool);
template bool readElement<Table>(QByteArrayView, Table &, bool);
template bool readElement<CatalogObject>(QByteArrayView, CatalogObject &, bool);

} // namespace revisor
