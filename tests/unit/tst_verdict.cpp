// The verdict of a scenario that stopped: describeStop() names the root cause (the move, the
// file:line, the server's message), the checks whose step never ran are skipped with it as
// their reason, and the headline leads with it. Hand-built facts and results, no database.
#include "builders.h"
#include "checks/checks.h"
#include "rehearsal/rehearsalresult.h"

#include <QTest>

using namespace revisor;
using Verdict = CheckResult::Status;

namespace {

StepResult step(StepResult::Kind kind, const QString &revision, const QString &from, const QString &to)
{
    StepResult s;
    s.kind = kind;
    s.revision = revision;
    s.from = test::rev(from);
    s.to = test::rev(to);
    s.durationMs = 12;
    return s;
}

Error serverError(ErrorKind kind = ErrorKind::Database)
{
    Error e = Error::database(QStringLiteral("division by zero"), QStringLiteral("22012"));
    e.kind = kind;
    e.file = QStringLiteral("/sets/demo/versions/003_x.sql");
    e.line = 241;
    e.revision = QStringLiteral("003");
    return e;
}

// Baseline 001, target 003: the upgrade ran (002, 003), the rollback failed in 003's down.
QList<Phase> phasesWithFailedRollback(ErrorKind kind = ErrorKind::Database)
{
    StepResult failed = step(StepResult::Kind::Downgrade, QStringLiteral("003"), QStringLiteral("003"), QStringLiteral("003"));
    failed.error = serverError(kind);
    return {Phase{QStringLiteral("baseline"), {step(StepResult::Kind::Upgrade, QStringLiteral("001"), {}, QStringLiteral("001"))}, 12},
            Phase{QStringLiteral("upgrade"), {step(StepResult::Kind::Upgrade, QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("002")),
                                              step(StepResult::Kind::Upgrade, QStringLiteral("003"), QStringLiteral("002"), QStringLiteral("003"))}, 24},
            Phase{QStringLiteral("downgrade"), {failed}, 12}};
}

ScenarioFacts stoppedFacts()
{
    ScenarioFacts f;
    f.baselineRevision = test::rev(QStringLiteral("001"));
    f.targetRevision = test::rev(QStringLiteral("003"));
    f.finalRevision = test::rev(QStringLiteral("003"));
    f.baseline.captured = f.upgraded.captured = true;
    f.phases = phasesWithFailedRollback();
    f.scenarioMs = 300;
    const Error e = serverError();
    f.stoppedBy = describeStop(f.phases, f.baselineRevision, f.targetRevision, &e, QStringLiteral("/sets/demo"));
    return f;
}

} // namespace

class TestVerdict : public QObject
{
    Q_OBJECT

private slots:
    void describesTheFailedStep_data()
    {
        QTest::addColumn<QList<Phase>>("phases");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rollback") << phasesWithFailedRollback()
                                  << QStringLiteral("rollback 003 -> 001 failed at versions/003_x.sql:241: division by zero (SQLSTATE 22012)");
        QTest::newRow("cancelled") << phasesWithFailedRollback(ErrorKind::Cancelled)
                                   << QStringLiteral("rollback 003 -> 001 was cancelled at versions/003_x.sql:241: division by zero (SQLSTATE 22012)");
        QList<Phase> upgrade = phasesWithFailedRollback();
        upgrade.removeLast();
        upgrade[1].steps[1].error = serverError();
        QTest::newRow("upgrade") << upgrade << QStringLiteral("upgrade 001 -> 003 failed at versions/003_x.sql:241: division by zero (SQLSTATE 22012)");
        QList<Phase> seed = phasesWithFailedRollback().mid(0, 1);
        StepResult seeded = step(StepResult::Kind::Seed, QStringLiteral("sample"), QStringLiteral("001"), QStringLiteral("001"));
        seeded.error = serverError();
        seed << Phase{QStringLiteral("seed"), {seeded}, 3};
        QTest::newRow("seed") << seed << QStringLiteral("seed sample failed at versions/003_x.sql:241: division by zero (SQLSTATE 22012)");
    }

    void describesTheFailedStep()
    {
        QFETCH(QList<Phase>, phases);
        QFETCH(QString, expected);
        QCOMPARE(describeStop(phases, test::rev(QStringLiteral("001")), test::rev(QStringLiteral("003")), nullptr, QStringLiteral("/sets/demo")), expected);
    }

