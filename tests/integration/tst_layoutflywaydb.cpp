// A Flyway project on a scratch server: flyway_schema_history written row for row as Flyway
// writes it (checksums checked against values computed apart from Revisor, see
// tst_layoutflyway), undo rows on downgrade, a failed row for a step that stopped half-way,
// and a history Flyway wrote read back.
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;

namespace {

QString history(Session &s)
{
    auto r = s.exec(QStringLiteral("SELECT installed_rank, coalesce(version, '-'), description, type, script, checksum, installed_by = current_user, "
                                   "execution_time >= 0, success FROM flyway_schema_history ORDER BY installed_rank"));
    if (!r)
        return r.error().message;
    QStringList lines;
    for (const QStringList &row : r->rows)
        lines << row.join(u'|');
    return lines.join(u'\n');
}

} // namespace

class TestLayoutFlywayDb : public QObject
{
    Q_OBJECT

private slots:
    void historyAsFlywayWritesIt()
    {
        auto db = test::freshDatabase(QStringLiteral("flyway_round"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("flyway")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        auto up = runner.migrate(QStringLiteral("2"));
        QVERIFY_RESULT(up);
        QVERIFY(up->completed());
        auto down = runner.migrate(QStringLiteral("1.1"));
        QVERIFY_RESULT(down);
        QVERIFY(down->completed());
        QCOMPARE(history(*session), QStringLiteral("1|1|create accounts|SQL|V1__create_accounts.sql|707121913|t|t|t\n"
                                                   "2|1.1|add balance|SQL|V1_1__add_balance.sql|-843815083|t|t|t\n"
                                                   "3|2|longer codes|SQL|V2__longer_codes.sql|2034914791|t|t|t\n"
                                                   "4|2|longer codes|UNDO_SQL|U2__longer_codes.sql|1904759062|t|t|t"));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("1.1")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'flyway_schema_history'")).value(),
                 QStringLiteral("flyway_schema_history_pk,flyway_schema_history_s_idx"));
        // Upgrading again applies 2 again: a new SQL row after the undo.
        QVERIFY_RESULT(runner.migrate(QStringLiteral("2")));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("2")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM flyway_schema_history")).value(), QStringLiteral("5"));
    }

    void aHistoryFlywayWroteIsReadBack()
    {
        auto db = test::freshDatabase(QStringLiteral("flyway_foreign"));
        QVERIFY_RESULT(db);
        auto session = test::openSession(*db);
        auto set = MigrationSet::load(test::samplePath(test::sourceDir(), QStringLiteral("flyway")));
        QVERIFY_RESULT(set);
        Runner runner(*session, *set);
        QVERIFY_RESULT(runner.migrate(QStringLiteral("1")));
        // What `flyway baseline -baselineVersion=1.1` and a later migrate would add.
        QVERIFY_RESULT(session->exec(QStringLiteral("DELETE FROM flyway_schema_history")));
        QVERIFY_RESULT(session->exec(QStringLiteral("INSERT INTO flyway_schema_history VALUES "
            "(1, '1.1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'me', now(), 0, true), "
            "(2, '2', 'longer codes', 'SQL', 'V2__longer_codes.sql', 2034914791, 'me', now(), 5, true)")));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("2")));
        // Flyway's record of a failed migration makes the database dirty for Revisor too.
        QVERIFY_RESULT(session->exec(QStringLiteral("INSERT INTO flyway_schema_history VALUES "
            "(3, '10', 'owner index', 'SQL', 'V10__owner_index.sql', 655152346, 'me', now(), 5, false)")));
        auto dirty = runner.versionStore().dirtyState(*session);
        QVERIFY_RESULT(dirty);
        QVERIFY(dirty->dirty);
        QCOMPARE(dirty->revision, RevisionRef(QStringLiteral("10")));
        auto refused = runner.migrate(QStringLiteral("head"));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("dirty")));
        // resolve --mark-rolled-back removes the failed row, as `flyway repair` does.
        QVERIFY_RESULT(runner.resolve(Runner::Resolution::MarkRolledBack));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).value(), QStringLiteral("0"));
    }

    void aStepThatStopsHalfWayLeavesAFailedRow()
    {
        auto db = test::freshDatabase(QStringLiteral("flyway_failed"));
        QVERIFY_RESULT(db);
        test::TempTree tree({{QStringLiteral("V1__a.sql"), "CREATE TABLE a (x int);"},
                             {QStringLiteral("V2__idx.sql"), "CREATE INDEX CONCURRENTLY a_x ON a (x);\nCREATE INDEX CONCURRENTLY a_y ON a (y);"}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*db);
        Runner runner(*session, *set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QVERIFY(!out->completed());
        QCOMPARE(session->scalar(QStringLiteral("SELECT version || ':' || type || ':' || success FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1")).value(),
                 QStringLiteral("2:SQL:false"));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("1")));
    }
};

QTEST_GUILESS_MAIN(TestLayoutFlywayDb)
#include "tst_layoutflywaydb.moc"
