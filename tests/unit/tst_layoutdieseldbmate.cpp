// The Diesel and dbmate readers: versions as the tools record them, their transaction
// switches, and malformed projects refused with file and line.
#include "migrations/setreaders.h"
#include "resultassert.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;
using test::TempTree;

class TestLayoutDieselDbmate : public QObject
{
    Q_OBJECT

private slots:
    void dieselSample()
    {
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("diesel")));
        QVERIFY_RESULT(set);
        QCOMPARE(set->format(), QStringLiteral("diesel"));
        QStringList ids;
        for (const Revision &r : set->revisions())
            ids << r.id;
        // Diesel's version: the folder name before '_', dashes removed.
        QCOMPARE(ids.join(u' '), QStringLiteral("20240110090000 20240120120000 20240201100000 20240301000000"));
        const Revision &index = set->revisions().constLast();
        QCOMPARE(index.message, QStringLiteral("posts_title_index"));
        // metadata.toml's run_in_transaction = false: both directions.
        QVERIFY(!index.transactionalFor(true));
        QVERIFY(!index.transactionalFor(false));
        QVERIFY(set->revisions().constFirst().transactional);
        QVERIFY(index.sectionFile(false).endsWith(QLatin1String("2024-03-01-000000_posts_title_index/down.sql")));
    }

    void dieselMetadataMustSayTrueOrFalse()
    {
        TempTree tree({{QStringLiteral("migrations/2024-01-01-000000_a/up.sql"), "SELECT 1;"},
                       {QStringLiteral("migrations/2024-01-01-000000_a/metadata.toml"), "\nrun_in_transaction = nope\n"}});
        QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("migrations/2024-01-01-000000_a/metadata.toml")), 2);
    }

    void dieselWithoutDownIsIrreversible()
    {
        TempTree tree({{QStringLiteral("migrations/2_b/up.sql"), "CREATE TABLE b (x int);"},
                       {QStringLiteral("migrations/10_c/up.sql"), "CREATE TABLE c (x int);"},
                       {QStringLiteral("migrations/10_c/down.sql"), "DROP TABLE c;"}});
        SetOptions options;
        options.format = QStringLiteral("diesel");
        auto set = MigrationSet::load(tree.path(), options);
        QVERIFY_RESULT(set);
        QCOMPARE(set->revisions().constFirst().id, QStringLiteral("2"));
        QVERIFY(set->revisions().constFirst().irreversible);
        QVERIFY(!set->revisions().constLast().irreversible);
    }

    void dbmateSample()
    {
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("dbmate")));
        QVERIFY_RESULT(set);
        QCOMPARE(set->format(), QStringLiteral("dbmate"));
        QCOMPARE(set->revisions().size(), 4);
        const Revision &price = set->revisions().at(1);
        QCOMPARE(price.id, QStringLiteral("20240102000000"));
        QCOMPARE(price.message, QStringLiteral("total_price"));
        QCOMPARE(price.upLine, 2);
        QCOMPARE(price.downLine, 7);
        QVERIFY(price.upSql.startsWith(QLatin1String("CREATE FUNCTION total_price")));
        QVERIFY(price.downSql.contains(QLatin1String("DROP FUNCTION IF EXISTS total_price();")));
        const Revision &index = set->revisions().at(2);
        QVERIFY(!index.transactionalFor(true));
        QVERIFY(!index.transactionalFor(false));
        QVERIFY(set->revisions().at(3).transactionalFor(false));
    }

    void dbmateMarkersAndOptions()
    {
        {
            TempTree tree({{QStringLiteral("db/migrations/1_a.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down transaction:maybe\nSELECT 1;\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("db/migrations/1_a.sql")), 3);
        }
        {
            TempTree tree({{QStringLiteral("db/migrations/1_a.sql"), "CREATE TABLE a (x int);\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("db/migrations/1_a.sql")), 1);
        }
        {
            // Only the down section's own option: the up section stays transactional.
            TempTree tree({{QStringLiteral("db/migrations/1_a.sql"), "-- migrate:up\nCREATE TABLE a (x int);\n-- migrate:down transaction:false\nDROP TABLE a;\n"}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY_RESULT(set);
            QVERIFY(set->revisions().constFirst().transactionalFor(true));
            QVERIFY(!set->revisions().constFirst().transactionalFor(false));
        }
        {
            // A statement the section cannot run is refused when the set is read.
            TempTree tree({{QStringLiteral("db/migrations/1_a.sql"), "-- migrate:up\nCREATE TABLE a (x int);\n\\i other.sql\n-- migrate:down\nDROP TABLE a;\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("db/migrations/1_a.sql")), 3);
        }
    }
};

QTEST_GUILESS_MAIN(TestLayoutDieselDbmate)
#include "tst_layoutdieseldbmate.moc"
