// The up/down pairs layout on a scratch server: golang-migrate's schema_migrations written as
// golang-migrate writes it, its dirty flag around a step that is not transactional, and a
// plan that cannot run refused before anything runs.
#include "clirun.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "tempset.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;
using test::TempTree;

namespace {

QString versionRow(Session &s)
{
    auto row = s.scalar(QStringLiteral("SELECT coalesce(string_agg(version || ':' || dirty, ','), 'empty') FROM schema_migrations"));
    return row ? *row : row.error().message;
}

} // namespace

class TestLayoutPairsDb : public QObject
{
    Q_OBJECT

private slots:
    void sampleRoundTripKeepsGolangMigratesTable()
    {
        auto db = test::freshDatabase(QStringLiteral("pairs_round"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("pairs")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        auto up = runner.migrate(QStringLiteral("11"));
        QVERIFY_RESULT(up);
        QVERIFY2(up->completed(), qPrintable(up->error() ? up->error()->toString() : QString()));
        QCOMPARE(versionRow(*session), QStringLiteral("11:false"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT data_type FROM information_schema.columns WHERE table_name = 'schema_migrations' AND column_name = 'version'")).value(),
                 QStringLiteral("bigint"));
        // The index built CONCURRENTLY exists: that step ran outside a transaction.
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email_idx'")).value(), QStringLiteral("1"));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("11")));
        auto down = runner.migrate(QStringLiteral("base"));
        QVERIFY_RESULT(down);
        QVERIFY(down->completed());
        // Down to nothing: golang-migrate leaves the table empty.
        QCOMPARE(versionRow(*session), QStringLiteral("empty"));
        QCOMPARE(runner.currentRevision().value(), RevisionRef::base());
        // The defect of 10's down script: the index it meant to drop is still there.
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'users_email_idx'")).value(), QStringLiteral("0"));
    }

    // golang-migrate's own reading of a database it left dirty: version N, dirty true.
    void dirtyFlagAroundAFailedStepThatIsNotTransactional()
    {
        auto db = test::freshDatabase(QStringLiteral("pairs_dirty"));
        QVERIFY_RESULT(db);
        TempTree tree({{QStringLiteral("1_t.up.sql"), "CREATE TABLE t (x int);\n"},
                       {QStringLiteral("1_t.down.sql"), "DROP TABLE t;\n"},
                       {QStringLiteral("2_idx.autocommit.up.sql"), "CREATE INDEX CONCURRENTLY t_x ON t (x);\nCREATE INDEX CONCURRENTLY t_y ON t (no_such_column);\n"},
                       {QStringLiteral("2_idx.down.sql"), "DROP INDEX t_x;\n"}});
        const QStringList common{QStringLiteral("--set"), tree.path(), QStringLiteral("--db"), db->conninfo()};
        auto r = test::runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + common);
        QVERIFY2(r.exitCode != 0, qPrintable(r.out));
        auto session = test::openSession(*db);
        // Left as golang-migrate leaves it: the version moved to, flagged dirty.
        QCOMPARE(versionRow(*session), QStringLiteral("2:true"));
        r = test::runRevisor(QStringList{QStringLiteral("current")} + common);
        QVERIFY2(r.out.contains(QLatin1String("dirty")) && r.out.startsWith(QLatin1String("1")), qPrintable(r.out + r.err));
        r = test::runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + common);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("dirty")), qPrintable(r.err));
        // Undone by hand, then settled: back to version 1, clean.
        QVERIFY_RESULT(session->exec(QStringLiteral("DROP INDEX t_x")));
        r = test::runRevisor(QStringList{QStringLiteral("resolve"), QStringLiteral("--mark-rolled-back")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(versionRow(*session), QStringLiteral("1:false"));
    }

    void dirtyFlagSetByGolangMigrateItselfIsHonoured()
    {
        auto db = test::freshDatabase(QStringLiteral("pairs_foreign_dirty"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        QVERIFY_RESULT(session->exec(QStringLiteral("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)")));
        QVERIFY_RESULT(session->exec(QStringLiteral("INSERT INTO schema_migrations VALUES (9, true)")));
        const QStringList common{QStringLiteral("--set"), test::samplePath(test::sourceDir(), QStringLiteral("pairs")), QStringLiteral("--db"), db->conninfo()};
        auto r = test::runRevisor(QStringList{QStringLiteral("current")} + common);
        QVERIFY2(r.out.startsWith(QLatin1String("9")) && r.out.contains(QLatin1String("dirty")), qPrintable(r.out + r.err));
        r = test::runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + common);
        QCOMPARE(r.exitCode, 2);
        // Like golang-migrate's force: the version stays, the flag goes.
        r = test::runRevisor(QStringList{QStringLiteral("resolve"), QStringLiteral("--mark-rolled-back")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(versionRow(*session), QStringLiteral("9:false"));
    }

    void aStepThatFailsBeforeAnythingStaysLeavesTheFlagClean()
    {
        auto db = test::freshDatabase(QStringLiteral("pairs_first_fails"));
        QVERIFY_RESULT(db);
        TempTree tree({{QStringLiteral("1_t.up.sql"), "CREATE TABLE t (x int);\n"},
                       {QStringLiteral("1_t.down.sql"), "DROP TABLE t;\n"},
                       {QStringLiteral("2_idx.autocommit.up.sql"), "CREATE INDEX CONCURRENTLY t_y ON t (no_such_column);\n"},
                       {QStringLiteral("2_idx.down.sql"), "DROP INDEX t_y;\n"}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*db);
        Runner runner(*session, *set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QVERIFY(!out->completed());
        QCOMPARE(versionRow(*session), QStringLiteral("1:false"));
    }

    // Revisor's own format, whose files are split only when a plan needs them: the third
    // revision cannot run, so nothing of the first two runs either.
    void aPlanWhoseThirdFileIsInvalidLeavesTheDatabaseUntouched()
    {
        auto db = test::freshDatabase(QStringLiteral("plan_whole"));
        QVERIFY_RESULT(db);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE a (id int);"), QStringLiteral("DROP TABLE a;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE b (id int);"), QStringLiteral("DROP TABLE b;"))},
                           {QStringLiteral("003.sql"), test::revisionFile(QStringLiteral("003"), QStringLiteral("002"), QStringLiteral("CREATE TABLE c (id int);\nCOMMIT;"), QStringLiteral("DROP TABLE c;"))}});
        auto set = MigrationSet::load(dir.path());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*db);
        Runner runner(*session, *set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY(!out);
        QVERIFY2(out.error().file.endsWith(QLatin1String("003.sql")) && out.error().line > 0, qPrintable(out.error().toString()));
        QVERIFY(out.error().message.contains(QLatin1String("nothing was run")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).value(), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TestLayoutPairsDb)
#include "tst_layoutpairsdb.moc"
