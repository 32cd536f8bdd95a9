// `revisor diff` of two large snapshot files. Reading them in full is nearly all of its work
// (two 2,000-table files are megabytes of JSON, ~100 ms to parse; the diff takes ~17 ms), and
// two snapshots of one database mostly hold the same objects written the same way. So each
// file is first scanned (checked as the reader checks it, nothing allocated but the keys), the
// elements both files hold byte for byte are left as keys, and only the rest is parsed.
//
// Why the diff stays the same: byte-equal JSON reads as equal values, so with keys unique
// within each list, such an element is matched with the one of the same bytes on the other
// side, and both are pruned: the pair compares equal and yields no entry, and every other pair
// is read in full. What the diff looks at beyond the pairs is which tables each side has
// (sequences owned by a table that came or went, objects belonging to a table): a pruned table
// is there on both sides, as its key. Lists with a key given twice are read in full, since
// there the pairing depends on more than keys.
#include "schema/snapshotfiles.h"

#include "schema/diffkeys.h"
#include "schema/snapshotreader.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <future>

namespace revisor {

namespace {

// An element's bytes, hashed once (on the thread that scanned them).
struct Span
{
    QByteArrayView bytes;
    size_t hash = 0;
    friend bool operator==(const Span &a, const Span &b) { return a.hash == b.hash && a.bytes == b.bytes; }
};

size_t qHash(const Span &span, size_t seed = 0)
{
    return span.hash ^ seed;
}

struct ScannedFile
{
    QByteArray text;   ///< the spans point into it
    Snapshot snapshot; ///< the keys of every element, then the differing elements in full
    std::array<QList<Span>, kListCount> spans;
    std::array<QSet<Span>, kListCount> sets;
};

// nullopt when the file does not read as a snapshot: the caller reads it in full for the error.
std::optional<ScannedFile> scanFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    ScannedFile scanned;
    scanned.text = file.readAll();
    auto found = scanSnapshotText(scanned.text);
    if (!found)
        return std::nullopt;
    scanned.snapshot = std::move(found->keys);
    for (int i = 0; i < kListCount; ++i) {
        QList<Span> &spans = scanned.spans[i];
        spans.reserve(found->spans[i].size());
        for (const QByteArrayView bytes : found->spans[i])
            spans.append(Span{bytes, qHash(bytes)});
        scanned.sets[i] = QSet<Span>(spans.cbegin(), spans.cend());
    }
    return scanned;
}

template <typename T>
bool keysUnique(const QList<T> &list)
{
    QSet<QString> keys;
    keys.reserve(list.size());
    for (const T &item : list)
        keys.insert(diffKey(item));
    return keys.size() == list.size();
}

bool keysUnique(const Snapshot &snapshot)
{
    bool unique = true;
    forEachList(snapshot, [&](int, const char *, const auto &list) { unique = unique && keysUnique(list); });
    return unique;
}

// Reads in full the elements of `mine` whose bytes `theirs` does not hold in the same list.
void readDiffering(ScannedFile &mine, const ScannedFile &theirs)
{
    forEachList(mine.snapshot, [&](int index, const char *, auto &list) {
        using T = std::decay_t<decltype(list.front())>;
        const QList<Span> &spans = mine.spans[index];
        for (qsizetype i = 0; i < spans.size(); ++i) {
            if (!theirs.sets[index].contains(spans[i]))
                list[i] = readElement<T>(spans[i].bytes);
        }
    });
}

} // namespace

Result<std::pair<Snapshot, Snapshot>> readSnapshotFiles(const QString &before, const QString &after)
{
    auto readingAfter = std::async(std::launch::async, readSnapshotFile, after);
    auto a = readSnapshotFile(before);
    auto b = readingAfter.get();
    if (!a)
        return fail(a.error());
    if (!b)
        return fail(b.error());
    return std::pair{std::move(*a), std::move(*b)};
}

Result<SchemaDiff> diffSnapshotFiles(const QString &before, const QString &after)
{
    auto scanningAfter = std::async(std::launch::async, scanFile, after);
    std::optional<ScannedFile> a = scanFile(before);
    std::optional<ScannedFile> b = scanningAfter.get();
    if (a && b && keysUnique(a->snapshot) && keysUnique(b->snapshot)) {
        auto readingAfter = std::async(std::launch::async, [&] { readDiffering(*b, *a); });
        readDiffering(*a, *b);
        readingAfter.get();
        return diffSnapshots(a->snapshot, b->snapshot);
    }
    auto snapshots = readSnapshotFiles(before, after);
    if (!snapshots)
        return fail(snapshots.error());
    return diffSnapshots(snapshots->first, snapshots->second);
}

} // namespace revisor
