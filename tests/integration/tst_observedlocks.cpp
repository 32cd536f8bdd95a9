// The locks each statement was seen to take, and for how long: read after each statement on
// the runner's connection and sampled while it runs from a second one.
#include "db/session.h"
#include "clirun.h"
#include "resultassert.h"
#include "runner/locksampler.h"
#include "runner/runner.h"
#include "tempset.h"
#include "testserver.h"

#include <QTest>

#include <algorithm>

using namespace revisor;

namespace {

// 001 creates t with a row; 002 (transactional) adds a column, then sleeps 1.2 s while its
// ACCESS EXCLUSIVE lock is held; 003 (not transactional) adds a column whose CHECK sleeps
// 0.4 s on t's row, so the lock exists only while that statement runs.
test::TempSet lockingSet()
{
    return test::TempSet(
        {{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);"),
                                                        QStringLiteral("DROP TABLE t;"))},
         {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                        QStringLiteral("ALTER TABLE t ADD COLUMN note text;\nSELECT pg_sleep(1.2);"),
                                                        QStringLiteral("ALTER TABLE t DROP COLUMN note;"))},
         {QStringLiteral("003.sql"), test::revisionFile(QStringLiteral("003"), QStringLiteral("002"),
                                                        QStringLiteral("ALTER TABLE t ADD COLUMN z int DEFAULT 1 CHECK (pg_sleep(0.4)::text = '');"),
                                                        QStringLiteral("ALTER TABLE t DROP COLUMN z;"),
                                                        QStringLiteral("-- transactional: false\n"))}});
}

const ObservedLock *findLock(const StatementRun &run, const QString &relation, const QString &mode)
{
    for (const ObservedLock &l : run.locks) {
        if (l.relation == relation && l.mode == mode)
            return &l;
    }
    return nullptr;
}

} // namespace

