// Diesel and dbmate projects on a scratch server: their one-row-per-migration tables written
// as the tools write them, and read back when the tools wrote them.
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;

namespace {

QString rows(Session &s, const QString &table)
{
    auto r = s.scalar(QStringLiteral("SELECT coalesce(string_agg(version, ',' ORDER BY version), 'empty') FROM %1").arg(table));
    return r ? *r : r.error().message;
}

} // namespace

class TestLayoutRowStoresDb : public QObject
{
    Q_OBJECT

private slots:
    void dieselRoundTrip()
    {
        auto db = test::freshDatabase(QStringLiteral("diesel_round"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("diesel")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        auto up = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(up);
        QVERIFY2(up->completed(), qPrintable(up->error() ? up->error()->toString() : QString()));
        QCOMPARE(rows(*session, QStringLiteral("__diesel_schema_migrations")),
                 QStringLiteral("20240110090000,20240120120000,20240201100000,20240301000000"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM __diesel_schema_migrations WHERE run_on IS NOT NULL")).value(), QStringLiteral("4"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT character_maximum_length FROM information_schema.columns "
                                                "WHERE table_name = '__diesel_schema_migrations' AND column_name = 'version'")).value(), QStringLiteral("50"));
        auto down = runner.migrate(QStringLiteral("20240120120000"));
        QVERIFY_RESULT(down);
        QVERIFY(down->completed());
        QCOMPARE(rows(*session, QStringLiteral("__diesel_schema_migrations")), QStringLiteral("20240110090000,20240120120000"));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("20240120120000")));
        // The defect of the sample's down script: the function is not the one 20240120120000 made.
        QVERIFY(session->scalar(QStringLiteral("SELECT prosrc FROM pg_proc WHERE proname = 'slugify'")).value().contains(QLatin1String("'_'")));
    }

    // What Diesel itself wrote is where Revisor starts; applied out of order is refused.
    void dieselTableWrittenByDiesel()
    {
        auto db = test::freshDatabase(QStringLiteral("diesel_foreign"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        QVERIFY_RESULT(session->exec(QStringLiteral("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)")));
        QVERIFY_RESULT(session->exec(QStringLiteral("CREATE TABLE posts (id serial PRIMARY KEY, title varchar(100) NOT NULL, body text NOT NULL DEFAULT '')")));
        QVERIFY_RESULT(session->exec(QStringLiteral("INSERT INTO __diesel_schema_migrations (version) VALUES ('20240110090000')")));
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("diesel")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("20240110090000")));
        QVERIFY_RESULT(session->exec(QStringLiteral("INSERT INTO __diesel_schema_migrations (version) VALUES ('20240201100000')")));
        auto gap = runner.currentRevision();
        QVERIFY(!gap);
        QVERIFY2(gap.error().message.contains(QLatin1String("20240120120000")), qPrintable(gap.error().message));
    }

    void dbmateRoundTrip()
    {
        auto db = test::freshDatabase(QStringLiteral("dbmate_round"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("dbmate")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        auto up = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(up);
        QVERIFY2(up->completed(), qPrintable(up->error() ? up->error()->toString() : QString()));
        QCOMPARE(rows(*session, QStringLiteral("schema_migrations")),
                 QStringLiteral("20240101000000,20240102000000,20240103000000,20240104000000"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT character_maximum_length FROM information_schema.columns "
                                                "WHERE table_name = 'schema_migrations' AND column_name = 'version'")).value(), QStringLiteral("128"));
        auto down = runner.migrate(QStringLiteral("20240101000000"));
        QVERIFY_RESULT(down);
        QVERIFY(down->completed());
        QCOMPARE(rows(*session, QStringLiteral("schema_migrations")), QStringLiteral("20240101000000"));
        // The wrong signature dropped nothing.
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname = 'total_price'")).value(), QStringLiteral("1"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'items_name_idx'")).value(), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TestLayoutRowStoresDb)
#include "tst_layoutrowstoresdb.moc"
