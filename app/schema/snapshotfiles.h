#pragma once

#include "schema/snapshotdiff.h"

#include <utility>

namespace revisor {

/// Two snapshot files, read at once (the second on a thread of its own); the first file's
/// error when both fail.
Result<std::pair<Snapshot, Snapshot>> readSnapshotFiles(const QString &before, const QString &after);

/// diffSnapshots() of two snapshot files: the same diff and the same errors as reading both in
/// full, in a fraction of the time when the files have most of their content in common. An
/// element of a top-level list (a table, a function...) whose bytes the other file holds in
/// the same list is equal on both sides, so it is not parsed: it stays as its key only, which is
/// all the diff needs of it. Files written in different layouts (compact, pretty) share no
/// bytes and are read in full.
Result<SchemaDiff> diffSnapshotFiles(const QString &before, const QString &after);

/// The same for two snapshots' texts (as snapshotText() writes them): the diff, or the error
/// of snapshotFromText(), of the first text that does not read.
Result<SchemaDiff> diffSnapshotTexts(QByteArrayView before, QByteArrayView after);

} // namespace revisor
