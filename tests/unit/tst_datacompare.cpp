// Data comparison logic on hand-built TableData (values hashed on the client here; real
// captures hash on the server, see tst_fingerprint).
#include "data/datacompare.h"
#include "resultassert.h"
#include "data/tabledata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace revisor;

Q_DECLARE_METATYPE(revisor::TableData)

namespace {

const QStringList kColumns{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("score")};

TableData table(const QList<QStringList> &rows, const QStringList &columns = kColumns,
                const QStringList &primaryKey = {QStringLiteral("id")})
{
    return TableData::fromValues(QStringLiteral("public"), QStringLiteral("t"), columns, primaryKey, rows);
}

QList<QStringList> baseRows()
{
    return {{"1", "alpha", "1.5"}, {"2", "beta", "2.5"}, {"3", "gamma", QString()}};
}

// One line per named row: "changed id=2 name,score".
QStringList named(const TableComparison &c)
{
    QStringList out;
    for (const RowChange &r : c.changedRows)
        out << (RowChange::kindName(r.kind) + QLatin1Char(' ') + r.key
                + (r.columns.isEmpty() ? QString() : QLatin1Char(' ') + r.columns.join(QLatin1Char(','))));
    return out;
}

} // namespace

class TstDataCompare : public QObject
{
    Q_OBJECT

private slots:
    void compare_data();
    void compare();
    void moreThanTenChangedRows();
    void absentTables();
    void swappedValuesDiffer();
    void fingerprintIgnoresRowOrder();
    void naturalKeyOrder();
    void rowKeyQuoting();
    void captureJsonRoundTrip();
    void summaryJsonComparesOnSameColumnsOnly();
    void tamperedJsonRejected();
    void comparisonJsonRoundTrip();
    void differentMethodsAreNotComparable();
};

void TstDataCompare::compare_data()
{
    QTest::addColumn<TableData>("before");
    QTest::addColumn<TableData>("after");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QStringList>("rows");       // named rows
    QTest::addColumn<qint64>("changedRowCount");
    QTest::addColumn<QStringList>("compared");

    const QList<QStringList> base = baseRows();
    QTest::newRow("identical") << table(base) << table(base) << true << QStringList() << qint64(0) << kColumns;

    auto changed = base;
    changed[1][1] = QStringLiteral("BETA");
    QTest::newRow("changed value") << table(base) << table(changed) << false
                                   << QStringList{"changed id=2 name"} << qint64(1) << kColumns;

    auto twoColumns = base;
    twoColumns[2][1] = QStringLiteral("g");
    twoColumns[2][2] = QStringLiteral("0");
    QTest::newRow("two columns of one row") << table(base) << table(twoColumns) << false
                                            << QStringList{"changed id=3 name,score"} << qint64(1) << kColumns;

    auto added = base;
    added << QStringList{"4", "delta", "4.5"};
    QTest::newRow("added row") << table(base) << table(added) << false << QStringList{"added id=4"} << qint64(1) << kColumns;

    auto removed = base;
    removed.removeFirst();
    QTest::newRow("removed row") << table(base) << table(removed) << false << QStringList{"removed id=1"} << qint64(1) << kColumns;

    auto mixed = base;
    mixed.removeAt(1);
    mixed[0][2] = QStringLiteral("9");
    mixed << QStringList{"10", "kappa", "1"};
    QTest::newRow("added, removed, changed in key order")
        << table(base) << table(mixed) << false
        << QStringList{"changed id=1 score", "removed id=2", "added id=10"} << qint64(3) << kColumns;

    auto nullToEmpty = base;
    nullToEmpty[2][2] = QStringLiteral("");
    QTest::newRow("NULL vs empty string") << table(base) << table(nullToEmpty) << false
                                          << QStringList{"changed id=3 score"} << qint64(1) << kColumns;

    // A column present only in one state is ignored, whichever side has it.
    const QStringList withExtra = kColumns + QStringList{QStringLiteral("project_id")};
    QList<QStringList> extraRows;
    for (const QStringList &r : base)
        extraRows << r + QStringList{QStringLiteral("default")};
    QTest::newRow("column only after") << table(base) << table(extraRows, withExtra) << true << QStringList() << qint64(0) << kColumns;
    QTest::newRow("column only before") << table(extraRows, withExtra) << table(base) << true << QStringList() << qint64(0) << kColumns;

    auto extraChanged = extraRows;
    extraChanged[0][1] = QStringLiteral("ALPHA");
    QTest::newRow("column only after, common column changed")
        << table(base) << table(extraChanged, withExtra) << false << QStringList{"changed id=1 name"} << qint64(1) << kColumns;

    // Column order does not matter: values are bound to column names.
    const QStringList reordered{QStringLiteral("score"), QStringLiteral("id"), QStringLiteral("name")};
    QList<QStringList> reorderedRows;
    for (const QStringList &r : base)
        reorderedRows << QStringList{r[2], r[0], r[1]};
    QTest::newRow("columns reordered") << table(base) << table(reorderedRows, reordered) << true << QStringList() << qint64(0)
                                       << kColumns;

    // Without a primary key the mismatch is reported but rows cannot be named; the changed
    // row is unmatched on both sides.
    QTest::newRow("no primary key") << table(base, kColumns, {}) << table(changed, kColumns, {}) << false << QStringList()
                                    << qint64(2) << kColumns;
    QTest::newRow("no primary key, identical") << table(base, kColumns, {}) << table(base, kColumns, {}) << true
                                               << QStringList() << qint64(0) << kColumns;

    // Composite key.
    const QStringList composite{QStringLiteral("id"), QStringLiteral("name")};
    QTest::newRow("composite key") << table(base, kColumns, composite) << table(changed, kColumns, composite) << false
                                   << QStringList{"added id=2, name='BETA'", "removed id=2, name='beta'"} << qint64(2)
                                   << kColumns;
}

