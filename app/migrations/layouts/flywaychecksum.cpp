#include "migrations/layouts/flywaychecksum.h"

#include <array>

namespace revisor {

namespace {

// The reflected CRC-32 of zlib, PNG and java.util.zip.CRC32 (polynomial 0xEDB88320).
constexpr std::array<quint32, 256> crcTable()
{
    std::array<quint32, 256> table{};
    for (quint32 n = 0; n < 256; ++n) {
        quint32 c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

} // namespace

qint32 flywayChecksum(const QString &text)
{
    static constexpr auto table = crcTable();
    const QByteArray bytes = text.toUtf8();
    quint32 crc = 0xFFFFFFFFu;
    for (const char ch : bytes) {
        if (ch == '\n' || ch == '\r')
            continue; // line breaks are what readLine takes away; the lines' bytes follow each other
        crc = table[(crc ^ quint8(ch)) & 0xFF] ^ (crc >> 8);
    }
    return qint32(crc ^ 0xFFFFFFFFu);
}

} // namespace revisor
