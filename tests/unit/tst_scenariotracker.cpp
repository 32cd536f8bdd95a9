// The interactive session's round trip: which captures become baseline, upgraded and rolled
// back as the user steps, the facts and checks built from them, on hand-built points.
#include "checks/checkspec.h"
#include "resultassert.h"
#include "migrations/migrationset.h"
#include "rehearsal/scenariotracker.h"

#include "builders.h"
#include "testserver.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace revisor;
using Verdict = CheckResult::Status;

namespace {

Table table(const QString &name, const QStringList &columnNames)
{
    return test::table(name, test::columns(columnNames));
}

// The bundled set's shape in miniature: at 005 repositories and code_chunks (and tasks, which
// 002 drops); at 002 both have project_id and an index, tasks is gone.
InspectionPoint point(const QString &revision, bool upgraded, int chunks = 4, const QString &extraIndex = {})
{
    InspectionPoint p;
    p.revision = test::rev(revision);
    p.captured = true;
    p.captureMs = 5;
    Table repositories = table(QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path")});
    Table codeChunks = table(QStringLiteral("code_chunks"), {QStringLiteral("id"), QStringLiteral("content")});
    QList<QStringList> repoRows{{QStringLiteral("1"), QStringLiteral("/a")}, {QStringLiteral("2"), QStringLiteral("/b")}};
    QList<QStringList> chunkRows;
    for (int i = 1; i <= chunks; ++i)
        chunkRows << QStringList{QString::number(i), QStringLiteral("chunk %1").arg(i)};
    QStringList repoColumns{QStringLiteral("id"), QStringLiteral("path")};
    if (upgraded) {
        repositories = table(QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path"), QStringLiteral("project_id")});
        Index idx;
        idx.name = QStringLiteral("idx_project_repository");
        idx.definition = QStringLiteral("CREATE INDEX idx_project_repository ON public.repositories USING btree (project_id, id)");
        repositories.indexes << idx;
        repoColumns << QStringLiteral("project_id");
        for (QStringList &r : repoRows)
            r << QStringLiteral("default");
    }
    if (!extraIndex.isEmpty()) {
        Index idx;
        idx.name = extraIndex;
        idx.definition = QStringLiteral("CREATE INDEX %1 ON public.repositories USING btree (path)").arg(extraIndex);
        repositories.indexes << idx;
    }
    p.schema.tables << codeChunks << repositories;
    p.data.tables << TableData::fromValues(QStringLiteral("public"), QStringLiteral("code_chunks"), {QStringLiteral("id"), QStringLiteral("content")},
                                           {QStringLiteral("id")}, chunkRows)
                  << TableData::fromValues(QStringLiteral("public"), QStringLiteral("repositories"), repoColumns, {QStringLiteral("id")}, repoRows);
    if (!upgraded) {
        p.schema.tables << table(QStringLiteral("tasks"), {QStringLiteral("id")});
        p.data.tables << TableData::fromValues(QStringLiteral("public"), QStringLiteral("tasks"), {QStringLiteral("id")}, {QStringLiteral("id")}, {});
    }
    return p;
}

using test::step;

const auto Up = StepResult::Kind::Upgrade;
const auto Down = StepResult::Kind::Downgrade;
const auto Seed = StepResult::Kind::Seed;

CheckSuite suite()
{
    const QByteArray json = R"({"format": "revisor-checks/1", "expected_data_loss": ["public.tasks"], "checks": [
        {"id": "V1.3", "title": "project_id removed", "at": "rolled_back", "assert": "column_absent",
         "table": ["public.repositories"], "column": "project_id"},
        {"id": "V3.2", "title": "index removed", "at": "rolled_back", "assert": "index_absent", "schema": "public", "name": "idx_project_repository"},
        {"id": "V4.3", "title": "tasks restored", "at": "rolled_back", "assert": "table_present", "table": ["public.tasks"]},
        {"id": "V5.5", "title": "row counts", "at": "rolled_back", "assert": "row_count_equals_baseline", "table": ["public.repositories", "public.code_chunks"]}
    ]})";
    auto s = parseCheckFile(json, QStringLiteral("test.json"));
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}