void TstDataCompare::compare()
{
    QFETCH(TableData, before);
    QFETCH(TableData, after);
    QFETCH(bool, matches);
    QFETCH(QStringList, rows);
    QFETCH(qint64, changedRowCount);
    QFETCH(QStringList, compared);

    const TableComparison c = compareTable(&before, &after);
    QCOMPARE(c.table, QStringLiteral("public.t"));
    QCOMPARE(c.matches(), matches);
    QCOMPARE(c.fingerprintBefore == c.fingerprintAfter, matches);
    QCOMPARE(c.comparable, true);
    QCOMPARE(named(c), rows);
    QCOMPARE(c.changedRowCount, changedRowCount);
    QCOMPARE(c.comparedColumns, compared);
    QCOMPARE(c.rowsBefore, before.rows);
    QCOMPARE(c.rowsAfter, after.rows);
    if (!matches && before.primaryKey.isEmpty())
        QVERIFY2(c.note.contains(QStringLiteral("no primary key")), qPrintable(c.note));
}

void TstDataCompare::moreThanTenChangedRows()
{
    QList<QStringList> before, after;
    for (int i = 1; i <= 25; ++i) {
        before << QStringList{QString::number(i), QStringLiteral("n%1").arg(i), QStringLiteral("1")};
        after << QStringList{QString::number(i), QStringLiteral("n%1").arg(i), i % 2 ? QStringLiteral("2") : QStringLiteral("1")};
    }
    // 13 odd ids changed; the first ten in numeric (not text) order are named.
    const TableData a = table(before), b = table(after);
    const TableComparison c = compareTable(&a, &b);
    QVERIFY(!c.matches());
    QCOMPARE(c.changedRowCount, 13);
    QCOMPARE(c.changedRows.size(), TableComparison::MaxNamedRows);
    QStringList expected;
    for (int i = 1; i <= 19; i += 2)
        expected << QStringLiteral("changed id=%1 score").arg(i);
    QCOMPARE(named(c), expected);
    QVERIFY2(c.describe().contains(QStringLiteral("13 rows differ in all")), qPrintable(c.describe()));
}

