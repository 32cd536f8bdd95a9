#include "datacompare.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace revisor {

namespace {

struct PendingChange
{
    RowChange::Kind kind;
    qsizetype before = -1;  // row index in the earlier state
    qsizetype after = -1;   // row index in the later state
    const QString *key = nullptr;
};

QList<int> indexesOf(const TableData &table, const QStringList &columns)
{
    QList<int> out;
    out.reserve(columns.size());
    for (const QString &c : columns)
        out << int(table.columns.indexOf(c));
    return out;
}

// Rows named by primary key: added, removed, and changed with their columns.
void compareKeyedRows(const TableData &before, const TableData &after, TableComparison &result)
{
    const QList<int> colsBefore = indexesOf(before, result.comparedColumns);
    const QList<int> colsAfter = indexesOf(after, result.comparedColumns);
    const auto differingColumns = [&](qsizetype rb, qsizetype ra, bool firstOnly) {
        QStringList out;
        for (qsizetype k = 0; k < colsBefore.size(); ++k) {
            if (before.cellHash(rb, colsBefore.at(k)) != after.cellHash(ra, colsAfter.at(k))) {
                out << result.comparedColumns.at(k);
                if (firstOnly)
                    break;
            }
        }
        return out;
    };

    QHash<QString, qsizetype> beforeRows;
    beforeRows.reserve(before.keys.size());
    for (qsizetype r = 0; r < before.keys.size(); ++r)
        beforeRows.insert(before.keys.at(r), r);
    QList<bool> seen(before.keys.size(), false);
    QList<PendingChange> changes;
    for (qsizetype ra = 0; ra < after.keys.size(); ++ra) {
        const auto it = beforeRows.constFind(after.keys.at(ra));
        if (it == beforeRows.constEnd()) {
            changes.append({RowChange::Kind::Added, -1, ra, &after.keys.at(ra)});
            continue;
        }
        seen[*it] = true;
        if (!differingColumns(*it, ra, true).isEmpty())
            changes.append({RowChange::Kind::Changed, *it, ra, &after.keys.at(ra)});
    }
    for (qsizetype rb = 0; rb < before.keys.size(); ++rb) {
        if (!seen.at(rb))
            changes.append({RowChange::Kind::Removed, rb, -1, &before.keys.at(rb)});
    }
    result.changedRowCount = changes.size();

    const qsizetype named = std::min<qsizetype>(changes.size(), TableComparison::MaxNamedRows);
    std::partial_sort(changes.begin(), changes.begin() + named, changes.end(),
                      [](const PendingChange &a, const PendingChange &b) {
                          if (*a.key != *b.key)
                              return fingerprint::naturalLess(*a.key, *b.key);
                          return int(a.kind) < int(b.kind);
                      });
    for (qsizetype i = 0; i < named; ++i) {
        const PendingChange &c = changes.at(i);
        RowChange row;
        row.kind = c.kind;
        row.key = *c.key;
        if (c.kind == RowChange::Kind::Changed)
            row.columns = differingColumns(c.before, c.after, false);
        result.changedRows << row;
    }
}

// Without a usable key: the multiset of row hashes, so at least the number of rows that
// differ is known.
void compareUnkeyedRows(const TableData &before, const TableData &after, TableComparison &result)
{
    const QList<int> colsBefore = indexesOf(before, result.comparedColumns);
    const QList<int> colsAfter = indexesOf(after, result.comparedColumns);
    QHash<quint64, qint64> balance;
    for (qsizetype r = 0; r < before.rows; ++r)
        ++balance[before.rowHash(r, colsBefore)];
    for (qsizetype r = 0; r < after.rows; ++r)
        --balance[after.rowHash(r, colsAfter)];
    qint64 unmatched = 0;
    for (const qint64 n : std::as_const(balance))
        unmatched += std::abs(n);
    result.changedRowCount = unmatched;
}

QString kindsNote(const TableData &t, const char *when)
{
    if (t.hasRowDetail)
        return QString();
    return QStringLiteral("the %1 capture holds only a summary of %2 (%3 rows)")
        .arg(QLatin1String(when), t.qualifiedName())
        .arg(t.rows);
}

} // namespace

QString RowChange::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

bool TableComparison::matches() const
{
    return presentBefore() && presentAfter() && comparable && rowsBefore == rowsAfter
        && !fingerprintBefore.isEmpty() && fingerprintBefore == fingerprintAfter;
}

