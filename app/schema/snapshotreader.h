#pragma once

// Internal to the schema module: the snapshot file format's reader (snapshotreader.cpp).

#include "schema/snapshot.h"

#include <QByteArrayView>

#include <array>
#include <optional>

namespace revisor {

/// The format every snapshot document names; other formats are refused.
inline const QString kSnapshotFormat = QStringLiteral("revisor-snapshot/1");

/// Calls f(index, name, member pointer) for each top-level list of a Snapshot, in the order a
/// snapshot file writes them; `name` is the list's member name in the file.
template <typename F>
void forEachListMember(F &&f)
{
    f(0, "schemas", &Snapshot::schemas);
    f(1, "extensions", &Snapshot::extensions);
    f(2, "types", &Snapshot::types);
    f(3, "sequences", &Snapshot::sequences);
    f(4, "functions", &Snapshot::functions);
    f(5, "tables", &Snapshot::tables);
    f(6, "objects", &Snapshot::objects);
}

/// Calls f(index, name, list) for each top-level list of `s`.
template <typename S, typename F>
void forEachList(S &s, F &&f)
{
    forEachListMember([&](int index, const char *name, auto member) { f(index, name, s.*member); });
}
inline constexpr int kListCount = 7;

/// A snapshot from its JSON text (as snapshotText() writes it, compact or pretty), read in
/// one pass without an intermediate QJsonDocument. Errors name the JSON offset of a syntax
/// error, or the path of a value of the wrong type ("snapshot: tables[0].rowSecurity is not
/// a boolean"); unknown members are ignored, null members keep their defaults.
Result<Snapshot> snapshotFromText(QByteArrayView text);

/// Where scanSnapshotText() found the elements of the top-level lists: their bytes by list
/// (forEachList()'s index) and position.
struct ScannedSnapshot
{
    std::array<QList<QByteArrayView>, kListCount> spans;
};

/// The document around the elements, checked as snapshotFromText() checks it (syntax, format,
/// capturedAt, the lists' types), and each element of the top-level lists found by its brackets
/// only: nullopt where snapshotFromText() would fail for anything but an element's content.
/// readElement() checks each element. The spans point into `text`, which must outlive them.
std::optional<ScannedSnapshot> scanSnapshotText(QByteArrayView text);

/// One element of a top-level list, from the bytes scanSnapshotText() found it in: in full, or
/// (`keysOnly`) only the members of its diff key (diffkeys.h), the rest checked but not kept.
/// False where snapshotFromText() would fail on this element (syntax, a member's type). T is
/// one of the element types of Snapshot's lists.
template <typename T>
bool readElement(QByteArrayView bytes, T &value, bool keysOnly);

} // namespace revisor