void TstDataCompare::absentTables()
{
    DataCapture a, b;
    TableData t1 = table(baseRows());
    TableData t2 = table(baseRows());
    t2.name = QStringLiteral("gone");
    TableData t3 = table(baseRows());
    t3.name = QStringLiteral("new");
    a.tables << t2 << t1;
    b.tables << t1 << t3;
    const QList<TableComparison> all = compareCaptures(a, b);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all[0].table, QStringLiteral("public.gone"));
    QCOMPARE(all[0].rowsBefore, 3);
    QCOMPARE(all[0].rowsAfter, -1);
    QVERIFY(!all[0].matches());
    QCOMPARE(all[1].table, QStringLiteral("public.new"));
    QCOMPARE(all[1].rowsBefore, -1);
    QCOMPARE(all[1].rowsAfter, 3);
    QVERIFY(!all[1].matches());
    QCOMPARE(all[2].table, QStringLiteral("public.t"));
    QVERIFY(all[2].matches());
}

void TstDataCompare::swappedValuesDiffer()
{
    const auto base = baseRows();
    auto betweenRows = base;
    std::swap(betweenRows[0][1], betweenRows[1][1]);
    QVERIFY(table(base).fingerprint() != table(betweenRows).fingerprint());
    // Same value multiset per column and per row, swapped between two columns.
    const QList<QStringList> a{{"1", "x", "y"}}, b{{"1", "y", "x"}};
    QVERIFY(table(a).fingerprint() != table(b).fingerprint());
    // Duplicated rows (no key) do not cancel out.
    const QList<QStringList> once{{"1", "x", "y"}}, twice{{"1", "x", "y"}, {"1", "x", "y"}}, none{};
    QVERIFY(table(once, kColumns, {}).fingerprint() != table(twice, kColumns, {}).fingerprint());
    QVERIFY(table(twice, kColumns, {}).fingerprint() != table(none, kColumns, {}).fingerprint());
}

void TstDataCompare::fingerprintIgnoresRowOrder()
{
    auto rows = baseRows();
    const QString fp = table(rows).fingerprint();
    std::reverse(rows.begin(), rows.end());
    QCOMPARE(table(rows).fingerprint(), fp);
    QCOMPARE(fp.size(), 16);
    // Over a subset of columns.
    QVERIFY(table(rows).fingerprint({QStringLiteral("id")}) != fp);
    QCOMPARE(table(rows).fingerprint({QStringLiteral("id"), QStringLiteral("nope"), QStringLiteral("name"), QStringLiteral("score")}), fp);
}

void TstDataCompare::naturalKeyOrder()
{
    QStringList keys{"id=10", "id=9", "id=100", "id=-1", "id=09", "name='b'", "name='a10'", "name='a9'"};
    std::sort(keys.begin(), keys.end(), fingerprint::naturalLess);
    QCOMPARE(keys, (QStringList{"id=-1", "id=09", "id=9", "id=10", "id=100", "name='a9'", "name='a10'", "name='b'"}));
}

void TstDataCompare::rowKeyQuoting()
{
    QCOMPARE(fingerprint::rowKey({"id"}, {"4"}), QStringLiteral("id=4"));
    QCOMPARE(fingerprint::rowKey({"a", "b"}, {"1.5", "it's"}), QStringLiteral("a=1.5, b='it''s'"));
    QCOMPARE(fingerprint::rowKey({"u"}, {"3e1"}), QStringLiteral("u='3e1'"));
}

void TstDataCompare::captureJsonRoundTrip()
{
    DataCapture capture;
    capture.tables << table(baseRows()) << table(baseRows(), kColumns, {});
    capture.tables[1].name = QStringLiteral("nokey");
    const QByteArray text = QJsonDocument(capture.toJson()).toJson(QJsonDocument::Compact);
    auto back = DataCapture::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY_RESULT(back);
    QCOMPARE(*back, capture);
    QCOMPARE(back->table(QStringLiteral("public.nokey"))->fingerprint(), capture.tables[1].fingerprint());
    QVERIFY(back->table(QStringLiteral("public.missing")) == nullptr);
}

