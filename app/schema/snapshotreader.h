#pragma once

// Internal to the schema module: the snapshot file format's reader (snapshotreader.cpp).

#include "schema/snapshot.h"

#include <QByteArrayView>

namespace revisor {

/// The format every snapshot document names; other formats are refused.
inline const QString kSnapshotFormat = QStringLiteral("revisor-snapshot/1");

/// A snapshot from its JSON text (as snapshotText() writes it, compact or pretty), read in
/// one pass without an intermediate QJsonDocument. Errors name the JSON offset of a syntax
/// error, or the path of a value of the wrong type ("snapshot: tables[0].rowSecurity is not
/// a boolean"); unknown members are ignored, null members keep their defaults.
Result<Snapshot> snapshotFromText(QByteArrayView text);

} // namespace revisor
