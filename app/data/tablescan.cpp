#include "tablescan.h"

#include "data/copyout.h"
#include "data/tabledata.h"
#include "db/session.h"

#include <QtEndian>

#include <xxhash.h>

#include <algorithm>

namespace revisor {

namespace fingerprint {

quint64 valueHash(const char *data, qsizetype size)
{
    return XXH3_64bits(data, size_t(size));
}

quint64 summaryRowHash(const quint64 *rowHashes, const QList<int> &order)
{
    quint64 words[1664];
    qsizetype n = 0;
    for (const int c : order)
        words[n++] = qToLittleEndian(rowHashes[c]);
    return XXH3_64bits(words, size_t(n) * sizeof(quint64));
}

QString summaryFingerprint(quint64 sum, qint64 rows)
{
    return toHex(mix(sum ^ mix(quint64(rows) ^ 0x1b873593cc9e2d51ull)));
}

QList<int> nameOrder(const QStringList &columns)
{
    QList<int> order(columns.size());
    for (int c = 0; c < columns.size(); ++c)
        order[c] = c;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return columns.at(a) < columns.at(b); });
    return order;
}

} // namespace fingerprint

ReadForm ReadForm::fromName(const QString &name)
{
    if (name == QLatin1String("array-hash"))
        return {ArrayHash, {}};
    if (name == QLatin1String("send-hash"))
        return {SendHash, {}};
    if (name.startsWith(QLatin1String("send-hash:")))
        return {SendHash, name.mid(10)};
    return {};
}

QString ReadForm::expression(const QString &quotedColumn) const
{
    switch (kind) {
    case SendHash: {
        // A bytea element's hash is the server's hash of its bytes, whole and with the seed;
        // the array around it only adds a constant. NULL stays NULL (not an array holding a
        // NULL), so that it differs from an empty value. The cast makes a domain over bytea
        // an element of bytea[].
        const QString bytes = sendFunction.isEmpty() ? quotedColumn : QStringLiteral("%1(%2)").arg(sendFunction, quotedColumn);
        return QStringLiteral("CASE WHEN %1 IS NULL THEN NULL ELSE pg_catalog.hash_array_extended(ARRAY[(%2)::pg_catalog.bytea], 7046029254386353131) END")
            .arg(quotedColumn, bytes);
    }
    case ArrayHash:
        // The seed is not 0 so that a 0.0 element (whose hash is the seed) differs from a NULL
        // element (hash 0); array_dims adds the shape, which the element hash ignores. An empty
        // array has no dims: '' then, so that it differs from NULL.
        return QStringLiteral("CASE WHEN %1 IS NULL THEN NULL ELSE pg_catalog.hash_array_extended(%1, 7046029254386353131)::pg_catalog.text"
                              " || ':' || COALESCE(pg_catalog.array_dims(%1), '') END")
            .arg(quotedColumn);
    case Text:
        break;
    }
    return QStringLiteral("(%1)::pg_catalog.text").arg(quotedColumn);
}

namespace {

// The select list that reads every key and column of `target`, naming column i `names[i]`.
QStringList selectList(const ScanTarget &target, const QStringList &names)
{
    QStringList select;
    for (const QString &k : target.primaryKey)
        select << QStringLiteral("(%1)::pg_catalog.text").arg(names.at(target.columns.indexOf(k)));
    for (qsizetype c = 0; c < target.columns.size(); ++c)
        select << target.forms.value(c).expression(names.at(c));
    return select;
}

QString scanSql(const Session &session, const ScanTarget &target, const QString &where)
{
    QStringList quoted;
    bool detoastFirst = false;
    for (qsizetype c = 0; c < target.columns.size(); ++c) {
        quoted << session.quoteIdent(target.columns.at(c));
        detoastFirst = detoastFirst || target.forms.value(c).readsColumnTwice();
    }
    const QString from = QStringLiteral("FROM ONLY %1%2").arg(session.quoteQualified(target.schema, target.name),
                                                              where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
    if (!detoastFirst)
        return QStringLiteral("COPY (SELECT %1 %2) TO STDOUT (FORMAT binary)").arg(selectList(target, quoted).join(QStringLiteral(", ")), from);
    // A column whose form mentions it twice (a float array: its element hash and its shape)
    // would be read from TOAST twice, and for 6 KB embeddings that read is as dear as the
    // hash. An inner query hands such a column over detoasted: array_cat with an empty array
    // returns its input as the function received it, fetched and decompressed, and OFFSET 0
    // keeps the planner from merging the two levels back into one. Columns are renamed by
    // position ("c1"...) so that no name can clash.
    QStringList inner, names;
    for (qsizetype c = 0; c < target.columns.size(); ++c) {
        const QString name = QStringLiteral("c%1").arg(c + 1);
        names << session.quoteIdent(name);
        inner << (target.forms.value(c).readsColumnTwice()
                      ? QStringLiteral("CASE WHEN %1 IS NULL THEN NULL ELSE pg_catalog.array_cat(%1, '{}') END AS %2").arg(quoted.at(c), names.last())
                      : QStringLiteral("%1 AS %2").arg(quoted.at(c), names.last()));
    }
    return QStringLiteral("COPY (SELECT %1 FROM (SELECT %2 %3 OFFSET 0) AS s) TO STDOUT (FORMAT binary)")
        .arg(selectList(target, names).join(QStringLiteral(", ")), inner.join(QStringLiteral(", ")), from);
}

} // namespace

Status scanTable(Session &session, const ScanTarget &target, const QString &where, DetailBudget &budget, ScanPart &out)
{
    const int keyCount = int(target.primaryKey.size());
    const int width = int(target.columns.size());
    const QList<int> order = fingerprint::nameOrder(target.columns);
    QList<quint64> row(width);
    QStringList keyValues;
    const auto dropDetail = [&out] {
        out.detailKept = false;
        out.keys = QStringList();
        out.hashes = QList<quint64>();
    };
    auto status = copyOutBinary(session, scanSql(session, target, where), [&](const CopyRow &fields) {
        ++out.rows;
        for (int c = 0; c < width; ++c) {
            const int f = keyCount + c;
            row[c] = fields.isNull(f) ? fingerprint::NullHash : fingerprint::valueHash(fields.data(f), fields.length(f));
        }
        out.summarySum += fingerprint::summaryRowHash(row.constData(), order);
        if (out.detailKept && budget.fetch_sub(1, std::memory_order_relaxed) <= 0)
            dropDetail();
        if (!out.detailKept)
            return;
        if (keyCount > 0) {
            keyValues.clear();
            for (int k = 0; k < keyCount; ++k)
                keyValues << (fields.isNull(k) ? QString() : QString::fromUtf8(fields.data(k), fields.length(k)));
            out.keys << fingerprint::rowKey(target.primaryKey, keyValues);
        }
        out.hashes.append(row);
    });
    // Another part may have spent the budget after this one's last row.
    if (out.detailKept && budget.load(std::memory_order_relaxed) < 0)
        dropDetail();
    return status;
}

} // namespace revisor
