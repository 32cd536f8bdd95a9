// Reading a snapshot from JSON text in one pass, straight into the value types: parsing into a
// QJsonDocument first and then looking every field up in its QJsonObjects cost about as much
// again as the parse, and `revisor diff` of two 2,000-table files spent nearly all its time
// there (the diff itself takes milliseconds).
#include "schema/snapshotreader.h"

#include "schema/diffkeys.h"
#include "schema/jsonreader.h"
#include "schema/snapshotfields.h"

#include <cmath>
#include <limits>

namespace revisor {

namespace {

using json::Reader;
using json::Where;

// What a read keeps of an object: everything, only the members of its diff key (the scan), or
// nothing (the members of an element kept as its key: still checked, never stored).
enum class Keep { All, Keys, Nothing };

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

// One member; null means absent (the default). Without `store` the value is only checked,
// its type and its syntax, and nothing is allocated (a string is a view of the text).
template <typename M>
bool readMember(Reader &r, const Where &where, M &member, bool store)
{
    const Reader::Kind kind = r.peek();
    if (kind == Reader::Kind::Null)
        return r.literal(kind);
    if constexpr (std::is_same_v<M, QString>) {
        if (kind != Reader::Kind::String)
            return r.wrongType(where, "a string");
        if (store)
            return r.string(member);
        QByteArrayView ignored;
        QByteArray storage;
        return r.span(ignored, storage);
    } else if constexpr (std::is_same_v<M, bool>) {
        if (kind != Reader::Kind::True && kind != Reader::Kind::False)
            return r.wrongType(where, "a boolean");
        if (store)
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
        if (store)
            member = integral ? int(number) : 0;
        return true;
    } else if constexpr (std::is_same_v<M, QStringList>) {
        if (kind != Reader::Kind::Array)
            return r.wrongType(where, "an array of strings");
        if (store)
            member.clear();
        return r.array([&](qsizetype) {
            if (r.peek() != Reader::Kind::String)
                return r.wrongType(where, "an array of strings");
            QString item;
            QString ignored;
            if (!readMember(r, where, store ? item : ignored, store))
                return false;
            if (store)
                member.append(std::move(item));
            return true;
        });
    } else {
        static_assert(fields::isList<M>);
        if (store)
            return readList(r, where, member);
        typename M::value_type scratch;   // visited for its members' types, never written
        return readObjects(r, where, [&](const Where &here) { return read(r, here, scratch, Keep::Nothing); });
    }
}

// T's member names in visit order. A key is looked up here by length and bytes: comparing it
// with every name in turn (a strlen and a memcmp each) cost as much as the rest of a scan.
template <typename T>
const QList<QByteArrayView> &memberNames()
{
    static const QList<QByteArrayView> names = [] {
        QList<QByteArrayView> out;
        T probe;
        fields::Of<T>::visit(probe, [&out](const char *name, auto &) { out.append(QByteArrayView(name)); });
        return out;
    }();
    return names;
}

template <typename T>
bool read(Reader &r, const Where &where, T &value, Keep keep)
{
    const QList<QByteArrayView> &names = memberNames<T>();
    return r.object([&](QByteArrayView key) {
        qsizetype found = 0;
        while (found < names.size()
               && !(names[found].size() == key.size() && names[found].front() == key.front() && names[found] == key))
            ++found;
        if (found == names.size())
            return r.skip();   // members of later versions are left out
        qsizetype i = 0;
        bool ok = true;
        fields::Of<T>::visit(value, [&](const char *name, auto &member) {
            if (i++ != found)
                return;
            const bool store = keep == Keep::All || (keep == Keep::Keys && isKeyField<T>(key));
            ok = readMember(r, Where{&where, QLatin1String(name), -1}, member, store);
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
    auto document = readDocument(text, [&](Reader &r, const Where &top, auto &, int index) {
        QList<QByteArrayView> &spans = scanned.spans[index];
        if (r.peek() == Reader::Kind::Array)   // a list given twice: the last one counts
            spans.clear();
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