    void describesAnErrorWithoutAFailedStep()
    {
        QList<Phase> phases = phasesWithFailedRollback();
        phases.removeLast();
        QCOMPARE(describeStop(phases, test::rev(QStringLiteral("001")), test::rev(QStringLiteral("003")), nullptr), QString());
        Error capture = Error::database(QStringLiteral("canceling statement due to statement timeout"), QStringLiteral("57014"));
        QCOMPARE(describeStop(phases, test::rev(QStringLiteral("001")), test::rev(QStringLiteral("003")), &capture),
                 QStringLiteral("stopped early: canceling statement due to statement timeout (SQLSTATE 57014)"));
        // A file outside the set keeps its full path.
        capture.file = QStringLiteral("/elsewhere/seed.sql");
        capture.line = 7;
        QCOMPARE(describeStop(phases, test::rev(QStringLiteral("001")), test::rev(QStringLiteral("003")), &capture, QStringLiteral("/sets/demo")),
                 QStringLiteral("stopped early at /elsewhere/seed.sql:7: canceling statement due to statement timeout (SQLSTATE 57014)"));
    }

    void checksThatCannotBeJudgedAreSkippedWithTheCause()
    {
        const ScenarioFacts f = stoppedFacts();
        auto suite = parseCheckFile(R"({"format":"revisor-checks/1","checks":[
            {"id":"A","assert":"table_present","table":"work_items"},
            {"id":"B","assert":"index_absent","name":"idx_project_repository"},
            {"id":"C","assert":"step_duration_under","step":"downgrade","budget_ms":30000},
            {"id":"D","assert":"downgrade_probe"},
            {"id":"E","assert":"table_absent","table":"work_items","at":"upgraded"}]})", QStringLiteral("x.json"));
        QVERIFY(suite.has_value());
        const QList<CheckResult> all = runAllChecks(f, *suite);
        for (const CheckResult &c : all) {
            QVERIFY2(c.status != Verdict::Fail, qPrintable(c.id + QStringLiteral(": ") + c.detail));
            if (c.status == Verdict::Skip)
                QVERIFY2(c.detail.startsWith(QStringLiteral("not judged: rollback 003 -> 001 failed at versions/003_x.sql:241")),
                         qPrintable(c.id + QStringLiteral(": ") + c.detail));
        }
        for (const char *id : {"A", "B", "C", "D", "schema.identical", "data.preserved", "data.loss-ledger", "data.sequences",
                               "version.restored", "probe.downgrade", "probe.reupgrade", "budget.rollback", "budget.scenario"}) {
            const CheckResult *c = findCheck(all, QLatin1String(id));
            QVERIFY2(c && c->status == Verdict::Skip, id);
        }
        // The upgraded point was captured: its check is judged.
        QCOMPARE(findCheck(all, QStringLiteral("E"))->status, Verdict::Pass);
        QVERIFY(findCheck(all, QStringLiteral("budget.rollback"))->detail.contains(QStringLiteral("(budget 30000 ms)")));
        QVERIFY(findCheck(all, QStringLiteral("version.restored"))->detail.endsWith(QStringLiteral("the version table is at 003")));
    }

    void withoutAStopNothingChanges()
    {
        // A round trip the window has not finished has no recorded stop: a declarative check at
        // a point never reached stays a failure, and a budget without its phase is "not measured".
        ScenarioFacts f = stoppedFacts();
        f.stoppedBy.clear();
        f.phases.removeLast();
        auto suite = parseCheckFile(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":"t"}]})",
                                    QStringLiteral("x.json"));
        QVERIFY(suite.has_value());
        const QList<CheckResult> all = runAllChecks(f, *suite);
        QCOMPARE(findCheck(all, QStringLiteral("A"))->status, Verdict::Fail);
        QCOMPARE(findCheck(all, QStringLiteral("budget.rollback"))->detail, QStringLiteral("not measured (budget 30000 ms)"));
    }

    void headlineLeadsWithTheRootCause()
    {
        RehearsalResult r;
        r.setDirectory = QStringLiteral("/sets/demo");
        r.baselineRevision = test::rev(QStringLiteral("001"));
        r.targetRevision = test::rev(QStringLiteral("003"));
        r.phases = phasesWithFailedRollback();
        r.error = serverError();
        QCOMPARE(r.headline(), QStringLiteral("FAIL: rollback 003 -> 001 failed at versions/003_x.sql:241: division by zero (SQLSTATE 22012)"));

        r.error.reset();
        r.phases.clear();
        CheckResult pass;
        pass.id = QStringLiteral("p");
        r.checks = {pass, pass};
        QCOMPARE(r.headline(), QStringLiteral("PASS: 2 checks passed"));
        CheckResult failed;
        failed.status = Verdict::Fail;
        for (int i = 0; i < 7; ++i) {
            failed.id = QStringLiteral("f%1").arg(i);
            r.checks << failed;
        }
        QCOMPARE(r.headline(), QStringLiteral("FAIL: 7 of 9 checks failed: f0, f1, f2, f3, f4 and 2 more"));
    }

    void budgetsTravelInTheResult()
    {
        RehearsalResult r;
        r.budgets = {1500, 90000};
        auto back = RehearsalResult::fromJson(r.toJson());
        QVERIFY(back.has_value());
        QCOMPARE(back->budgets, r.budgets);
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
