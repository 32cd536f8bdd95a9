#pragma once

// Internal to the schema module: the snapshot file format's reader (snapshotreader.cpp).

#include "schema/snapshot.h"

#include <QByteArrayView>

#include <array>
#include <optional>

namespace revisor {

/// The format every snapshot document names; other formats are refused.
inline const QString kSnapshotFormat = QStringLiteral("revisor-snapshot/1");

/// Calls f(index, name, list) for each top-level list of a snapshot, in the order a snapshot
/// file writes them; `name` is the list's member name in the file.
template <typename S, typename F>
void forEachList(S &s, F &&f)
{
    f(0, "schemas", s.schemas);
    f(1, "extensions", s.extensions);
    f(2, "types", s.types);
    f(3, "sequences", s.sequences);
    f(4, "functions", s.functions);
    f(5, "tables", s.tables);
    f(6, "objects", s.objects);
}
inline constexpr int kListCount = 7;

/// A snapshot from its JSON text (as snapshotText() writes it, compact or pretty), read in
/// one pass without an intermediate QJsonDocument. Errors name the JSON offset of a syntax
/// error, or the path of a value of the wrong type ("snapshot: tables[0].rowSecurity is not
/// a boolean"); unknown members are ignored, null members keep their defaults.
Result<Snapshot> snapshotFromText(QByteArrayView text);

/// What scanSnapshotText() found: every element of the top-level lists with only the members
/// of its diff key (diffkeys.h), and the bytes of each element in the text, by list
/// (forEachList()'s index) and position.
struct ScannedSnapshot
{
    Snapshot keys;
    std::array<QList<QByteArrayView>, kListCount> spans;
};

/// Checks the text as snapshotFromText() does, everything but allocating: nullopt exactly when
/// snapshotFromText() would fail (the caller then reads it for the error). The spans point into
/// `text`, which must outlive them.
std::optional<ScannedSnapshot> scanSnapshotText(QByteArrayView text);

/// One element of a top-level list in full, from the bytes scanSnapshotText() found it in (and
/// checked). T is one of the element types of Snapshot's lists.
template <typename T>
T readElement(QByteArrayView bytes);

} // namespace revisor
