#include "sourcefile.h"

#include <QFile>

namespace revisor {

namespace {

// Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
qsizetype firstInvalidUtf8(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return i;
        }
        if (i + length > n || s[i + 1] < low || s[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        }
        i += length;
    }
    return -1;
}

} // namespace

Result<QString> decodeSource(const QByteArray &bytes, const QString &path)
{
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0) {
        const int line = 1 + int(std::count(bytes.constBegin(), bytes.constBegin() + bad, '\n'));
        return fail(Error::input(path, line, QStringLiteral("not valid UTF-8: byte 0x%1 at byte offset %2; save the file as UTF-8")
                                                 .arg(uchar(bytes.at(bad)), 2, 16, QLatin1Char('0')).arg(bad)));
    }
    QString text = QString::fromUtf8(bytes);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

Result<QString> readSourceFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot read: %1").arg(file.errorString())));
    return decodeSource(file.readAll(), path);
}

} // namespace revisor
