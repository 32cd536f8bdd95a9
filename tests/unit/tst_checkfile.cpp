// The checks-file parser: every malformed file is an error naming file, line, check and key;
// defaults and values of a valid file; the bundled suite loads.
#include "checks/checks.h"
#include "migrations/migrationset.h"
#include "resultassert.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

class TestCheckFile : public QObject
{
    Q_OBJECT

private slots:
    void parseDefaultsAndValues()
    {
        auto suite = parseCheckFile(R"({"format":"revisor-checks/1","expected_data_loss":"tasks","checks":[
            {"id":"A","assert":"table_present","table":"work_items"},
            {"id":"B","assert":"query_equals","sql":"SELECT true","expect":true,"at":"upgraded"},
            {"id":"C","assert":"query_equals","sql":"SELECT 1.5","expect":1.5},
            {"id":"D","assert":"step_duration_under","step":"scenario","budget_ms":60000}]})", QStringLiteral("c.json"));
        QVERIFY_RESULT(suite);
        QCOMPARE(suite->expectedDataLoss, QStringList{QStringLiteral("public.tasks")});
        QCOMPARE(suite->checks.size(), qsizetype(4));
        const CheckSpec &a = suite->checks.at(0);
        QCOMPARE(a.at, QStringLiteral("rolled_back"));
        QCOMPARE(a.schema, QStringLiteral("public"));
        QCOMPARE(a.tables, QStringList{QStringLiteral("public.work_items")});
        QCOMPARE(a.file, QStringLiteral("c.json"));
        QCOMPARE(a.index, 0);
        QVERIFY(!a.title.isEmpty());
        QCOMPARE(suite->checks.at(1).expect, QStringLiteral("t"));
        QCOMPARE(suite->checks.at(1).at, QStringLiteral("upgraded"));
        QCOMPARE(suite->checks.at(2).expect, QStringLiteral("1.5"));
        QCOMPARE(suite->checks.at(3).budgetMs, 60000.0);
        QCOMPARE(suite->checks.at(3).index, 3);
    }

    void bundledSuiteLoads()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        auto suite = loadCheckSuite(*set);
        QVERIFY_RESULT(suite);
        QStringList ids;
        for (const CheckSpec &spec : suite->checks) {
            ids << spec.id;
            QVERIFY(knownAssertions().contains(spec.assertion));
            QVERIFY(spec.file.endsWith(QLatin1String("seed_checks.json")));
        }
        for (const char *id : {"V1.3", "V2.2", "V3.2", "V4.3", "V5.5", "data.paths", "data.contents", "data.embeddings",
                               "idempotency", "perf.rollback", "perf.scenario"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QCOMPARE(ids.removeDuplicates(), qsizetype(0));
        QCOMPARE(suite->expectedDataLoss.size(), qsizetype(9));
        QVERIFY(suite->expectedDataLoss.contains(QStringLiteral("public.vendor_deployment_links")));
    }

    void parseErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("needle");
        QTest::newRow("invalid JSON") << QByteArray("{\n  \"format\": \"revisor-checks/1\",\n  \"checks\": [ { \"id\": \"A\", }\n]}") << 3
                                      << QStringLiteral("invalid JSON");
        QTest::newRow("wrong format") << QByteArray(R"({"format":"revisor-checks/2","checks":[]})") << 0 << QStringLiteral("revisor-checks/1");
        QTest::newRow("no format") << QByteArray(R"({"checks":[]})") << 0 << QStringLiteral("\"format\"");
        QTest::newRow("unknown assert") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_exists","table":"t"}]})")
                                        << 0 << QStringLiteral("check #1 (A): unknown \"assert\": \"table_exists\"");
        QTest::newRow("missing id") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":"t"},{"assert":"table_present","table":"t"}]})")
                                    << 0 << QStringLiteral("check #2: missing \"id\"");
        // Not a raw string: moc 6.4 trips on the unbalanced parenthesis inside one and skips the class.
        QTest::newRow("bad pattern") << QByteArray("{\"format\":\"revisor-checks/1\",\"checks\":[{\"id\":\"A\",\"assert\":\"index_absent\",\"pattern\":\"(project\"}]}")
                                     << 0 << QStringLiteral("check #1 (A): invalid \"pattern\"");
        QTest::newRow("missing sql") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"Q","assert":"query_equals","expect":"1"}]})")
                                     << 0 << QStringLiteral("check #1 (Q): \"sql\" and \"expect\"");
        QTest::newRow("missing expect") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"Q","assert":"query_equals","sql":"SELECT 1"}]})")
                                        << 0 << QStringLiteral("check #1 (Q): \"sql\" and \"expect\"");
        QTest::newRow("bad point") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":"t","at":"later"}]})")
                                   << 0 << QStringLiteral("check #1 (A): \"at\"");
        QTest::newRow("table required") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present"}]})")
                                        << 0 << QStringLiteral("\"table\" is required");
        QTest::newRow("column required") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"column_absent","table":"t"}]})")
                                         << 0 << QStringLiteral("\"column\" or \"pattern\"");
        QTest::newRow("name required") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"constraint_absent"}]})")
                                       << 0 << QStringLiteral("\"name\" or \"pattern\"");
        // Strict validation: a check file that says something Revisor does not understand is an
        // error, never a check silently skipped or weakened.
        QTest::newRow("root not an object") << QByteArray(R"([{"format":"revisor-checks/1"}])") << 0
                                            << QStringLiteral("must be a JSON object");
        QTest::newRow("checks is an object")
            << QByteArray(R"({"format":"revisor-checks/1","checks":{"id":"A","assert":"table_present","table":"t"}})") << 0
            << QStringLiteral("\"checks\" must be a list of checks, got an object");
        QTest::newRow("checks missing") << QByteArray(R"({"format":"revisor-checks/1"})") << 0
                                        << QStringLiteral("\"checks\" must be a list of checks, got nothing");
        QTest::newRow("checks empty") << QByteArray(R"({"format":"revisor-checks/1","checks":[]})") << 0
                                      << QStringLiteral("\"checks\" is empty");
        QTest::newRow("unknown top-level key")
            << QByteArray(R"({"format":"revisor-checks/1","expected_dataloss":["t"],"checks":[{"id":"A","assert":"table_present","table":"t"}]})")
            << 0 << QStringLiteral("unknown key \"expected_dataloss\" (did you mean \"expected_data_loss\"?)");
        QTest::newRow("expected_data_loss not names")
            << QByteArray(R"({"format":"revisor-checks/1","expected_data_loss":{"t":1},"checks":[{"id":"A","assert":"table_present","table":"t"}]})")
            << 0 << QStringLiteral("\"expected_data_loss\" must be a table name or a list of table names");
        QTest::newRow("check not an object") << QByteArray(R"({"format":"revisor-checks/1","checks":["A"]})") << 0
                                             << QStringLiteral("check #1: must be an object, got a string");
        QTest::newRow("misspelled at")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":"t","att":"upgraded"}]})")
            << 0 << QStringLiteral("check #1 (A): unknown key \"att\" (did you mean \"at\"?)");
        QTest::newRow("unknown key, no near miss")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":"t"},{"id":"B","assert":"table_present","table":"t","severity":"high"}]})")
            << 0 << QStringLiteral("check #2 (B): unknown key \"severity\"");
        QTest::newRow("key of another assertion")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_absent","table":"t","column":"x"}]})")
            << 0 << QStringLiteral("check #1 (A): key \"column\" does not apply to table_absent");
        QTest::newRow("at on a probe")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"P","assert":"downgrade_probe","at":"upgraded"}]})")
            << 0 << QStringLiteral("check #1 (P): key \"at\" does not apply to downgrade_probe");
        QTest::newRow("expect is an object")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"Q","assert":"query_equals","sql":"SELECT 1","expect":{"value":1}}]})")
            << 0 << QStringLiteral("check #1 (Q): \"expect\" must be a string, a number or true/false, got an object");
        QTest::newRow("expect is null")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"Q","assert":"query_equals","sql":"SELECT 1","expect":null}]})")
            << 0 << QStringLiteral("check #1 (Q): \"expect\" must be a string, a number or true/false, got null");
        QTest::newRow("table is a number")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":5}]})")
            << 0 << QStringLiteral("check #1 (A): \"table\" must be a table name or a list of table names, got a number");
        QTest::newRow("table list holds a number")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"A","assert":"table_present","table":["t",5]}]})")
            << 0 << QStringLiteral("check #1 (A): \"table\" must be a table name or a list of table names");
        QTest::newRow("budget_ms is a string")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"D","assert":"step_duration_under","step":"upgrade","budget_ms":"100"}]})")
            << 0 << QStringLiteral("check #1 (D): \"budget_ms\" must be a number, got a string");
        QTest::newRow("id is a number")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":7,"assert":"table_present","table":"t"}]})")
            << 0 << QStringLiteral("check #1: \"id\" must be a string, got a number");
        QTest::newRow("sql is a list")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"Q","assert":"query_equals","sql":["SELECT 1"],"expect":"1"}]})")
            << 0 << QStringLiteral("check #1 (Q): \"sql\" must be a string, got a list");
        QTest::newRow("misspelled step")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"D","assert":"step_duration_under","step":"downgade","budget_ms":100}]})")
            << 0 << QStringLiteral("check #1 (D): \"step\" must be one of baseline, seed, upgrade, downgrade, scenario, got \"downgade\"");
        QTest::newRow("misspelled constraint_type")
            << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"K","assert":"constraint_absent","constraint_type":"chek","pattern":"x"}]})")
            << 0 << QStringLiteral("check #1 (K): \"constraint_type\" must be one of");
        QTest::newRow("budget required") << QByteArray(R"({"format":"revisor-checks/1","checks":[{"id":"D","assert":"step_duration_under","step":"downgrade"}]})")
                                         << 0 << QStringLiteral("positive \"budget_ms\"");
    }

    void parseErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(QString, needle);
        const QString file = QStringLiteral("/sets/demo/checks/broken.json");
        auto suite = parseCheckFile(json, file);
        QVERIFY_INPUT_ERROR(suite, file, line);
        const Error &e = suite.error();
        QVERIFY2(e.toString().startsWith(file), qPrintable(e.toString()));
        QVERIFY2(e.message.contains(needle), qPrintable(e.message));
    }
};

QTEST_GUILESS_MAIN(TestCheckFile)
#include "tst_checkfile.moc"
