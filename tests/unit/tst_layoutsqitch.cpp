// The Sqitch reader: the plan's changes, tags, dependencies and reworked changes, the
// transaction wrappers, verify scripts, and change ids checked against the real `sqitch`.
#include "migrations/layouts/sqitchplan.h"
#include "migrations/setreaders.h"
#include "resultassert.h"
#include "testserver.h"
#include "treefiles.h"

#include <QProcess>
#include <QTest>

using namespace revisor;
using test::TempTree;

namespace {

QString sample() { return test::samplePath(test::sourceDir(), QStringLiteral("sqitch")); }

const QByteArray kPlanHead = "%syntax-version=1.0.0\n%project=t\n\n";

} // namespace

class TestLayoutSqitch : public QObject
{
    Q_OBJECT

private slots:
    void sampleChanges()
    {
        auto set = MigrationSet::load(sample());
        QVERIFY_RESULT(set);
        QCOMPARE(set->format(), QStringLiteral("sqitch"));
        QStringList ids;
        for (const Revision &r : set->revisions())
            ids << r.id;
        // The reworked change's earlier version is named as Sqitch names its scripts.
        QCOMPARE(ids.join(u' '), QStringLiteral("appschema products price_of@v1.0 discounts price_of"));
        const Revision &schema = set->revisions().at(0);
        QCOMPARE(schema.message, QStringLiteral("Schema for the shop."));
        QVERIFY(schema.transactional); // BEGIN; ... COMMIT; recognised
        QVERIFY(!schema.upSql.contains(QLatin1String("BEGIN")));
        QVERIFY(schema.upSql.contains(QLatin1String("CREATE SCHEMA shop;")));
        // The wrapper is blanked out, so the statement keeps its line.
        auto statements = splitSection(schema, true);
        QVERIFY_RESULT(statements);
        QCOMPARE(statements->size(), 1);
        QCOMPARE(statements->constFirst().line, 5);
        QVERIFY(schema.sectionFile(false).endsWith(QLatin1String("revert/appschema.sql")));
        QVERIFY(schema.verifyFile.endsWith(QLatin1String("verify/appschema.sql")));
        QVERIFY(set->revisions().at(2).file.endsWith(QLatin1String("deploy/price_of@v1.0.sql")));
        // No wrapper: statement by statement, as Sqitch runs it.
        QVERIFY(!set->revisions().at(3).transactional);
        QVERIFY(set->revisions().at(3).transactionalFor(false));
        // The untouched revert template of the rework does nothing.
        QVERIFY(downHasNoEffect(set->revisions().at(4)));
        QVERIFY(!downHasNoEffect(set->revisions().at(3)));
    }

    // The ids Revisor computes are the ones Sqitch computes from the same plan.
    void changeIdsMatchSqitch()
    {
        QProcess sqitch;
        sqitch.setWorkingDirectory(sample());
        sqitch.start(QStringLiteral("sqitch"), {QStringLiteral("plan"), QStringLiteral("--no-headers"), QStringLiteral("--format"), QStringLiteral("format:%H %n")});
        QVERIFY2(sqitch.waitForFinished(60000), "sqitch (Debian package sqitch) must be installed");
        QCOMPARE(sqitch.exitCode(), 0);
        QStringList fromSqitch = QString::fromUtf8(sqitch.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        auto plan = readSqitchPlan(sample());
        QVERIFY_RESULT(plan);
        QStringList ours;
        for (const SqitchChange &c : plan->changes)
            ours << c.id + u' ' + c.name;
        QCOMPARE(ours, fromSqitch);
    }

    void dependenciesAndTags()
    {
        auto plan = readSqitchPlan(sample());
        QVERIFY_RESULT(plan);
        const SqitchChange &v1 = plan->changes.at(2);
        QCOMPARE(v1.tags.size(), 1);
        QCOMPARE(v1.tags.constFirst().name, QStringLiteral("v1.0"));
        QCOMPARE(v1.tags.constFirst().id.size(), 40);
        const SqitchChange &rework = plan->changes.at(4);
        QCOMPARE(rework.dependencies.size(), 2);
        QCOMPARE(rework.dependencies.at(0).text, QStringLiteral("price_of@v1.0"));
        QCOMPARE(rework.dependencies.at(0).resolvedId, v1.id);
        QCOMPARE(rework.dependencies.at(1).resolvedId, plan->changes.at(3).id);
        QCOMPARE(rework.scriptHash.size(), 40);
    }

    void malformedPlansNameTheLine()
    {
        {
            TempTree tree({{QStringLiteral("sqitch.plan"), kPlanHead + "a 2024-01-01T00:00:00Z A <a@b>\nb [nothing] 2024-01-01T00:00:00Z A <a@b>\n"},
                           {QStringLiteral("deploy/a.sql"), "SELECT 1;"}, {QStringLiteral("deploy/b.sql"), "SELECT 1;"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("sqitch.plan")), 5);
        }
        {
            TempTree tree({{QStringLiteral("sqitch.plan"), kPlanHead + "a 2024-01-01\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("sqitch.plan")), 4);
        }
        {
            // Reworked without a tag in between.
            TempTree tree({{QStringLiteral("sqitch.plan"), kPlanHead + "a 2024-01-01T00:00:00Z A <a@b>\na 2024-01-01T00:00:01Z A <a@b>\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("sqitch.plan")), 5);
        }
        {
            // A BEGIN without its COMMIT is not a wrapper; the splitter refuses it with its line.
            TempTree tree({{QStringLiteral("sqitch.plan"), kPlanHead + "a 2024-01-01T00:00:00Z A <a@b>\n"},
                           {QStringLiteral("deploy/a.sql"), "-- Deploy\n\nBEGIN;\nCREATE TABLE a (x int);\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("deploy/a.sql")), 3);
        }
        {
            TempTree tree({{QStringLiteral("sqitch.plan"), kPlanHead + "a 2024-01-01T00:00:00Z A <a@b>\n"}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("sqitch.plan")), 4);
        }
    }
};

QTEST_GUILESS_MAIN(TestLayoutSqitch)
#include "tst_layoutsqitch.moc"