void TstDataCompare::summaryJsonComparesOnSameColumnsOnly()
{
    DataCapture capture;
    capture.tables << table(baseRows());
    auto summary = DataCapture::fromJson(capture.toJson(DataCapture::Detail::Summary));
    QVERIFY(summary.has_value());
    const TableData &s = summary->tables.at(0);
    QVERIFY(!s.hasRowDetail);
    QCOMPARE(s.fingerprint(), capture.tables[0].fingerprint());

    // Same columns: comparable against a detailed capture.
    TableData live = table(baseRows());
    QVERIFY(compareTable(&s, &live).matches());
    auto changed = baseRows();
    changed[0][1] = QStringLiteral("x");
    TableData liveChanged = table(changed);
    TableComparison c = compareTable(&s, &liveChanged);
    QVERIFY(!c.matches());
    QVERIFY(c.comparable);
    QCOMPARE(c.changedRowCount, -1);  // no detail: rows cannot be named
    QVERIFY(c.changedRows.isEmpty());

    // The other state has an extra column: the common columns are all of the summary's, so
    // the comparison still holds.
    QList<QStringList> extraRows;
    for (const QStringList &r : baseRows())
        extraRows << r + QStringList{QStringLiteral("p")};
    TableData wider = table(extraRows, kColumns + QStringList{QStringLiteral("project_id")});
    QVERIFY(compareTable(&s, &wider).matches());

    // The summary has a column the other state lacks: only counts compare, and it says so.
    DataCapture wide;
    wide.tables << wider;
    auto wideSummary = DataCapture::fromJson(wide.toJson(DataCapture::Detail::Summary));
    QVERIFY(wideSummary.has_value());
    c = compareTable(&wideSummary->tables.at(0), &live);
    QVERIFY(!c.comparable);
    QVERIFY(!c.matches());
    QCOMPARE(c.rowsBefore, c.rowsAfter);
    QVERIFY2(c.note.contains(QStringLiteral("summary")), qPrintable(c.note));
}

void TstDataCompare::tamperedJsonRejected()
{
    DataCapture capture;
    capture.tables << table(baseRows());
    QJsonObject json = capture.toJson();
    QJsonArray tables = json.value(QStringLiteral("tables")).toArray();
    QJsonObject t = tables.at(0).toObject();
    t.insert(QStringLiteral("fingerprint"), QStringLiteral("0000000000000000"));
    tables[0] = t;
    json.insert(QStringLiteral("tables"), tables);
    auto back = DataCapture::fromJson(json);
    QVERIFY(!back.has_value());
    QCOMPARE(back.error().kind, ErrorKind::Input);
    QVERIFY(!DataCapture::fromJson(QJsonObject{{QStringLiteral("format"), QStringLiteral("other/1")}}).has_value());
}

void TstDataCompare::comparisonJsonRoundTrip()
{
    auto changed = baseRows();
    changed[1][1] = QStringLiteral("BETA");
    changed << QStringList{"7", "x", "y"};
    const TableData a = table(baseRows());
    const TableData b = table(changed);
    const TableComparison c = compareTable(&a, &b);
    const QJsonObject json = c.toJson();
    QCOMPARE(json.value(QStringLiteral("rows_before")).toInteger(), 3);
    QCOMPARE(json.value(QStringLiteral("rows_after")).toInteger(), 4);
    QCOMPARE(json.value(QStringLiteral("matches")).toBool(), false);
    auto back = TableComparison::fromJson(json);
    QVERIFY(back.has_value());
    QCOMPARE(*back, c);
    const TableComparison absent = compareTable(&a, nullptr);
    QCOMPARE(*TableComparison::fromJson(absent.toJson()), absent);
}

void TstDataCompare::differentMethodsAreNotComparable()
{
    const TableData a = table(baseRows());
    TableData b = a;
    b.method = QString::fromLatin1(TableData::ServerSumMethod);
    b.hasRowDetail = false;
    b.summaryFingerprint = QStringLiteral("0123456789abcdef");
    b.keys.clear();
    b.hashes.clear();
    const TableComparison c = compareTable(&a, &b);
    QVERIFY(!c.comparable);
    QVERIFY(!c.matches());
    QCOMPARE(c.rowsBefore, c.rowsAfter);
    QVERIFY(c.note.contains(QStringLiteral("methods")));
}

QTEST_GUILESS_MAIN(TstDataCompare)
#include "tst_datacompare.moc"
