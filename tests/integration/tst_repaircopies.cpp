// Issue 11, point 6: on every broken copy of the bundled set in the test suite, the repair
// script is generated and verified to bring the rolled-back schema back to the baseline, or
// every difference it leaves is one the script names as unrepairable, with the reason.
// One scratch cluster for the process, a database per copy; a table of the outcome goes to
// the test log.
#include "brokencopies.h"
#include "brokencopy.h"
#include "db/session.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "rehearsal/repairverify.h"
#include "runner/runner.h"
#include "tempset.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

namespace {

struct Row
{
    QString copy;
    qsizetype differences = 0;
    qsizetype repaired = 0;
    qsizetype unrepairable = 0;
    bool verified = false;
};

} // namespace

class TestRepairCopies : public QObject
{
    Q_OBJECT

    QList<Row> m_rows;

private slots:
    void initTestCase() { test::prepareClusterForCatalogKinds(); }

    void everyBrokenCopy_data()
    {
        QTest::addColumn<int>("index");
        const QList<test::BrokenCopy> copies = test::allBrokenCopies();
        for (int i = 0; i < copies.size(); ++i)
            QTest::newRow(qPrintable(copies.at(i).name)) << i;
    }

    void everyBrokenCopy()
    {
        QFETCH(int, index);
        const test::BrokenCopy copy = test::allBrokenCopies().at(index);
        test::TempSet broken(test::bundledSet(), test::brokenCopyFiles(copy));
        auto set = MigrationSet::load(broken.path());
        QVERIFY2(set.has_value(), set ? "" : qPrintable(set.error().toString()));
        auto settings = test::freshDatabase(QStringLiteral("repair_copy"));
        QVERIFY2(settings.has_value(), settings ? "" : qPrintable(settings.error().toString()));
        const std::unique_ptr<Session> session = test::openSession(*settings);
        Rehearsal rehearsal(*session, *set, {});
        auto outcome = rehearsal.run();
        QVERIFY2(outcome.has_value(), outcome ? "" : qPrintable(outcome.error().toString()));
        const RehearsalResult &r = outcome->result;
        QVERIFY2(!r.error, qPrintable(test::describeChecks(r)));
        const ScenarioFacts &facts = outcome->facts;

        Row row{copy.name, r.rollbackDiff.size(), 0, 0, true};
        if (r.rollbackDiff.isEmpty()) {
            // A copy that breaks only data: nothing for a schema repair to do.
            QVERIFY(!findCheck(r.checks, QStringLiteral("schema.repair")));
            m_rows << row;
            return;
        }

        // The rehearsal tried the script; try it again here to see it whole, on the database
        // as the rollback left it (the probes were rolled back).
        Runner runner(*session, *set);
        const RepairVerification v = verifyRepair(*session, facts.rolledBack.schema, facts.baseline.schema,
                                                  SnapshotOptions{runner.versionStore().ownTables(), {}});
        QVERIFY2(v.ran, qPrintable(v.error));
        QVERIFY2(v.failed.isEmpty(), qPrintable(v.summary() + QStringLiteral("\n") + v.script.toSql()));
        // Every difference the script leaves is one it names, with a reason.
        for (const DiffEntry &e : v.remaining.entries) {
            const auto named = std::find_if(v.script.unrepairable.cbegin(), v.script.unrepairable.cend(),
                                            [&e](const UnrepairableDiff &u) { return u.covers(e) && !u.reason.isEmpty(); });
            QVERIFY2(named != v.script.unrepairable.cend(),
                     qPrintable(QStringLiteral("left unexplained: %1\n%2\n%3").arg(e.toText(), v.summary(), v.script.toSql())));
        }
        // The rehearsal's check says the same, and the report carries the script.
        const CheckResult *check = findCheck(r.checks, QStringLiteral("schema.repair"));
        QVERIFY2(check, qPrintable(test::describeChecks(r)));
        QCOMPARE(check->status, v.verified() ? CheckResult::Status::Pass : CheckResult::Status::Warn);
        QVERIFY2(check->detail.startsWith(v.verified() ? QStringLiteral("repair verified: 0 differences") : QStringLiteral("repair leaves")),
                 qPrintable(check->detail));
        for (const UnrepairableDiff &u : v.script.unrepairable)
            QVERIFY2(check->detail.contains(u.text()), qPrintable(check->detail));

        row.unrepairable = v.script.unrepairable.size();
        row.repaired = std::count_if(r.rollbackDiff.entries.cbegin(), r.rollbackDiff.entries.cend(), [&v](const DiffEntry &e) {
            return !std::any_of(v.remaining.entries.cbegin(), v.remaining.entries.cend(), [&e](const DiffEntry &left) {
                return left.objectKind == e.objectKind && left.name == e.name && left.attribute == e.attribute;
            });
        });
        row.verified = v.verified();
        m_rows << row;
    }

    void cleanupTestCase()
    {
        QStringList lines{QStringLiteral("| copy | differences | repaired | unrepairable | verified |"),
                          QStringLiteral("|---|---|---|---|---|")};
        int withDiff = 0, verified = 0;
        for (const Row &row : std::as_const(m_rows)) {
            lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 |").arg(row.copy).arg(row.differences).arg(row.repaired).arg(row.unrepairable)
                         .arg(row.differences == 0 ? QStringLiteral("-") : row.verified ? QStringLiteral("yes") : QStringLiteral("no"));
            if (row.differences > 0) {
                ++withDiff;
                verified += row.verified ? 1 : 0;
            }
        }
        lines << QStringLiteral("%1 broken copies, %2 with schema differences, %3 repair scripts verified to 0 differences, "
                                "%4 with every remaining difference named as unrepairable")
                     .arg(m_rows.size()).arg(withDiff).arg(verified).arg(withDiff - verified);
        qInfo("%s", qPrintable(lines.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestRepairCopies)
#include "tst_repaircopies.moc"
