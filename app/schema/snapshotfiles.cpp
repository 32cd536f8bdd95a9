// `revisor diff` of two large snapshot files. Reading them in full is nearly all of its work
// (two 2,000-table files are megabytes of JSON, 50-100 ms to parse; the diff itself takes a few
// ms), and two snapshots of one database mostly hold the same objects written the same way.
// So each file is first scanned: the document around the lists is checked as the reader
// checks it, and each element of a top-level list is found by its brackets alone (hashed with
// XXH3). An element whose bytes the other file holds in the same list (a twin) is read once,
// in A, for its key only, the rest of it checked but not stored; every other element is read
// in full. Any fault sends both files to the full reader, for its exact error.
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

#include <xxhash.h>

#include <future>
#include <latch>
#include <memory>

namespace revisor {

namespace {

// An element's bytes, hashed once (on the thread that scanned them) with XXH3, several times
// faster than qHash() on megabytes.
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
    std::unique_ptr<QFile> file;   ///< mapped: the spans point into it
    QByteArray text;               ///< or read, where it cannot be mapped
    std::array<QList<Span>, kListCount> spans;
    Snapshot snapshot;   ///< its lists sized for the elements, to be read into
};

// The elements of `text`'s lists, hashed, into `scanned`; false when the text does not read as
// a snapshot (the caller reads it in full for the error).
bool scanText(QByteArrayView text, ScannedFile &scanned)
{
    auto found = scanSnapshotText(text);
    if (!found)
        return false;
    forEachListMember([&](int i, const char *, auto member) {
        QList<Span> &spans = scanned.spans[i];
        spans.reserve(found->spans[i].size());
        for (const QByteArrayView bytes : found->spans[i])
            spans.append(Span{bytes, size_t(XXH3_64bits(bytes.data(), size_t(bytes.size())))});
        // Sized here, on the thread that scanned this file: thousands of tables are megabytes
        // of fresh memory to fault in.
        (scanned.snapshot.*member).resize(spans.size());
    });
    return true;
}

std::optional<ScannedFile> scanFile(const QString &path)
{
    ScannedFile scanned;
    scanned.file = std::make_unique<QFile>(path);
    if (!scanned.file->open(QIODevice::ReadOnly))
        return std::nullopt;
    // Mapped rather than read: no copy of megabytes, and only the pages of the file touched.
    QByteArrayView text;
    if (uchar *mapped = scanned.file->size() > 0 ? scanned.file->map(0, scanned.file->size()) : nullptr) {
        text = QByteArrayView(reinterpret_cast<const char *>(mapped), scanned.file->size());
    } else {
        scanned.text = scanned.file->readAll();
        text = scanned.text;
    }
    if (!scanText(text, scanned))
        return std::nullopt;
    return scanned;
}

// One list of both files: which elements of B have a twin in A (the same bytes), by index.
struct ListPlan
{
    QList<qsizetype> twinInA;   ///< for each element of B: the index of its twin in A, or -1
    QList<bool> twinInB;        ///< for each element of A: whether B has its bytes
};

ListPlan plan(const QList<Span> &a, const QList<Span> &b)
{
    QHash<Span, qsizetype> indexInA;
    indexInA.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        indexInA.insert(a[i], i);
    ListPlan p;
    p.twinInA.resize(b.size(), -1);
    p.twinInB.resize(a.size(), false);
    for (qsizetype j = 0; j < b.size(); ++j) {
        if (const auto it = indexInA.constFind(b[j]); it != indexInA.constEnd()) {
            p.twinInA[j] = *it;
            p.twinInB[*it] = true;
        }
    }
    return p;
}

// The work of one of two threads on one list: share 0 reads A's elements without a twin and
// every other twin's key, share 1 the same of B and the other twins. A twin is read (and so
// checked) once, in A: its bytes are B's too.
template <typename T>
bool readShare(int share, T *a, T *b, const QList<Span> &spansA, const QList<Span> &spansB, const ListPlan &p)
{
    qsizetype twins = 0;
    for (qsizetype i = 0; i < spansA.size(); ++i) {
        const bool mine = p.twinInB[i] ? twins++ % 2 == share : share == 0;
        if (mine && !readElement(spansA[i].bytes, a[i], p.twinInB[i]))
            return false;
    }
    if (share == 1) {
        for (qsizetype j = 0; j < spansB.size(); ++j) {
            if (p.twinInA[j] < 0 && !readElement(spansB[j].bytes, b[j], false))
                return false;
        }
    }
    return true;
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

// Both snapshots with the twins as their keys and everything else in full, or nullopt where
// an element does not read (the caller reads the files in full for the error) or a list has a
// key twice. Two threads: each reads its share of the elements, then (once both are done,
// since B's twins are A's elements) checks one side's keys.
std::optional<std::pair<Snapshot, Snapshot>> readDiffering(ScannedFile &fileA, ScannedFile &fileB)
{
    Snapshot &a = fileA.snapshot, &b = fileB.snapshot;
    std::array<ListPlan, kListCount> plans;
    forEachListMember([&](int index, const char *, auto) { plans[index] = plan(fileA.spans[index], fileB.spans[index]); });
    std::latch elementsRead(2);
    const auto work = [&](int share) {
        bool ok = true;
        forEachListMember([&](int index, const char *, auto member) {
            ok = ok && readShare(share, (a.*member).data(), (b.*member).data(), fileA.spans[index], fileB.spans[index], plans[index]);
        });
        elementsRead.arrive_and_wait();
        forEachListMember([&](int index, const char *, auto member) {
            if (share == 1) {
                auto &listB = b.*member;
                for (qsizetype j = 0; j < listB.size(); ++j) {
                    if (const qsizetype twin = plans[index].twinInA[j]; twin >= 0)
                        listB[j] = (a.*member)[twin];
                }
            }
            ok = ok && keysUnique(share == 0 ? a.*member : b.*member);
        });
        return ok;
    };
    auto second = std::async(std::launch::async, work, 1);
    const bool ok = work(0);
    if (!second.get() || !ok)
        return std::nullopt;
    return std::pair{std::move(a), std::move(b)};
}

// The diff of two scanned files, or nullopt where they must be read in full.
std::optional<SchemaDiff> diffScanned(ScannedFile &a, ScannedFile &b)
{
    const auto snapshots = readDiffering(a, b);
    if (!snapshots)
        return std::nullopt;
    return diffSnapshots(snapshots->first, snapshots->second);
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
    if (a && b) {
        if (auto diff = diffScanned(*a, *b))
            return std::move(*diff);
    }
    auto snapshots = readSnapshotFiles(before, after);
    if (!snapshots)
        return fail(snapshots.error());
    return diffSnapshots(snapshots->first, snapshots->second);
}

Result<SchemaDiff> diffSnapshotTexts(QByteArrayView before, QByteArrayView after)
{
    ScannedFile a, b;
    if (scanText(before, a) && scanText(after, b)) {
        if (auto diff = diffScanned(a, b))
            return std::move(*diff);
    }
    auto x = snapshotFromText(before);
    if (!x)
        return fail(x.error());
    auto y = snapshotFromText(after);
    if (!y)
        return fail(y.error());
    return diffSnapshots(*x, *y);
}

} // namespace revisor