QString TableComparison::describe() const
{
    const auto rows = [](qint64 n) { return n < 0 ? QStringLiteral("absent") : QString::number(n); };
    QString text = QStringLiteral("%1: %2 -> %3 rows, fingerprint %4 -> %5")
                       .arg(table, rows(rowsBefore), rows(rowsAfter),
                            fingerprintBefore.isEmpty() ? QStringLiteral("-") : fingerprintBefore,
                            fingerprintAfter.isEmpty() ? QStringLiteral("-") : fingerprintAfter);
    if (matches())
        return text + QStringLiteral(" (same)");
    QStringList named;
    for (const RowChange &c : changedRows) {
        named << RowChange::kindName(c.kind) + QLatin1Char(' ') + c.key
                     + (c.columns.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c.columns.join(QStringLiteral(", "))));
    }
    if (!named.isEmpty())
        text += QStringLiteral("; ") + named.join(QStringLiteral("; "));
    if (changedRowCount > changedRows.size() && !changedRows.isEmpty())
        text += QStringLiteral("; %1 rows differ in all").arg(changedRowCount);
    else if (changedRows.isEmpty() && changedRowCount > 0)
        text += QStringLiteral("; %1 rows differ").arg(changedRowCount);
    if (!note.isEmpty())
        text += QStringLiteral(" [%1]").arg(note);
    return text;
}

TableComparison compareTable(const TableData *before, const TableData *after)
{
    TableComparison result;
    if (!before && !after)
        return result;
    result.table = (before ? before : after)->qualifiedName();
    if (!before || !after) {
        const TableData &present = before ? *before : *after;
        (before ? result.rowsBefore : result.rowsAfter) = present.rows;
        (before ? result.fingerprintBefore : result.fingerprintAfter) = present.fingerprint();
        result.changedRowCount = -1;
        result.note = before ? QStringLiteral("table absent after") : QStringLiteral("table absent before");
        return result;
    }
    result.rowsBefore = before->rows;
    result.rowsAfter = after->rows;
    for (const QString &c : before->columns)
        (after->columns.contains(c) ? result.comparedColumns : result.columnsOnlyBefore) << c;
    for (const QString &c : after->columns) {
        if (!before->columns.contains(c))
            result.columnsOnlyAfter << c;
    }
    result.fingerprintBefore = before->fingerprint(result.comparedColumns);
    result.fingerprintAfter = after->fingerprint(result.comparedColumns);

    if (before->method != after->method) {
        result.comparable = false;
        result.note = QStringLiteral("fingerprints made by different methods (%1, %2); only row counts compare")
                          .arg(before->method, after->method);
    } else if (result.fingerprintBefore.isNull() || result.fingerprintAfter.isNull()) {
        result.comparable = false;
        result.note = QStringLiteral("cannot fingerprint over the common columns: %1; only row counts compare")
                          .arg(kindsNote(*before, "earlier").isEmpty() ? kindsNote(*after, "later") : kindsNote(*before, "earlier"));
    }
    if (!result.comparable) {
        result.changedRowCount = -1;
        if (result.fingerprintBefore.isNull())
            result.fingerprintBefore = before->fingerprint();
        if (result.fingerprintAfter.isNull())
            result.fingerprintAfter = after->fingerprint();
        return result;
    }
    if (result.fingerprintBefore == result.fingerprintAfter && result.rowsBefore == result.rowsAfter)
        return result;

    if (!before->hasRowDetail || !after->hasRowDetail) {
        result.changedRowCount = -1;
        result.note = kindsNote(*before, "earlier").isEmpty() ? kindsNote(*after, "later") : kindsNote(*before, "earlier");
        result.note += QStringLiteral(": rows cannot be named");
    } else if (!before->primaryKey.isEmpty() && before->primaryKey == after->primaryKey
               && before->keys.size() == before->rows && after->keys.size() == after->rows) {
        compareKeyedRows(*before, *after, result);
    } else {
        compareUnkeyedRows(*before, *after, result);
        result.note = before->primaryKey == after->primaryKey
            ? QStringLiteral("no primary key: rows cannot be named")
            : QStringLiteral("primary key changed (%1 -> %2): rows cannot be named")
                  .arg(before->primaryKey.join(QLatin1Char(',')), after->primaryKey.join(QLatin1Char(',')));
    }
    return result;
}

