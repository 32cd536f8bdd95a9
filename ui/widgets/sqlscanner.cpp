#include "ui/widgets/sqlscanner.h"

#include <pg_query.h>

#include <optional>
#include <vector>

namespace revisor::ui {

namespace {

// Token numbers from pg_query.proto (enum Token) for PostgreSQL 15's scanner.
enum : int {
    kIdent = 258, kFconst = 260, kSconst = 261, kUsconst = 262, kBconst = 263, kXconst = 264,
    kIconst = 266, kParam = 267, kSqlComment = 275, kCComment = 276,
};

// Minimal protobuf reader for ScanResult { repeated ScanToken tokens = 2; } and
// ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; }.
struct Reader
{
    const unsigned char *p;
    const unsigned char *end;

    bool varint(quint64 &out)
    {
        out = 0;
        for (int shift = 0; shift < 64 && p < end; shift += 7) {
            const unsigned char b = *p++;
            out |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return true;
        }
        return false;
    }

    bool skip(int wireType)
    {
        quint64 n = 0;
        switch (wireType) {
        case 0: return varint(n);
        case 1: p += 8; return p <= end;
        case 2: if (!varint(n) || n > quint64(end - p)) return false; p += n; return true;
        case 5: p += 4; return p <= end;
        }
        return false;
    }
};

struct RawToken
{
    int start = 0, end = 0, token = 0, keywordKind = 0;
};

bool decodeToken(Reader r, RawToken &t)
{
    while (r.p < r.end) {
        quint64 key = 0, v = 0;
        if (!r.varint(key))
            return false;
        const int field = int(key >> 3), wire = int(key & 7);
        if (wire != 0) {
            if (!r.skip(wire))
                return false;
            continue;
        }
        if (!r.varint(v))
            return false;
        switch (field) {
        case 1: t.start = int(v); break;
        case 2: t.end = int(v); break;
        case 4: t.token = int(v); break;
        case 5: t.keywordKind = int(v); break;
        }
    }
    return true;
}

std::optional<SqlTokenClass> classify(const RawToken &t, const QByteArray &utf8)
{
    if (t.keywordKind != 0)
        return SqlTokenClass::Keyword;
    switch (t.token) {
    case kSconst: case kUsconst: case kBconst: case kXconst: return SqlTokenClass::String;
    case kIconst: case kFconst: return SqlTokenClass::Number;
    case kSqlComment: case kCComment: return SqlTokenClass::Comment;
    case kParam: return SqlTokenClass::Parameter;
    case kIdent:
        if (t.start < utf8.size() && utf8.at(t.start) == '"')
            return SqlTokenClass::QuotedIdentifier;
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

QList<SqlToken> scanSql(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryScanResult result = pg_query_scan(utf8.constData());
    QList<SqlToken> tokens;
    if (result.error) {
        pg_query_free_scan_result(result);
        return tokens;
    }
    // The scanner speaks UTF-8 byte offsets; the highlighter QString (UTF-16) indexes.
    std::vector<int> toIndex(size_t(utf8.size()) + 1, 0);
    {
        int byte = 0;
        for (int i = 0; i < sql.size(); ++i) {
            const char16_t c = sql.at(i).unicode();
            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (QChar::isHighSurrogate(c) && i + 1 < sql.size()) {
                n = 4;
                for (int k = 0; k < n && byte + k < int(toIndex.size()); ++k)
                    toIndex[size_t(byte + k)] = i;
                byte += n;
                ++i;
                continue;
            }
            for (int k = 0; k < n && byte + k < int(toIndex.size()); ++k)
                toIndex[size_t(byte + k)] = i;
            byte += n;
        }
        if (byte < int(toIndex.size()))
            toIndex[size_t(byte)] = int(sql.size());
    }
    Reader r{reinterpret_cast<const unsigned char *>(result.pbuf.data),
             reinterpret_cast<const unsigned char *>(result.pbuf.data) + result.pbuf.len};
    while (r.p < r.end) {
        quint64 key = 0, len = 0;
        if (!r.varint(key))
            break;
        if ((key >> 3) != 2 || (key & 7) != 2) {
            if (!r.skip(int(key & 7)))
                break;
            continue;
        }
        if (!r.varint(len) || len > quint64(r.end - r.p))
            break;
        RawToken t;
        const bool ok = decodeToken(Reader{r.p, r.p + len}, t);
        r.p += len;
        if (!ok || t.start < 0 || t.end > utf8.size() || t.end <= t.start)
            continue;
        if (auto cls = classify(t, utf8)) {
            const int start = toIndex[size_t(t.start)];
            tokens << SqlToken{start, toIndex[size_t(t.end)] - start, *cls};
        }
    }
    pg_query_free_scan_result(result);
    return tokens;
}

} // namespace revisor::ui