const CheckResult *find(const QList<CheckResult> &checks, const QString &id)
{
    return findCheck(checks, id);
}

} // namespace

class TestScenarioTracker : public QObject
{
    Q_OBJECT

    MigrationSet m_set;

    ScenarioTracker tracker()
    {
        ScenarioTracker t;
        t.setMigrationSet(m_set);
        t.setSuite(suite());
        t.setBaselineRevision(test::rev(QStringLiteral("005")));
        return t;
    }

    // Connect (base), apply the baseline (5 steps), seed: the state before the round trip.
    void atBaseline(ScenarioTracker &t)
    {
        InspectionPoint empty;
        empty.captured = true;
        t.record({}, empty);
        QList<StepResult> baseline;
        QString from;
        for (const char *id : {"001", "003", "003a", "003b", "005"}) {
            const QString r = QString::fromLatin1(id);
            baseline << step(Up, r, from, r);
            from = r;
        }
        t.record(baseline, point(QStringLiteral("005"), false, 0));
        t.setSeedParameters(QStringLiteral("sample"), {{QStringLiteral("repos"), QStringLiteral("2")}});
        t.record({step(Seed, QStringLiteral("sample"), QStringLiteral("005"), QStringLiteral("005"))}, point(QStringLiteral("005"), false));
    }

private slots:
    void initTestCase()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        m_set = *set;
    }

    void labels_data()
    {
        QTest::addColumn<QList<StepResult>>("steps");
        QTest::addColumn<QString>("revision");
        QTest::addColumn<QString>("label");
        QTest::newRow("none") << QList<StepResult>{} << QString() << QStringLiteral("current state (base)");
        QTest::newRow("up") << QList<StepResult>{step(Up, "002", "005", "002")} << QStringLiteral("002") << QStringLiteral("after step up (002)");
        QTest::newRow("ups") << QList<StepResult>{step(Up, "001", "", "001"), step(Up, "003", "001", "003")} << QStringLiteral("003")
                             << QStringLiteral("after 2 steps up (003)");
        QTest::newRow("down") << QList<StepResult>{step(Down, "002", "002", "005")} << QStringLiteral("005") << QStringLiteral("after step down (005)");
        QTest::newRow("seed") << QList<StepResult>{step(Seed, "sample", "005", "005")} << QStringLiteral("005") << QStringLiteral("after seed sample (005)");
        StepResult failed = step(Up, "002", "005", "005");
        failed.error = Error::database(QStringLiteral("boom"));
        QTest::newRow("failed") << QList<StepResult>{failed} << QStringLiteral("005") << QStringLiteral("after step up, failed (005)");
    }

    void labels()
    {
        QFETCH(QList<StepResult>, steps);
        QFETCH(QString, revision);
        QFETCH(QString, label);
        QCOMPARE(ScenarioTracker::labelFor(steps, test::rev(revision)), label);
    }

    void seedScenarioPasses()
    {
        ScenarioTracker t = tracker();
        atBaseline(t);
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Idle);
        SessionPoints v = t.view();
        QCOMPARE(v.baseline, 2);  // the seeded capture, not the empty one before the seed
        QVERIFY(!v.baselineFixed);
        QVERIFY(v.state.contains(QStringLiteral("At the baseline 005")));

        t.record({step(Up, QStringLiteral("002"), QStringLiteral("005"), QStringLiteral("002"), 40)}, point(QStringLiteral("002"), true));
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Upgraded);
        QVERIFY(!t.needsProbes());
        QCOMPARE(t.targetRevision(), test::rev(QStringLiteral("002")));
        t.record({step(Down, QStringLiteral("002"), QStringLiteral("002"), QStringLiteral("005"), 30)}, point(QStringLiteral("005"), false));
        QVERIFY(t.isComplete());
        QVERIFY(t.needsProbes());
        t.setProbes(test::passedProbe(QStringLiteral("005"), QStringLiteral("003b"), 3),
                    test::passedProbe(QStringLiteral("005"), QStringLiteral("002"), 4));
        QVERIFY(!t.needsProbes());

        v = t.view();
        QCOMPARE(v.points.size(), 5);
        QCOMPARE(v.baseline, 2);
        QCOMPARE(v.upgraded, 3);
        QCOMPARE(v.rolledBack, 4);
        QVERIFY(v.baselineFixed);
        QCOMPARE(v.points.at(3).label, QStringLiteral("after step up (002)"));
        QVERIFY2(v.state.contains(QStringLiteral("005 → 002 → 005")), qPrintable(v.state));

        const ScenarioFacts f = t.facts();
        QStringList phases;
        for (const Phase &p : f.phases)
            phases << p.name;
        QCOMPARE(phases, (QStringList{"baseline", "seed", "upgrade", "downgrade"}));
        QCOMPARE(f.phases.first().steps.size(), 5);
        QCOMPARE(f.durationOf(QStringLiteral("downgrade")), 30.0);
        QCOMPARE(f.finalRevision, test::rev(QStringLiteral("005")));
        QCOMPARE(f.baseline.name, QStringLiteral("baseline"));
        QCOMPARE(f.rolledBack.name, QStringLiteral("rolled_back"));
        // 5 x 10 + seed 10 + 40 + 30 of steps, 3 x 5 of captures, 7 of probes
        QCOMPARE(f.scenarioMs, 152.0);

        const QList<CheckResult> checks = t.checks();
        for (const CheckResult &c : checks)
            QVERIFY2(c.status == Verdict::Pass || c.status == Verdict::Warn, qPrintable(c.id + QStringLiteral(": ") + c.detail));
        for (const char *id : {"V1.3", "V3.2", "V4.3", "V5.5", "schema.identical", "data.preserved", "version.restored",
                                  "probe.downgrade", "probe.reupgrade", "budget.rollback", "budget.scenario"}) {
            const CheckResult *c = find(checks, QString::fromLatin1(id));
            QVERIFY2(c, id);
            QCOMPARE(c->status, Verdict::Pass);
        }

        RehearsalResult context;
        context.database = QStringLiteral("postgresql:///demo");
        const RehearsalResult r = t.result(context);
        QCOMPARE(r.database, QStringLiteral("postgresql:///demo"));
        QCOMPARE(r.setName, m_set.name());
        QCOMPARE(r.baselineRevision, test::rev(QStringLiteral("005")));
        QCOMPARE(r.targetRevision, test::rev(QStringLiteral("002")));
        QCOMPARE(r.finalRevision, test::rev(QStringLiteral("005")));
        QCOMPARE(r.seed, QStringLiteral("sample"));
        QCOMPARE(r.seedParameters.value(QStringLiteral("repos")), QStringLiteral("2"));
        QVERIFY(r.rollbackDiff.isEmpty());
        QVERIFY(!r.upgradeDiff.isEmpty());
        QCOMPARE(r.rowsUpgraded.value(QStringLiteral("public.code_chunks")), 4);
        QVERIFY(r.passed());
        QVERIFY(r.startedAt.isValid());
        QCOMPARE(r.allSteps().size(), 8);
    }

    void brokenRollbackFails()
    {
        ScenarioTracker t = tracker();
        atBaseline(t);
        t.record({step(Up, QStringLiteral("002"), QStringLiteral("005"), QStringLiteral("002"))}, point(QStringLiteral("002"), true));
        t.record({step(Down, QStringLiteral("002"), QStringLiteral("002"), QStringLiteral("005"))},
                 point(QStringLiteral("005"), false, 3, QStringLiteral("extra_idx")));
        const QList<CheckResult> checks = t.checks();
        QVERIFY(checks.first().failed());  // failing first
        const CheckResult *schema = find(checks, QStringLiteral("schema.identical"));
        QVERIFY(schema && schema->failed());
        QVERIFY2(schema->detail.contains(QStringLiteral("extra_idx")), qPrintable(schema->detail));
        QVERIFY(find(checks, QStringLiteral("V5.5"))->failed());
        QVERIFY(find(checks, QStringLiteral("data.preserved"))->failed());
        QVERIFY(!t.result().passed());
    }

    void stepsBelowTheBaselineDoNotStartTheRoundTrip()
    {
        ScenarioTracker t = tracker();
        InspectionPoint empty;
        empty.captured = true;
        t.record({}, empty);
        t.record({step(Up, QStringLiteral("001"), QString(), QStringLiteral("001"))}, point(QStringLiteral("001"), false, 0));
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Idle);
        QCOMPARE(t.view().baseline, -1);
        QVERIFY(t.view().state.startsWith(QStringLiteral("Apply the baseline 005")));
        // A failed step up from the baseline leaves it there: no round trip either.
        StepResult failed = step(Up, QStringLiteral("002"), QStringLiteral("005"), QStringLiteral("005"));
        failed.error = Error::database(QStringLiteral("boom"));
        t.record({}, point(QStringLiteral("005"), false));
        t.record({failed}, point(QStringLiteral("005"), false));
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Idle);
        QCOMPARE(t.view().baseline, 3);
    }

    void partialRollbackAndReset()
    {
        ScenarioTracker t = tracker();
        t.setBaselineRevision(test::rev(QStringLiteral("003b")));
        t.record({}, point(QStringLiteral("003b"), false));
        t.record({step(Up, QStringLiteral("005"), QStringLiteral("003b"), QStringLiteral("005"))}, point(QStringLiteral("005"), false));
        t.record({step(Up, QStringLiteral("002"), QStringLiteral("005"), QStringLiteral("002"))}, point(QStringLiteral("002"), true));
        QCOMPARE(t.view().upgraded, 2);
        QCOMPARE(t.targetRevision(), test::rev(QStringLiteral("002")));
        t.record({step(Down, QStringLiteral("002"), QStringLiteral("002"), QStringLiteral("005"))}, point(QStringLiteral("005"), false));
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Upgraded);  // not back at 003b yet
        QCOMPARE(t.view().upgraded, 2);
        t.record({step(Down, QStringLiteral("005"), QStringLiteral("005"), QStringLiteral("003b"))}, point(QStringLiteral("003b"), false));
        QVERIFY(t.isComplete());
        QCOMPARE(t.facts().durationOf(QStringLiteral("downgrade")), 20.0);
        QCOMPARE(t.facts().phases.size(), 2);  // no baseline or seed steps were recorded

        t.databaseReset();
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Idle);
        QCOMPARE(t.view().rolledBack, -1);
        QCOMPARE(t.view().points.size(), 5);  // the captures stay for the diff
    }

    void adoptsARehearsal()
    {
        ScenarioFacts f;
        f.baselineRevision = test::rev(QStringLiteral("005"));
        f.targetRevision = test::rev(QStringLiteral("002"));
        f.finalRevision = test::rev(QStringLiteral("005"));
        f.baseline = point(QStringLiteral("005"), false);
        f.upgraded = point(QStringLiteral("002"), true);
        f.rolledBack = point(QStringLiteral("005"), false);
        f.phases << Phase{QStringLiteral("upgrade"), {step(Up, "002", "005", "002")}, 10}
                 << Phase{QStringLiteral("downgrade"), {step(Down, "002", "002", "005")}, 10};
        f.downgradeProbe = test::passedProbe(QStringLiteral("005"), QStringLiteral("003b"), 1);
        f.reupgradeProbe = test::passedProbe(QStringLiteral("005"), QStringLiteral("002"), 1);
        ScenarioTracker t = tracker();
        t.adopt(f);
        QVERIFY(t.isComplete());
        QVERIFY(!t.needsProbes());
        const SessionPoints v = t.view();
        QCOMPARE(v.points.size(), 3);
        QCOMPARE(v.rolledBack, 2);
        QCOMPARE(v.points.at(0).label, QStringLiteral("rehearsal baseline (005)"));
        QCOMPARE(find(t.checks(), QStringLiteral("schema.identical"))->status, Verdict::Pass);
        // Stepping on from the rolled-back state starts a new round trip from it.
        t.record({step(Up, QStringLiteral("002"), QStringLiteral("005"), QStringLiteral("002"))}, point(QStringLiteral("002"), true));
        QCOMPARE(t.stage(), ScenarioTracker::Stage::Upgraded);
        QCOMPARE(t.view().baseline, 2);
    }
};

QTEST_GUILESS_MAIN(TestScenarioTracker)
#include "tst_scenariotracker.moc"
