#include "tabledata.h"

#include "data/tablescan.h"

#include <QJsonArray>
#include <QtEndian>

namespace revisor {

namespace fingerprint {

quint64 mix(quint64 z)
{
    z ^= z >> 30;
    z *= 0xbf58476d1ce4e5b9ull;
    z ^= z >> 27;
    z *= 0x94d049bb133111ebull;
    z ^= z >> 31;
    return z;
}

quint64 nameHash(const QString &column)
{
    quint64 h = 0xcbf29ce484222325ull;
    const QByteArray utf8 = column.toUtf8();
    for (const char ch : utf8) {
        h ^= quint8(ch);
        h *= 0x100000001b3ull;
    }
    return mix(h);
}

QString toHex(quint64 value)
{
    return QStringLiteral("%1").arg(value, 16, 16, QLatin1Char('0'));
}

QString rowKey(const QStringList &primaryKey, const QStringList &values)
{
    // -?[0-9]+(\.[0-9]+)? without a regular expression: this runs once per row of a capture.
    const auto plainNumber = [](const QString &v) {
        qsizetype i = v.startsWith(QLatin1Char('-')) ? 1 : 0;
        const auto digits = [&] {
            const qsizetype from = i;
            while (i < v.size() && v.at(i).unicode() >= '0' && v.at(i).unicode() <= '9')
                ++i;
            return i > from;
        };
        if (!digits())
            return false;
        if (i < v.size() && v.at(i) == QLatin1Char('.')) {
            ++i;
            if (!digits())
                return false;
        }
        return i == v.size();
    };
    QStringList parts;
    parts.reserve(primaryKey.size());
    for (qsizetype i = 0; i < primaryKey.size(); ++i) {
        const QString value = values.value(i);
        QString shown;
        if (value.isNull())
            shown = QStringLiteral("NULL");
        else if (plainNumber(value))
            shown = value;
        else
            shown = QLatin1Char('\'') + QString(value).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
        parts << primaryKey.at(i) + QLatin1Char('=') + shown;
    }
    return parts.join(QStringLiteral(", "));
}

bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = a.at(i).isDigit(), db = b.at(j).isDigit();
        if (da && db) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a.at(ei).isDigit())
                ++ei;
            while (ej < b.size() && b.at(ej).isDigit())
                ++ej;
            // Compare the digit runs as numbers of any length: strip leading zeros, then
            // the longer run is larger, then lexicographic.
            qsizetype si = i, sj = j;
            while (si + 1 < ei && a.at(si) == QLatin1Char('0'))
                ++si;
            while (sj + 1 < ej && b.at(sj) == QLatin1Char('0'))
                ++sj;
            if (ei - si != ej - sj)
                return ei - si < ej - sj;
            const int c = QStringView(a).mid(si, ei - si).compare(QStringView(b).mid(sj, ej - sj));
            if (c != 0)
                return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        if (a.at(i) != b.at(j))
            return a.at(i) < b.at(j);
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return (a.size() - i) < (b.size() - j);
    return a < b;
}

} // namespace fingerprint

namespace {

// Separates the row-sum from the count, so that an empty table and a table of rows whose
// hashes happen to sum to zero cannot coincide.
constexpr quint64 RowSalt = 0x632be59bd9b4e019ull;
constexpr quint64 CountSalt = 0x2545f4914f6cdd1dull;

// The hash a capture takes of a text column's value.
quint64 textHash(const QString &value)
{
    if (value.isNull())
        return fingerprint::NullHash;
    const QByteArray utf8 = value.toUtf8();
    return fingerprint::valueHash(utf8.constData(), utf8.size());
}

} // namespace

quint64 TableData::rowHash(qsizetype row, const QList<int> &columnIndexes) const
{
    quint64 sum = 0;
    const qsizetype base = row * columns.size();
    for (const int c : columnIndexes)
        sum += fingerprint::mix(hashes.at(base + c) ^ fingerprint::nameHash(columns.at(c)));
    return sum;
}

QString TableData::fingerprint() const
{
    return fingerprint(columns);
}

QString TableData::fingerprint(const QStringList &wanted) const
{
    QList<int> indexes;
    for (int c = 0; c < columns.size(); ++c) {
        if (wanted.contains(columns.at(c)))
            indexes << c;
    }
    if (!hasRowDetail)
        return indexes.size() == columns.size() ? summaryFingerprint : QString();

    // nameHash per column once, not per cell.
    QList<quint64> names;
    names.reserve(indexes.size());
    for (const int c : indexes)
        names << fingerprint::nameHash(columns.at(c));
    const qsizetype width = columns.size();
    quint64 total = 0;
    for (qsizetype r = 0; r < rows; ++r) {
        quint64 row = 0;
        for (qsizetype k = 0; k < indexes.size(); ++k)
            row += fingerprint::mix(hashes.at(r * width + indexes.at(k)) ^ names.at(k));
        total += fingerprint::mix(row + RowSalt);
    }
    return fingerprint::toHex(fingerprint::mix(total ^ fingerprint::mix(quint64(rows) ^ CountSalt)));
}

