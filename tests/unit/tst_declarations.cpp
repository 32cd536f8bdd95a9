// Declared expectations of a checks file ("expect"): parsing with errors that name the file,
// the entry and the key, and which differences they allow.
#include "checks/checks.h"
#include "resultassert.h"

#include <QTest>

using namespace revisor;

namespace {

TableComparison table(qint64 before, qint64 after, QList<RowChange> rows, qint64 count)
{
    TableComparison t;
    t.table = QStringLiteral("public.t");
    t.rowsBefore = before;
    t.rowsAfter = after;
    t.fingerprintBefore = QStringLiteral("a");
    t.fingerprintAfter = QStringLiteral("b");
    t.changedRows = rows;
    t.changedRowCount = count;
    return t;
}

QList<Declaration> parse(const QByteArray &expect)
{
    auto suite = parseCheckFile(R"({"format":"revisor-checks/1","expect":)" + expect + "}", QStringLiteral("d.json"));
    if (!suite)
        qFatal("%s", qPrintable(suite.error().toString()));
    return suite->declarations;
}

} // namespace

class TestDeclarations : public QObject
{
    Q_OBJECT

private slots:
    void parsed()
    {
        const QList<Declaration> d = parse(R"([{"changed_values":"t.c","reason":"backfill"},
                                               {"deleted_rows":"public.t","reason":"purge"},
                                               {"left_behind":"extension vector","reason":"shared"}])");
        QCOMPARE(d.size(), qsizetype(3));
        QCOMPARE(d[0].kind, Declaration::Kind::ChangedValues);
        QCOMPARE(d[0].target, QStringLiteral("public.t.c"));
        QCOMPARE(d[0].reason, QStringLiteral("backfill"));
        QCOMPARE(d[2].target, QStringLiteral("extension vector"));
        QCOMPARE(d[1].index, 1);
    }

    void badDeclarations_data()
    {
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<QString>("message");
        QTest::newRow("no reason") << QByteArray(R"([{"deleted_rows":"t"}])") << QStringLiteral("expect[0]: \"reason\" is required");
        QTest::newRow("empty reason") << QByteArray(R"([{"deleted_rows":"t","reason":" "}])") << QStringLiteral("\"reason\" is required");
        QTest::newRow("two kinds") << QByteArray(R"([{"deleted_rows":"t","added_rows":"t","reason":"x"}])") << QStringLiteral("give exactly one of");
        QTest::newRow("unknown key") << QByteArray(R"([{"dropped":"t","reason":"x"}])") << QStringLiteral("unknown key \"dropped\"");
        QTest::newRow("not a list") << QByteArray(R"({"deleted_rows":"t"})") << QStringLiteral("\"expect\" must be a list");
        QTest::newRow("second entry") << QByteArray(R"([{"deleted_rows":"t","reason":"x"},{"added_rows":"","reason":"x"}])")
                                      << QStringLiteral("expect[1]: \"added_rows\" must name");
    }

    void badDeclarations()
    {
        QFETCH(QByteArray, expect);
        QFETCH(QString, message);
        auto suite = parseCheckFile(R"({"format":"revisor-checks/1","expect":)" + expect + "}", QStringLiteral("d.json"));
        QVERIFY(!suite);
        QCOMPARE(suite.error().file, QStringLiteral("d.json"));
        QVERIFY2(suite.error().message.contains(message), qPrintable(suite.error().message));
    }

    void tableChanges_data()
    {
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<TableComparison>("comparison");
        QTest::addColumn<bool>("allowed");
        const RowChange removed{RowChange::Kind::Removed, QStringLiteral("id=4"), {}};
        const RowChange added{RowChange::Kind::Added, QStringLiteral("id=9"), {}};
        const RowChange changedC{RowChange::Kind::Changed, QStringLiteral("id=1"), {QStringLiteral("c")}};
        const RowChange changedCD{RowChange::Kind::Changed, QStringLiteral("id=1"), {QStringLiteral("c"), QStringLiteral("d")}};
        const QByteArray deleted = R"([{"deleted_rows":"t","reason":"purge"}])";
        const QByteArray column = R"([{"changed_values":"t.c","reason":"backfill"}])";
        QTest::newRow("deleted, declared") << deleted << table(4, 3, {removed}, 1) << true;
        QTest::newRow("added, only deletion declared") << deleted << table(4, 5, {added}, 1) << false;
        QTest::newRow("column declared") << column << table(4, 4, {changedC}, 1) << true;
        QTest::newRow("another column too") << column << table(4, 4, {changedCD}, 1) << false;
        QTest::newRow("any column of the table") << QByteArray(R"([{"changed_values":"t.*","reason":"x"}])") << table(4, 4, {changedCD}, 1) << true;
        QTest::newRow("no key, rows gone, deletion declared") << deleted << table(4, 2, {}, 2) << true;
        QTest::newRow("no key, rows replaced") << deleted << table(4, 4, {}, 4) << false;
        QTest::newRow("nothing declared") << QByteArray("[]") << table(4, 3, {removed}, 1) << false;
    }

    void tableChanges()
    {
        QFETCH(QByteArray, expect);
        QFETCH(TableComparison, comparison);
        QFETCH(bool, allowed);
        QCOMPARE(!declarationsFor(parse(expect), comparison).isEmpty(), allowed);
    }

    void leftBehind()
    {
        const QList<Declaration> d = parse(R"([{"left_behind":"extension vector","reason":"shared"}])");
        DiffEntry e;
        e.change = DiffEntry::Change::Added;
        e.objectKind = QStringLiteral("extension");
        e.name = QStringLiteral("vector");
        QVERIFY(declarationFor(d, e));
        e.change = DiffEntry::Change::Removed;   // gone is not "left behind"
        QVERIFY(!declarationFor(d, e));
        e.change = DiffEntry::Change::Added;
        e.name = QStringLiteral("pg_trgm");
        QVERIFY(!declarationFor(d, e));
    }
};

QTEST_GUILESS_MAIN(TestDeclarations)
#include "tst_declarations.moc"