QList<TableComparison> compareCaptures(const DataCapture &before, const DataCapture &after)
{
    QHash<QString, const TableData *> earlier, later;
    QStringList names;
    for (const TableData &t : before.tables) {
        earlier.insert(t.qualifiedName(), &t);
        names << t.qualifiedName();
    }
    for (const TableData &t : after.tables) {
        later.insert(t.qualifiedName(), &t);
        if (!earlier.contains(t.qualifiedName()))
            names << t.qualifiedName();
    }
    std::sort(names.begin(), names.end());
    QList<TableComparison> out;
    out.reserve(names.size());
    for (const QString &name : std::as_const(names))
        out << compareTable(earlier.value(name), later.value(name));
    return out;
}

QJsonObject TableComparison::toJson() const
{
    QJsonArray rows;
    for (const RowChange &c : changedRows) {
        QJsonObject o{{QStringLiteral("kind"), RowChange::kindName(c.kind)}, {QStringLiteral("key"), c.key}};
        if (!c.columns.isEmpty())
            o.insert(QStringLiteral("columns"), QJsonArray::fromStringList(c.columns));
        rows.append(o);
    }
    const auto nullable = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    const auto count = [](qint64 n) { return n < 0 ? QJsonValue() : QJsonValue(n); };
    return QJsonObject{
        {QStringLiteral("name"), table},
        {QStringLiteral("rows_before"), count(rowsBefore)},
        {QStringLiteral("rows_after"), count(rowsAfter)},
        {QStringLiteral("fingerprint_before"), nullable(fingerprintBefore)},
        {QStringLiteral("fingerprint_after"), nullable(fingerprintAfter)},
        {QStringLiteral("compared_columns"), QJsonArray::fromStringList(comparedColumns)},
        {QStringLiteral("columns_only_before"), QJsonArray::fromStringList(columnsOnlyBefore)},
        {QStringLiteral("columns_only_after"), QJsonArray::fromStringList(columnsOnlyAfter)},
        {QStringLiteral("comparable"), comparable},
        {QStringLiteral("matches"), matches()},
        {QStringLiteral("note"), note},
        {QStringLiteral("changed_row_count"), changedRowCount},
        {QStringLiteral("changed_rows"), rows},
    };
}

Result<TableComparison> TableComparison::fromJson(const QJsonObject &json)
{
    const auto strings = [](const QJsonValue &v) {
        QStringList out;
        for (const QJsonValue &e : v.toArray())
            out << e.toString();
        return out;
    };
    TableComparison t;
    t.table = json.value(QStringLiteral("name")).toString();
    if (t.table.isEmpty())
        return fail(Error::input(QString(), 0, QStringLiteral("table comparison without a name")));
    t.rowsBefore = json.value(QStringLiteral("rows_before")).toInteger(-1);
    t.rowsAfter = json.value(QStringLiteral("rows_after")).toInteger(-1);
    t.fingerprintBefore = json.value(QStringLiteral("fingerprint_before")).toString();
    t.fingerprintAfter = json.value(QStringLiteral("fingerprint_after")).toString();
    t.comparedColumns = strings(json.value(QStringLiteral("compared_columns")));
    t.columnsOnlyBefore = strings(json.value(QStringLiteral("columns_only_before")));
    t.columnsOnlyAfter = strings(json.value(QStringLiteral("columns_only_after")));
    t.comparable = json.value(QStringLiteral("comparable")).toBool(true);
    t.note = json.value(QStringLiteral("note")).toString();
    t.changedRowCount = json.value(QStringLiteral("changed_row_count")).toInteger(0);
    for (const QJsonValue &v : json.value(QStringLiteral("changed_rows")).toArray()) {
        const QJsonObject o = v.toObject();
        RowChange c;
        const QString kind = o.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("added"))
            c.kind = RowChange::Kind::Added;
        else if (kind == QLatin1String("removed"))
            c.kind = RowChange::Kind::Removed;
        else if (kind == QLatin1String("changed"))
            c.kind = RowChange::Kind::Changed;
        else
            return fail(Error::input(QString(), 0, QStringLiteral("%1: unknown row change kind \"%2\"").arg(t.table, kind)));
        c.key = o.value(QStringLiteral("key")).toString();
        c.columns = strings(o.value(QStringLiteral("columns")));
        t.changedRows << c;
    }
    return t;
}

} // namespace revisor
