// The window's scenario without the window: InteractiveSession on the test server, each user
// action one call that says what happened.
#include "core/paths.h"
#include "db/session.h"
#include "rehearsal/interactivesession.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

namespace {

// 001 creates t, 002 creates u and fills nothing; the seeds: "ok" puts 3 rows in t, "slow_fail"
// sleeps and then fails.
QMap<QString, QString> smallSet()
{
    return {{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"),
                                                           QStringLiteral("DROP TABLE t;"))},
            {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                           QStringLiteral("CREATE TABLE u (id int);\nINSERT INTO u VALUES (1), (2);"),
                                                           QStringLiteral("DROP TABLE u;"))},
            {QStringLiteral("seeds/ok.sql"), QStringLiteral("-- seed: ok\nINSERT INTO t SELECT generate_series(1, 3);\n")},
            {QStringLiteral("seeds/slow_fail.sql"),
             QStringLiteral("-- seed: slow_fail\nSELECT pg_sleep(1.5);\nINSERT INTO t VALUES ('not a number');\n")}};
}

MigrationSet load(const QString &dir)
{
    auto set = MigrationSet::load(dir);
    if (!set)
        qFatal("%s", qPrintable(set.error().toString()));
    return *set;
}

QString errorText(const ActionResult &r)
{
    return r.error ? r.error->toString() : QString();
}

Seed seedOf(const MigrationSet &set, const QString &name)
{
    auto seed = readSeed(set, name);
    if (!seed)
        qFatal("%s", qPrintable(seed.error().toString()));
    return *seed;
}

} // namespace

class TestInteractiveSession : public QObject
{
    Q_OBJECT

    ConnectionSettings fresh(const QString &prefix)
    {
        auto settings = test::freshDatabase(prefix);
        if (!settings)
            qFatal("%s", qPrintable(settings.error().toString()));
        return *settings;
    }

private slots:
    void initTestCase() { test::server(); }

    void roundTripStepByStep()
    {
        InteractiveSession session;
        QVERIFY(session.setMigrationSet(load(defaultMigrationSetDir())).ok());
        ActionResult r = session.connect(fresh(QStringLiteral("is_roundtrip")));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QVERIFY(r.state.server.has_value());
        QCOMPARE(r.state.revision, std::optional(RevisionRef::base()));
        QCOMPARE(r.state.points.points.size(), 1);

        session.setBaseline(RevisionRef(QStringLiteral("005")));
        r = session.applyBaseline();
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QCOMPARE(r.state.revision, std::optional(RevisionRef(QStringLiteral("005"))));
        r = session.seed(seedOf(*session.migrationSet(), QStringLiteral("sample")), {});
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        r = session.migrate(QStringLiteral("+1"));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QCOMPARE(r.action, QStringLiteral("step up"));
        QVERIFY(!r.completedRoundTrip);
        QVERIFY(!r.state.outcome);
        r = session.migrate(QStringLiteral("-1"));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QVERIFY(r.completedRoundTrip);
        QVERIFY(r.state.outcome.has_value());
        QVERIFY(!r.state.outcomeFromRehearsal);
        QVERIFY2(r.state.outcome->result.passed(), qPrintable(r.state.outcome->result.toJson().value(QStringLiteral("checks")).toVariant().toString()));
        // The budgets the round trip was judged against are the session's.
        QCOMPARE(r.state.outcome->facts.scenarioBudgetMs, SessionBudgets().scenarioMs);
        QCOMPARE(r.state.points.rolledBack, 4);
    }

    // Item 6 of issue 10: a failed connect leaves the connection, its revision and its results.
    void failedConnectKeepsTheSession()
    {
        test::TempSet dir(smallSet());
        InteractiveSession session;
        session.setMigrationSet(load(dir.path()));
        const ConnectionSettings good = fresh(QStringLiteral("is_reconnect"));
        QVERIFY(session.connect(good).ok());
        session.setBaseline(RevisionRef(QStringLiteral("001")));
        QVERIFY(session.applyBaseline().ok());
        QVERIFY(session.migrate(QStringLiteral("+1")).ok());
        ActionResult before = session.migrate(QStringLiteral("-1"));
        QVERIFY(before.state.outcome.has_value());

        ConnectionSettings bad = good;
        bad.setValue(QStringLiteral("dbname"), QStringLiteral("no_such_database_here"));
        const ActionResult r = session.connect(bad);
        QVERIFY(!r.ok());
        QVERIFY2(r.error->message.contains(QLatin1String("no_such_database_here")), qPrintable(r.error->message));
        QVERIFY(session.isConnected());
        QCOMPARE(r.state.server->database, good.value(QStringLiteral("dbname")));
        QCOMPARE(r.state.revision, std::optional(RevisionRef(QStringLiteral("001"))));
        QVERIFY(r.state.outcome.has_value());
        QCOMPARE(r.state.points.points.size(), before.state.points.points.size());
        // And the session still works.
        QVERIFY(session.migrate(QStringLiteral("+1")).ok());
    }

