#pragma once

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace revisor {

/// The text of a migration file, decoded as UTF-8. Bytes that are not UTF-8 (a Latin-1 file)
/// are an error naming the file, the line and the byte offset of the first bad byte: decoded
/// leniently they would reach the database as U+FFFD. A leading byte-order mark is dropped.
Result<QString> readSourceFile(const QString &path);

/// The same check on bytes already read; `path` names them in the error.
Result<QString> decodeSource(const QByteArray &bytes, const QString &path);

} // namespace revisor