TableData TableData::fromValues(const QString &schema, const QString &name, const QStringList &columns,
                                const QStringList &primaryKey, const QList<QStringList> &rows)
{
    TableData t;
    t.schema = schema;
    t.name = name;
    t.columns = columns;
    t.primaryKey = primaryKey;
    t.rows = rows.size();
    for (const QStringList &row : rows) {
        if (!primaryKey.isEmpty()) {
            QStringList keyValues;
            for (const QString &k : primaryKey)
                keyValues << row.value(columns.indexOf(k));
            t.keys << fingerprint::rowKey(primaryKey, keyValues);
        }
        for (qsizetype c = 0; c < columns.size(); ++c)
            t.hashes << textHash(row.value(c));
    }
    return t;
}

const TableData *DataCapture::table(const QString &qualifiedName) const
{
    for (const TableData &t : tables) {
        if (t.qualifiedName() == qualifiedName)
            return &t;
    }
    return nullptr;
}

QJsonObject DataCapture::toJson(Detail detail) const
{
    QJsonArray list;
    for (const TableData &t : tables) {
        QJsonObject o{
            {QStringLiteral("schema"), t.schema},
            {QStringLiteral("name"), t.name},
            {QStringLiteral("columns"), QJsonArray::fromStringList(t.columns)},
            {QStringLiteral("primary_key"), QJsonArray::fromStringList(t.primaryKey)},
            {QStringLiteral("rows"), t.rows},
            {QStringLiteral("method"), t.method},
            {QStringLiteral("fingerprint"), t.fingerprint()},
        };
        if (detail == Detail::Rows && t.hasRowDetail) {
            QByteArray raw(t.hashes.size() * qsizetype(sizeof(quint64)), Qt::Uninitialized);
            for (qsizetype i = 0; i < t.hashes.size(); ++i)
                qToLittleEndian<quint64>(t.hashes.at(i), raw.data() + i * sizeof(quint64));
            o.insert(QStringLiteral("keys"), QJsonArray::fromStringList(t.keys));
            o.insert(QStringLiteral("hashes"), QString::fromLatin1(raw.toBase64()));
        }
        list.append(o);
    }
    QJsonObject sequenceValues;
    for (auto it = sequences.cbegin(); it != sequences.cend(); ++it)
        sequenceValues.insert(it.key(), it.value().isNull() ? QJsonValue() : QJsonValue(it.value()));
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("revisor-data/1")}, {QStringLiteral("tables"), list},
                       {QStringLiteral("sequences"), sequenceValues}};
}

Result<DataCapture> DataCapture::fromJson(const QJsonObject &json)
{
    const auto bad = [](const QString &why) {
        return fail(Error::input(QString(), 0, QStringLiteral("data capture: %1").arg(why)));
    };
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("revisor-data/1"))
        return bad(QStringLiteral("unknown format \"%1\"").arg(json.value(QStringLiteral("format")).toString()));
    const auto strings = [](const QJsonValue &v) {
        QStringList out;
        for (const QJsonValue &e : v.toArray())
            out << e.toString();
        return out;
    };
    DataCapture capture;
    for (const QJsonValue &v : json.value(QStringLiteral("tables")).toArray()) {
        const QJsonObject o = v.toObject();
        TableData t;
        t.schema = o.value(QStringLiteral("schema")).toString();
        t.name = o.value(QStringLiteral("name")).toString();
        t.columns = strings(o.value(QStringLiteral("columns")));
        t.primaryKey = strings(o.value(QStringLiteral("primary_key")));
        t.rows = o.value(QStringLiteral("rows")).toInteger(-1);
        t.method = o.value(QStringLiteral("method")).toString();
        const QString stored = o.value(QStringLiteral("fingerprint")).toString();
        if (t.name.isEmpty() || t.rows < 0 || t.method.isEmpty())
            return bad(QStringLiteral("table entry without name, rows or method"));
        if (o.contains(QStringLiteral("hashes"))) {
            const QByteArray raw = QByteArray::fromBase64(o.value(QStringLiteral("hashes")).toString().toLatin1());
            if (raw.size() != t.rows * t.columns.size() * qsizetype(sizeof(quint64)))
                return bad(QStringLiteral("%1: row detail does not match %2 rows x %3 columns").arg(t.qualifiedName()).arg(t.rows).arg(t.columns.size()));
            t.hashes.resize(raw.size() / qsizetype(sizeof(quint64)));
            for (qsizetype i = 0; i < t.hashes.size(); ++i)
                t.hashes[i] = qFromLittleEndian<quint64>(raw.constData() + i * sizeof(quint64));
            t.keys = strings(o.value(QStringLiteral("keys")));
            if (!t.keys.isEmpty() && t.keys.size() != t.rows)
                return bad(QStringLiteral("%1: %2 row keys for %3 rows").arg(t.qualifiedName()).arg(t.keys.size()).arg(t.rows));
            if (t.fingerprint() != stored)
                return bad(QStringLiteral("%1: row detail does not match its fingerprint %2").arg(t.qualifiedName(), stored));
        } else {
            t.hasRowDetail = false;
            t.summaryFingerprint = stored;
        }
        capture.tables << t;
    }
    const QJsonObject sequenceValues = json.value(QStringLiteral("sequences")).toObject();
    for (auto it = sequenceValues.begin(); it != sequenceValues.end(); ++it)
        capture.sequences.insert(it.key(), it.value().isNull() ? QString() : it.value().toString());
    return capture;
}

} // namespace revisor