    // Item 3 of issue 10: results are about the current set, database and baseline.
    void resultsClearedWhenSetDatabaseOrBaselineChange()
    {
        test::TempSet dir(smallSet());
        InteractiveSession session;
        session.setMigrationSet(load(dir.path()));
        QVERIFY(session.connect(fresh(QStringLiteral("is_stale"))).ok());
        session.setBaseline(RevisionRef(QStringLiteral("001")));
        const auto roundTrip = [&session] {
            QVERIFY(session.applyBaseline().ok());
            QVERIFY(session.migrate(QStringLiteral("+1")).ok());
            QVERIFY(session.migrate(QStringLiteral("-1")).state.outcome.has_value());
        };
        roundTrip();
        QVERIFY(!session.setBaseline(RevisionRef::base()).state.outcome);
        session.setBaseline(RevisionRef(QStringLiteral("001")));
        QVERIFY(session.migrate(QStringLiteral("+1")).ok());
        QVERIFY(session.migrate(QStringLiteral("-1")).state.outcome.has_value());
        ActionResult r = session.setMigrationSet(load(dir.path()));
        QVERIFY(!r.state.outcome);
        QCOMPARE(r.state.points.points.size(), 1);
        roundTrip();
        r = session.connect(fresh(QStringLiteral("is_stale_other")));
        QVERIFY(r.ok());
        QVERIFY(!r.state.outcome);
        QCOMPARE(r.state.points.points.size(), 1);
    }

    // Item 4 of issue 10: failed and cancelled attempts do not count into the scenario budget.
    void failedAttemptsNotCounted()
    {
        test::TempSet dir(smallSet());
        InteractiveSession session;
        session.setMigrationSet(load(dir.path()));
        QVERIFY(session.connect(fresh(QStringLiteral("is_budget"))).ok());
        session.setBaseline(RevisionRef(QStringLiteral("001")));
        QVERIFY(session.applyBaseline().ok());
        const Seed slow = seedOf(*session.migrationSet(), QStringLiteral("slow_fail"));
        double attempts = 0;
        for (int i = 0; i < 2; ++i) {
            const ActionResult failed = session.seed(slow, {});
            QVERIFY(!failed.ok());
            QCOMPARE(failed.steps.size(), 1);
            QVERIFY(!failed.steps.first().completed());
            attempts += failed.steps.first().durationMs;
        }
        QVERIFY(attempts >= 3000);
        QVERIFY(session.seed(seedOf(*session.migrationSet(), QStringLiteral("ok")), {}).ok());
        QVERIFY(session.migrate(QStringLiteral("+1")).ok());
        const ActionResult done = session.migrate(QStringLiteral("-1"));
        QVERIFY(done.state.outcome.has_value());
        const RehearsalResult &result = done.state.outcome->result;
        for (const Phase &p : result.phases) {
            for (const StepResult &s : p.steps)
                QVERIFY2(s.completed(), qPrintable(p.name + QLatin1Char(' ') + s.revision));
        }
        // The scenario is the completed steps, captures and probes: well below the two failed
        // attempts' 3 s of sleeping.
        QVERIFY2(result.scenarioMs < attempts, qPrintable(QString::number(result.scenarioMs)));
    }

    // Item 1 of issue 10: what a move down would drop, read before it runs.
    void planMoveListsDroppedTablesWithRows()
    {
        test::TempSet dir(smallSet());
        InteractiveSession session;
        session.setMigrationSet(load(dir.path()));
        QVERIFY(session.connect(fresh(QStringLiteral("is_plan"))).ok());
        QVERIFY(session.migrate(QStringLiteral("head")).ok());
        QVERIFY(session.seed(seedOf(*session.migrationSet(), QStringLiteral("ok")), {}).ok());
        auto plan = session.planMove(RevisionRef::base());
        QVERIFY_RESULT(plan);
        QCOMPARE(plan->downSteps, 2);
        QVERIFY(plan->needsConfirmation(true));
        QCOMPARE(plan->droppedTables.size(), 2);
        QCOMPARE(plan->droppedTables.at(0).table.name, QStringLiteral("u"));
        QCOMPARE(plan->droppedTables.at(0).table.schema, QStringLiteral("public"));
        QCOMPARE(plan->droppedTables.at(0).rows, 2);
        QCOMPARE(plan->droppedTables.at(1).table.name, QStringLiteral("t"));
        QCOMPARE(plan->droppedTables.at(1).rows, 3);
        QCOMPARE(plan->statements.size(), 2);
        const QString text = plan->describe().join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("public.t (3 rows), 001.sql:")), qPrintable(text));

        auto one = session.planMove(QStringLiteral("-1"));
        QVERIFY_RESULT(one);
        QCOMPARE(one->downSteps, 1);
        QVERIFY(!one->needsConfirmation(true));
        QVERIFY(one->needsConfirmation(false));
        auto up = session.planMove(QStringLiteral("head"));
        QVERIFY_RESULT(up);
        QVERIFY(!up->needsConfirmation(false));
    }

    void resetIsTheRehearsalsReset()
    {
        test::TempSet dir(smallSet());
        InteractiveSession session;
        session.setMigrationSet(load(dir.path()));
        const ConnectionSettings settings = fresh(QStringLiteral("is_reset"));
        QVERIFY(session.connect(settings).ok());
        QVERIFY(session.migrate(QStringLiteral("head")).ok());
        auto db = test::openSession(settings);
        QVERIFY(db->exec(QStringLiteral("CREATE SCHEMA stray")).has_value());
        auto plan = session.planReset();
        QVERIFY_RESULT(plan);
        const ActionResult r = session.reset();
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QCOMPARE(r.state.revision, std::optional(RevisionRef::base()));
        QCOMPARE(db->scalar(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'stray'")).value(), QStringLiteral("0"));
    }
};

QTEST_MAIN(TestInteractiveSession)
#include "tst_interactivesession.moc"
