// The Flyway reader and Flyway's checksum. The expected checksums were computed apart from
// Revisor, with Python's zlib over the file's bytes without line breaks, as a signed int:
//   python3 -c "import zlib,ctypes,sys; b=open(sys.argv[1],'rb').read().replace(b'\r',b'').replace(b'\n',b''); print(ctypes.c_int32(zlib.crc32(b)).value)" FILE
#include "migrations/layouts/flywaychecksum.h"
#include "migrations/setreaders.h"
#include "resultassert.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;
using test::TempTree;

class TestLayoutFlyway : public QObject
{
    Q_OBJECT

private slots:
    void sampleInFlywaysOrder()
    {
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("flyway")));
        QVERIFY_RESULT(set);
        QCOMPARE(set->format(), QStringLiteral("flyway"));
        QStringList ids;
        for (const Revision &r : set->revisions())
            ids << r.id;
        // V1_1 is version 1.1; 10 after 2, as numbers.
        QCOMPARE(ids.join(u' '), QStringLiteral("1 1.1 2 10 10.1"));
        const Revision &balance = set->revisions().at(1);
        QCOMPARE(balance.message, QStringLiteral("add balance"));
        QVERIFY(balance.sectionFile(false).endsWith(QLatin1String("/U1_1__add_balance.sql")));
        // A versioned script without its undo script is irreversible.
        QVERIFY(set->revisions().at(3).irreversible);
        QVERIFY(!set->revisions().at(2).irreversible);
    }

    void checksumsAsFlywayComputesThem_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("expected");
        QTest::newRow("V1") << QStringLiteral("V1__create_accounts.sql") << 707121913;
        QTest::newRow("U1") << QStringLiteral("U1__create_accounts.sql") << -840460147;
        QTest::newRow("V1_1") << QStringLiteral("V1_1__add_balance.sql") << -843815083;
        QTest::newRow("U2") << QStringLiteral("U2__longer_codes.sql") << 1904759062;
        QTest::newRow("V10_1") << QStringLiteral("V10_1__audit.sql") << -1859336709;
    }

    void checksumsAsFlywayComputesThem()
    {
        QFETCH(QString, file);
        QFETCH(int, expected);
        QFile in(test::samplePath(test::sourceDir(), QStringLiteral("flyway/sql/")) + file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QCOMPARE(flywayChecksum(QString::fromUtf8(in.readAll())), expected);
    }

    void checksumIgnoresLineEndingsAndCountsUtf8Bytes()
    {
        // zlib.crc32('SELECT 1;-- café'.encode()) as a signed int.
        QCOMPARE(flywayChecksum(QStringLiteral("SELECT 1;\n-- café\n")), -912781868);
        QCOMPARE(flywayChecksum(QStringLiteral("SELECT 1;\r\n-- café\r\n")), -912781868);
        QCOMPARE(flywayChecksum(QStringLiteral("SELECT 1;\r-- café")), -912781868);
        QCOMPARE(flywayChecksum(QString()), 0);
    }

    void repeatableScriptsAreRefused()
    {
        TempTree tree({{QStringLiteral("V1__a.sql"), "CREATE TABLE a (x int);"}, {QStringLiteral("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1;"}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY(!set);
        QCOMPARE(set.error().file, tree.file(QStringLiteral("R__views.sql")));
        QVERIFY2(set.error().message.contains(QLatin1String("repeatable migration")), qPrintable(set.error().message));
    }

    void brokenProjects()
    {
        {
            TempTree tree({{QStringLiteral("V1__a.sql"), "SELECT 1;"}, {QStringLiteral("V1.0__b.sql"), "SELECT 2;"}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY(!set);
            QVERIFY2(set.error().message.contains(QLatin1String("used twice")), qPrintable(set.error().message));
        }
        {
            TempTree tree({{QStringLiteral("V1__a.sql"), "SELECT 1;"}, {QStringLiteral("U2__b.sql"), "SELECT 2;"}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY(!set);
            QCOMPARE(set.error().file, tree.file(QStringLiteral("U2__b.sql")));
        }
        {
            const QByteArray longVersion = "V" + QByteArray(51, '1') + "__a.sql";
            TempTree tree({{QString::fromLatin1(longVersion), "SELECT 1;"}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY(!set);
            QVERIFY2(set.error().message.contains(QLatin1String("varchar(50)")), qPrintable(set.error().message));
        }
    }

    void nonTransactionalScripts()
    {
        TempTree tree({{QStringLiteral("V1__a.sql"), "CREATE TABLE a (x int);"},
                       {QStringLiteral("V2__idx.sql"), "CREATE INDEX CONCURRENTLY a_x ON a (x);"},
                       {QStringLiteral("U2__idx.sql"), "DROP INDEX a_x;"},
                       {QStringLiteral("V3__b.sql"), "CREATE TABLE b (x int);"},
                       {QStringLiteral("V3__b.sql.conf"), "executeInTransaction=false\n"}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_RESULT(set);
        QVERIFY(set->revisions().at(0).transactionalFor(true));
        QVERIFY(!set->revisions().at(1).transactionalFor(true));
        QVERIFY(set->revisions().at(1).transactionalFor(false));
        QVERIFY(!set->revisions().at(2).transactionalFor(true));
    }
};

QTEST_GUILESS_MAIN(TestLayoutFlyway)
#include "tst_layoutflyway.moc"
