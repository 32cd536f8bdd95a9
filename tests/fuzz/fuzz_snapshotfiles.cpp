// Any text given as two snapshot files: `revisor diff`, which reads in full only the elements
// the two files do not share byte for byte and only checks the rest, says what reading both in
// full says: the same diff, or the same error. The input's first two bytes say where (a
// fraction of the text) and what byte file B has changed; the rest is file A.

#include "fuzzsupport.h"
#include "schema/snapshotfiles.h"
#include "schema/snapshotreader.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const QByteArray a(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    QByteArray changed = a;
    if (!changed.isEmpty())
        changed[qsizetype(data[0]) * changed.size() / 256] = char(data[1]);
    const QByteArray &b = changed;
    for (const auto &[before, after] : {std::pair{&a, &b}, std::pair{&b, &a}, std::pair{&a, &a}}) {
        const auto pruned = diffSnapshotTexts(*before, *after);
        const auto x = snapshotFromText(*before);
        const auto y = snapshotFromText(*after);
        if (!x || !y) {
            fuzz::require(!pruned, "a text the reader refuses is refused");
            fuzz::require(pruned.error().toString() == (!x ? x.error() : y.error()).toString(), "the reader's error");
            continue;
        }
        fuzz::require(pruned.has_value(), "texts the reader takes are compared");
        const SchemaDiff full = diffSnapshots(*x, *y);
        fuzz::require(pruned->toText() == full.toText(), "the full read's diff");
        fuzz::require(pruned->isEmpty() == full.isEmpty(), "the full read's verdict");
    }
    return 0;
}