class TestObservedLocks : public QObject
{
    Q_OBJECT

private slots:
    void locksPerStatementWithHoldTimes()
    {
        test::TempSet set = lockingSet();
        auto loaded = MigrationSet::load(set.path());
        QVERIFY_RESULT(loaded);
        auto settings = test::freshDatabase(QStringLiteral("observedlocks"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        Runner runner(*session, *loaded);
        auto outcome = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(outcome);
        QVERIFY(outcome->completed());
        QCOMPARE(outcome->steps.size(), 3);

        // 001: the table is new; its lock blocks nobody and is not highlighted.
        const StepResult &first = outcome->steps.at(0);
        const ObservedLock *created = findLock(first.statements.at(0), QStringLiteral("public.t"), QStringLiteral("AccessExclusiveLock"));
        QVERIFY(created);
        QVERIFY(created->createdInStep);

        // 002: the ALTER's lock belongs to the ALTER (not to the sleep after it) and is held
        // from then until COMMIT, past the sleep.
        const StepResult &second = outcome->steps.at(1);
        QCOMPARE(second.statements.size(), 2);
        const ObservedLock *alter = findLock(second.statements.at(0), QStringLiteral("public.t"), QStringLiteral("AccessExclusiveLock"));
        QVERIFY2(alter, "the ALTER's ACCESS EXCLUSIVE lock is attributed to it");
        QVERIFY(!alter->createdInStep);
        QVERIFY2(alter->heldMs >= 1200, qPrintable(QString::number(alter->heldMs)));
        QVERIFY(alter->heldMs <= second.durationMs + 1);
        QVERIFY(second.statements.at(1).locks.isEmpty());
        const auto longLocks = second.locksHeldOver(1000);
        QCOMPARE(longLocks.size(), 1);
        QCOMPARE(longLocks.first().statement->line, second.statements.at(0).line);
        QCOMPARE(second.locksHeldOver(5000).size(), 0);

        // 003 runs outside a transaction: its lock is gone when the statement returns, so only
        // the sampler saw it, while the CHECK slept.
        const StepResult &third = outcome->steps.at(2);
        const ObservedLock *sampled = findLock(third.statements.at(0), QStringLiteral("public.t"), QStringLiteral("AccessExclusiveLock"));
        QVERIFY2(sampled, "the sampler saw the lock of a statement outside a transaction");
        QVERIFY(sampled->sampled);
        QVERIFY(sampled->heldMs > 100 && sampled->heldMs <= third.statements.at(0).durationMs + 1);

        // The JSON round trip keeps them.
        QCOMPARE(StepResult::fromJson(second.toJson()), second);
    }

    void cliHighlightsLongLocks()
    {
        test::TempSet set = lockingSet();
        auto settings = test::freshDatabase(QStringLiteral("observedlockscli"));
        QVERIFY_RESULT(settings);
        const test::CliRun run = test::runRevisor({QStringLiteral("upgrade"), QStringLiteral("002"), QStringLiteral("--set"), set.path(),
                                                   QStringLiteral("--db"), settings->conninfo()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("002.sql:")) && run.err.contains(QStringLiteral("held ACCESS EXCLUSIVE on public.t for 1.")),
                 qPrintable(run.err));
        const test::CliRun down = test::runRevisor({QStringLiteral("downgrade"), QStringLiteral("001"), QStringLiteral("--set"), set.path(),
                                                    QStringLiteral("--db"), settings->conninfo(), QStringLiteral("--lock-threshold"), QStringLiteral("30")});
        QCOMPARE(down.exitCode, 0);
        QVERIFY(!down.err.contains(QStringLiteral("held ACCESS EXCLUSIVE")));
        const test::CliRun bad = test::runRevisor({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--set"), set.path(),
                                                   QStringLiteral("--db"), settings->conninfo(), QStringLiteral("--lock-threshold"), QStringLiteral("soon")});
        QCOMPARE(bad.exitCode, 2);
    }

    // One sampler for both watchers: the runner's backend by pid, a child's backends by
    // application_name. Both see the same locks of one backend; a table its open transaction
    // created cannot be named by another connection until it commits, and is named at stop().
    void oneSamplerByPidOrByName()
    {
        auto settings = test::freshDatabase(QStringLiteral("locksampler"));
        QVERIFY_RESULT(settings);
        auto watched = Session::open(*settings, QStringLiteral("revisor-test-watched"));
        QVERIFY_RESULT(watched);
        Session &w = **watched;
        const int pid = w.scalar(QStringLiteral("SELECT pg_backend_pid()"))->toInt();
        QVERIFY(w.exec(QStringLiteral("CREATE TABLE kept (id int)")).has_value());
        LockSampler byPid(*settings, WatchedBackends{pid, {}}, 10);
        LockSampler byName(*settings, WatchedBackends{0, QStringLiteral("revisor-test-watched")}, 10);
        QVERIFY(byPid.waitUntilReady().isEmpty());
        QVERIFY(byName.waitUntilReady().isEmpty());
        QVERIFY(w.exec(QStringLiteral("BEGIN")).has_value());
        QVERIFY(w.exec(QStringLiteral("LOCK TABLE kept IN ACCESS EXCLUSIVE MODE")).has_value());
        QVERIFY(w.exec(QStringLiteral("CREATE TABLE fresh (id int)")).has_value());
        QVERIFY(w.exec(QStringLiteral("SELECT pg_sleep(0.3)")).has_value());
        const auto has = [](const QList<LockSampler::Sample> &samples, const QString &relation, bool named) {
            return std::any_of(samples.cbegin(), samples.cend(), [&](const LockSampler::Sample &s) {
                return s.lock.relation == relation && s.lock.mode == QLatin1String("AccessExclusiveLock") && s.lock.named == named;
            });
        };
        // While the transaction is open: the same locks either way, the new table by OID.
        for (LockSampler *sampler : {&byPid, &byName}) {
            const QList<LockSampler::Sample> seen = sampler->samples();
            QVERIFY(has(seen, QStringLiteral("public.kept"), true));
            QVERIFY(std::any_of(seen.cbegin(), seen.cend(), [](const LockSampler::Sample &s) {
                return !s.lock.named && s.lock.relation.startsWith(QLatin1String("(oid "));
            }));
        }
        QVERIFY(w.exec(QStringLiteral("COMMIT")).has_value());
        const QList<LockSampler::Sample> stopped = byName.stop();
        QVERIFY(has(stopped, QStringLiteral("public.fresh"), true));
        const QList<LockInfo> held = sampledLocks(stopped, byName.intervalMs());
        QVERIFY(!held.isEmpty());
        QCOMPARE(held.first().mode, QStringLiteral("AccessExclusiveLock"));
        for (const LockInfo &l : held) {
            QCOMPARE(l.samplingIntervalMs, 10);
            QVERIFY(!l.relation.startsWith(QLatin1String("pg_toast.")));
            if (l.relation == QLatin1String("public.kept"))
                QVERIFY2(l.heldMs >= 250, qPrintable(QString::number(l.heldMs)));
        }
    }
};

QTEST_GUILESS_MAIN(TestObservedLocks)
#include "tst_observedlocks.moc"
