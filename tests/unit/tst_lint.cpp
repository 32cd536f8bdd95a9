// revisor lint: the hazard analysis on the command line, as text, JSON and SARIF 2.1.0.
#include "clirun.h"
#include "tempset.h"
#include "testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace revisor;

namespace {

QString bundledSet()
{
    return test::sourceDir() + QStringLiteral("/migrations/codebase_mcp");
}

} // namespace

class TestLint : public QObject
{
    Q_OBJECT

private slots:
    void textNamesTheHazardsOf002()
    {
        const test::CliRun run = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), bundledSet()});
        QCOMPARE(run.exitCode, 1); // warnings found, --fail-on warning by default
        const QString file = QStringLiteral("002_project_id_and_search_only.sql");
        QVERIFY2(run.out.contains(file + QStringLiteral(":12: warning [every-row-write] code_chunks")), qPrintable(run.out));
        QVERIFY(run.out.contains(file + QStringLiteral(":19: warning [scan-under-lock] repositories: ADD CONSTRAINT ck_repositories_project_id CHECK")));
        QVERIFY(run.out.contains(file + QStringLiteral(":22: warning [scan-under-lock] code_chunks: ADD CONSTRAINT ck_code_chunks_project_id CHECK")));
        QVERIFY(run.out.contains(file + QStringLiteral(":25: warning [index-without-concurrently] repositories: CREATE INDEX idx_project_repository")));
        for (const char *table : {"vendor_deployment_links", "deployment_events", "vendor_test_results", "vendor_extractors", "task_commits",
                                  "task_branches", "tasks", "work_item_dependencies", "work_items"})
            QVERIFY2(run.out.contains(QStringLiteral("[data-deletion] %1: DROP TABLE %1").arg(QLatin1String(table))), table);
        QVERIFY(run.out.contains(QStringLiteral("safer: ADD CONSTRAINT ck_code_chunks_project_id ... NOT VALID")));
    }

    void failOnLevels()
    {
        test::TempSet set({{QStringLiteral("r1.sql"), test::revisionFile(QStringLiteral("r1"), QString(),
                                                                         QStringLiteral("CREATE TABLE a (id int);\n"),
                                                                         QStringLiteral("DROP TABLE a;\n"))},
                           {QStringLiteral("r2.sql"), test::revisionFile(QStringLiteral("r2"), QStringLiteral("r1"),
                                                                         QStringLiteral("ALTER TABLE a ADD COLUMN b int;\n"),
                                                                         QStringLiteral("ALTER TABLE a DROP COLUMN b;\n"))}});
        // r1 down and r2 down delete data (warnings); r2 up only takes a brief lock (a note).
        QCOMPARE(test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), set.path()}).exitCode, 1);
        QCOMPARE(test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), set.path(), QStringLiteral("--fail-on"), QStringLiteral("error")}).exitCode, 0);
        QCOMPARE(test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), set.path(), QStringLiteral("--fail-on"), QStringLiteral("never")}).exitCode, 0);
        const test::CliRun bad = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), set.path(), QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QStringLiteral("--format")));
    }

    // A layout that keeps the down section in a file of its own: the down hazards point at
    // that file, with its lines.
    void downHazardsNameTheDownFile()
    {
        const QString pairs = test::sourceDir() + QStringLiteral("/tests/samples/pairs");
        const test::CliRun run = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), pairs});
        QVERIFY2(run.out.contains(QStringLiteral("1_create_users.down.sql:1: warning [data-deletion] users: DROP TABLE")), qPrintable(run.out));
        QVERIFY2(!run.out.contains(QStringLiteral("1_create_users.up.sql:1: warning [data-deletion]")), qPrintable(run.out));
    }

    void badSqlNamesFileAndLine()
    {
        test::TempSet set({{QStringLiteral("r1.sql"), test::revisionFile(QStringLiteral("r1"), QString(),
                                                                         QStringLiteral("CREATE TABLE a (id int);\n\\i other.sql\n"),
                                                                         QStringLiteral("DROP TABLE a;\n"))}});
        const test::CliRun run = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), set.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("r1.sql:")) && run.err.contains(QStringLiteral("meta-command")), qPrintable(run.err));
    }

    void jsonFormat()
    {
        const test::CliRun run = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), bundledSet(), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject doc = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("revisor-hazards/1"));
        const QJsonArray steps = doc.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 12); // six revisions, up and down
        const QJsonObject last = steps.at(10).toObject();
        QCOMPARE(last.value(QStringLiteral("revision")).toString(), QStringLiteral("002"));
        QCOMPARE(last.value(QStringLiteral("direction")).toString(), QStringLiteral("up"));
        const QJsonObject update = last.value(QStringLiteral("statements")).toArray().at(2).toObject();
        QCOMPARE(update.value(QStringLiteral("line")).toInt(), 12);
        QCOMPARE(update.value(QStringLiteral("predicted_locks")).toArray().first().toObject().value(QStringLiteral("mode")).toString(),
                 QStringLiteral("RowExclusiveLock"));
    }

    // The fields SARIF 2.1.0 requires (and those code review tools need to place a result):
    // version and runs; each run's tool.driver.name; each result's message.text, and a
    // physical location with an artifact URI and a region starting at a line >= 1; a ruleId
    // that the driver's rules define, at ruleIndex; a level from the schema's enumeration.
    void sarifRequiredFields()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("lint.sarif"));
        const test::CliRun run = test::runRevisor({QStringLiteral("lint"), QStringLiteral("--set"), bundledSet(), QStringLiteral("--format"),
                                                   QStringLiteral("sarif"), QStringLiteral("-o"), out});
        QCOMPARE(run.exitCode, 1);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonObject log = QJsonDocument::fromJson(file.readAll(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
        QVERIFY(log.value(QStringLiteral("$schema")).toString().contains(QStringLiteral("sarif-2.1.0")));
        const QJsonArray runs = log.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        const QJsonObject driver = runs.first()[QStringLiteral("tool")][QStringLiteral("driver")].toObject();
        QCOMPARE(driver.value(QStringLiteral("name")).toString(), QStringLiteral("revisor"));
        const QJsonArray rules = driver.value(QStringLiteral("rules")).toArray();
        QVERIFY(!rules.isEmpty());
        QStringList ruleIds;
        for (const QJsonValue &r : rules) {
            ruleIds << r[QStringLiteral("id")].toString();
            QVERIFY(!r[QStringLiteral("shortDescription")][QStringLiteral("text")].toString().isEmpty());
        }
        const QJsonObject srcRoot = runs.first()[QStringLiteral("originalUriBaseIds")][QStringLiteral("SRCROOT")].toObject();
        QVERIFY(srcRoot.value(QStringLiteral("uri")).toString().startsWith(QStringLiteral("file:///")));
        QVERIFY(srcRoot.value(QStringLiteral("uri")).toString().endsWith(QLatin1Char('/')));
        const QJsonArray results = runs.first()[QStringLiteral("results")].toArray();
        QVERIFY(results.size() >= 14);
        int on002 = 0;
        for (const QJsonValue &v : results) {
            const QJsonObject r = v.toObject();
            const QString ruleId = r.value(QStringLiteral("ruleId")).toString();
            QVERIFY2(ruleIds.contains(ruleId), qPrintable(ruleId));
            QCOMPARE(r.value(QStringLiteral("ruleIndex")).toInt(), ruleIds.indexOf(ruleId));
            QVERIFY((QStringList{QStringLiteral("none"), QStringLiteral("note"), QStringLiteral("warning"), QStringLiteral("error")})
                        .contains(r.value(QStringLiteral("level")).toString()));
            QVERIFY(!r[QStringLiteral("message")][QStringLiteral("text")].toString().isEmpty());
            const QJsonObject physical = r[QStringLiteral("locations")][0][QStringLiteral("physicalLocation")].toObject();
            const QString uri = physical[QStringLiteral("artifactLocation")][QStringLiteral("uri")].toString();
            QVERIFY(!uri.isEmpty());
            QVERIFY(physical[QStringLiteral("region")][QStringLiteral("startLine")].toInt() >= 1);
            if (uri.endsWith(QLatin1String("002_project_id_and_search_only.sql")))
                ++on002;
        }
        QVERIFY(on002 >= 14);
    }
};

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
