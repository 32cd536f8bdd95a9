#pragma once

#include <QString>

namespace revisor {

/// The checksum Flyway records for a SQL script: CRC-32 (IEEE) over the UTF-8 bytes of each
/// line without its line break (Java's BufferedReader.readLine, so \n, \r\n and \r all
/// end a line and never count), as a signed 32-bit integer. `text` is the script without
/// its byte-order mark, as the readers keep it.
qint32 flywayChecksum(const QString &text);

} // namespace revisor
