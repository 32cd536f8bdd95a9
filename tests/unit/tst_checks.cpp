// Check logic on hand-built facts: every declarative assertion passing and failing, and the
// generic round-trip checks. The checks-file parser is tested in tst_checkfile.
#include "checks/checks.h"
#include "resultassert.h"
#include "migrations/migrationset.h"

#include "testserver.h"

#include "builders.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <functional>

using namespace revisor;
using Verdict = CheckResult::Status;

namespace {

using test::column;

// A table with a primary key on id.
Table table(const QString &name, const QList<Column> &columns)
{
    Table t = test::table(name, columns);
    Constraint pk;
    pk.name = QStringLiteral("pk_") + name;
    pk.type = QStringLiteral("primary key");
    pk.definition = QStringLiteral("PRIMARY KEY (id)");
    t.constraints << pk;
    Index pkIndex;
    pkIndex.name = QStringLiteral("pk_") + name;
    pkIndex.definition = QStringLiteral("CREATE UNIQUE INDEX pk_%1 ON public.%1 USING btree (id)").arg(name);
    pkIndex.unique = pkIndex.primary = true;
    t.indexes << pkIndex;
    return t;
}

// Schema at baseline (and after a correct rollback): repositories, code_chunks, work_items.
Snapshot baselineSchema()
{
    Snapshot s;
    s.schemas << SchemaInfo{QStringLiteral("public"), QStringLiteral("postgres"), {}, {}};
    s.tables << table(QStringLiteral("code_chunks"), {column(QStringLiteral("id"), 1, QStringLiteral("integer"), true),
                                                     column(QStringLiteral("repository_id"), 2, QStringLiteral("integer"), true)});
    s.tables << table(QStringLiteral("repositories"), {column(QStringLiteral("id"), 1, QStringLiteral("integer"), true),
                                                      column(QStringLiteral("path"), 2, QStringLiteral("text"), true)});
    s.tables << table(QStringLiteral("work_items"), {column(QStringLiteral("id"), 1, QStringLiteral("uuid"), true),
                                                    column(QStringLiteral("status"), 2, QStringLiteral("character varying(20)"), true,
                                                           QStringLiteral("'active'::character varying"))});
    return s;
}

Table *tableIn(Snapshot &s, const QString &name)
{
    for (Table &t : s.tables) {
        if (t.name == name)
            return &t;
    }
    qFatal("no table %s", qPrintable(name));
}

void addProjectId(Snapshot &s)
{
    Table *repositories = tableIn(s, QStringLiteral("repositories"));
    repositories->columns << column(QStringLiteral("project_id"), 3, QStringLiteral("character varying(50)"), true,
                                    QStringLiteral("'default'::character varying"));
    Constraint check;
    check.name = QStringLiteral("ck_repositories_project_id");
    check.type = QStringLiteral("check");
    check.definition = QStringLiteral("CHECK (((project_id)::text ~ '^[a-z0-9-]{1,50}$'::text))");
    repositories->constraints << check;
    Index index;
    index.name = QStringLiteral("idx_project_repository");
    index.definition = QStringLiteral("CREATE INDEX idx_project_repository ON public.repositories USING btree (project_id, id)");
    repositories->indexes << index;
}

TableData repositoriesData(const QList<QStringList> &rows = {{QStringLiteral("1"), QStringLiteral("/a")},
                                                            {QStringLiteral("2"), QStringLiteral("/b")}})
{
    return TableData::fromValues(QStringLiteral("public"), QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path")},
                                 {QStringLiteral("id")}, rows);
}

TableData chunksData(const QList<QStringList> &rows = {{QStringLiteral("1"), QStringLiteral("1")},
                                                      {QStringLiteral("2"), QStringLiteral("1")},
                                                      {QStringLiteral("3"), QStringLiteral("2")}})
{
    return TableData::fromValues(QStringLiteral("public"), QStringLiteral("code_chunks"), {QStringLiteral("id"), QStringLiteral("repository_id")},
                                 {QStringLiteral("id")}, rows);
}

TableData workItemsData(const QList<QStringList> &rows = {})
{
    return TableData::fromValues(QStringLiteral("public"), QStringLiteral("work_items"), {QStringLiteral("id"), QStringLiteral("status")},
                                 {QStringLiteral("id")}, rows);
}

TableData *dataIn(DataCapture &d, const QString &name)
{
    for (TableData &t : d.tables) {
        if (t.name == name)
            return &t;
    }
    qFatal("no data for %s", qPrintable(name));
}

void removeTable(InspectionPoint &p, const QString &name)
{
    p.schema.tables.removeIf([&](const Table &t) { return t.name == name; });
    p.data.tables.removeIf([&](const TableData &t) { return t.name == name; });
}

InspectionPoint point(const QString &name, const QString &revision, const Snapshot &schema, const QList<TableData> &data)
{
    InspectionPoint p;
    p.name = name;
    p.revision = test::rev(revision);
    p.captured = true;
    p.schema = schema;
    p.data.tables = data;
    return p;
}

Phase phase(const QString &name, double ms)
{
    return Phase{name, {}, ms};
}

// A correct round trip 005 -> 002 -> 005: the upgrade adds project_id, its CHECK and its index
// and drops work_items; the rollback restores the baseline exactly.
ScenarioFacts correctFacts()
{
    ScenarioFacts f;
    f.baselineRevision = test::rev(QStringLiteral("005"));
    f.targetRevision = test::rev(QStringLiteral("002"));
    f.finalRevision = test::rev(QStringLiteral("005"));
    f.baseline = point(QStringLiteral("baseline"), QStringLiteral("005"), baselineSchema(), {chunksData(), repositoriesData(), workItemsData()});
    Snapshot upgraded = baselineSchema();
    addProjectId(upgraded);
    TableData upgradedRepositories = TableData::fromValues(
        QStringLiteral("public"), QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path"), QStringLiteral("project_id")},
        {QStringLiteral("id")}, {{QStringLiteral("1"), QStringLiteral("/a"), QStringLiteral("default")},
                                 {QStringLiteral("2"), QStringLiteral("/b"), QStringLiteral("default")}});
    f.upgraded = point(QStringLiteral("upgraded"), QStringLiteral("002"), upgraded, {chunksData(), upgradedRepositories, workItemsData()});
    removeTable(f.upgraded, QStringLiteral("work_items"));
    f.rolledBack = point(QStringLiteral("rolled_back"), QStringLiteral("005"), baselineSchema(), {chunksData(), repositoriesData(), workItemsData()});
    f.rolledBack.queryValues.insert(QStringLiteral("Q"), QStringLiteral("3"));
    f.phases = {phase(QStringLiteral("baseline"), 120), phase(QStringLiteral("seed"), 15), phase(QStringLiteral("upgrade"), 40),
                phase(QStringLiteral("downgrade"), 35)};
    f.scenarioMs = 400;
    f.downgradeProbe = test::passedProbe(QStringLiteral("005"), QStringLiteral("003b"), 3.5);
    f.reupgradeProbe = test::passedProbe(QStringLiteral("005"), QStringLiteral("002"), 12.0);
    return f;
}

// Ways to break the facts, by name (data-driven rows name them).
using Mutation = std::function<void(ScenarioFacts &)>;

const QMap<QString, Mutation> &mutations()
{
    static const QMap<QString, Mutation> all = {
        {QStringLiteral("none"), [](ScenarioFacts &) {}},
        {QStringLiteral("rollback keeps project_id"), [](ScenarioFacts &f) {
             tableIn(f.rolledBack.schema, QStringLiteral("repositories"))->columns
                 << column(QStringLiteral("project_id"), 3, QStringLiteral("character varying(50)"));
         }},
        {QStringLiteral("rollback keeps the check"), [](ScenarioFacts &f) {
             tableIn(f.rolledBack.schema, QStringLiteral("repositories"))->constraints
                 << *tableIn(f.upgraded.schema, QStringLiteral("repositories"))->constraint(QStringLiteral("ck_repositories_project_id"));
         }},
        {QStringLiteral("rollback keeps the index"), [](ScenarioFacts &f) {
             tableIn(f.rolledBack.schema, QStringLiteral("repositories"))->indexes
                 << *tableIn(f.upgraded.schema, QStringLiteral("repositories"))->index(QStringLiteral("idx_project_repository"));
         }},
        {QStringLiteral("rollback forgets work_items"), [](ScenarioFacts &f) { removeTable(f.rolledBack, QStringLiteral("work_items")); }},
        {QStringLiteral("rollback changes a default"), [](ScenarioFacts &f) {
             Table *t = tableIn(f.rolledBack.schema, QStringLiteral("work_items"));
             t->columns[1].defaultExpr = QStringLiteral("'blocked'::character varying");
         }},
        {QStringLiteral("rollback deletes a chunk"), [](ScenarioFacts &f) {
             *dataIn(f.rolledBack.data, QStringLiteral("code_chunks")) = chunksData({{QStringLiteral("1"), QStringLiteral("1")},
                                                                                   {QStringLiteral("2"), QStringLiteral("1")}});
         }},
        {QStringLiteral("rollback changes a path"), [](ScenarioFacts &f) {
             *dataIn(f.rolledBack.data, QStringLiteral("repositories")) = repositoriesData({{QStringLiteral("1"), QStringLiteral("/a")},
                                                                                        {QStringLiteral("2"), QStringLiteral("/moved")}});
         }},
        {QStringLiteral("rollback keeps a filled project_id column"), [](ScenarioFacts &f) {
             // Only the columns both states have are compared: the schema check owns the rest.
             *dataIn(f.rolledBack.data, QStringLiteral("repositories")) = TableData::fromValues(
                 QStringLiteral("public"), QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path"), QStringLiteral("project_id")},
                 {QStringLiteral("id")}, {{QStringLiteral("1"), QStringLiteral("/a"), QStringLiteral("x")},
                                          {QStringLiteral("2"), QStringLiteral("/b"), QStringLiteral("y")}});
         }},
        {QStringLiteral("work_items had rows, lost"), [](ScenarioFacts &f) {
             *dataIn(f.baseline.data, QStringLiteral("work_items")) = workItemsData({{QStringLiteral("a1"), QStringLiteral("active")},
                                                                                   {QStringLiteral("a2"), QStringLiteral("blocked")}});
         }},
        {QStringLiteral("work_items had rows, lost, declared"), [](ScenarioFacts &f) {
             *dataIn(f.baseline.data, QStringLiteral("work_items")) = workItemsData({{QStringLiteral("a1"), QStringLiteral("active")},
                                                                                   {QStringLiteral("a2"), QStringLiteral("blocked")}});
             f.expectedDataLoss << QStringLiteral("public.work_items");
         }},
        {QStringLiteral("work_items rows invented"), [](ScenarioFacts &f) {
             *dataIn(f.rolledBack.data, QStringLiteral("work_items")) = workItemsData({{QStringLiteral("z9"), QStringLiteral("active")}});
             f.expectedDataLoss << QStringLiteral("public.work_items");
         }},
        {QStringLiteral("version left at 002"), [](ScenarioFacts &f) { f.finalRevision = test::rev(QStringLiteral("002")); }},
        {QStringLiteral("rollback not captured"), [](ScenarioFacts &f) { f.rolledBack = {}; }},
        {QStringLiteral("upgraded not captured"), [](ScenarioFacts &f) { f.upgraded = {}; }},
        {QStringLiteral("probes not run"), [](ScenarioFacts &f) {
             f.downgradeProbe = [] { ProbeResult p; p.detail = QStringLiteral("cannot go -1 down from base"); return p; }();
             f.reupgradeProbe = ProbeResult{};
         }},
        {QStringLiteral("probes fail"), [](ScenarioFacts &f) {
             f.downgradeProbe.ok = false;
             f.downgradeProbe.detail = QStringLiteral("relation \"deployment_events\" does not exist");
             f.reupgradeProbe.ok = false;
             f.reupgradeProbe.detail = QStringLiteral("table \"vendor_deployment_links\" does not exist");
         }},
        {QStringLiteral("probe to 003a"), [](ScenarioFacts &f) { f.downgradeProbe.to = test::rev(QStringLiteral("003a")); }},
        {QStringLiteral("slow rollback"), [](ScenarioFacts &f) {
             f.phases[3].durationMs = 31000;
             f.scenarioMs = 70000;
         }},
        {QStringLiteral("no downgrade phase"), [](ScenarioFacts &f) { f.phases.removeLast(); }},
        {QStringLiteral("query failed"), [](ScenarioFacts &f) {
             f.rolledBack.queryValues.clear();
             f.rolledBack.queryErrors.insert(QStringLiteral("Q"), QStringLiteral("relation \"nosuch\" does not exist (SQLSTATE 42P01)"));
         }},
        {QStringLiteral("query not run"), [](ScenarioFacts &f) { f.rolledBack.queryValues.clear(); }},
        {QStringLiteral("rollback moves a sequence"), [](ScenarioFacts &f) {
             for (InspectionPoint *p : {&f.baseline, &f.upgraded, &f.rolledBack})
                 p->data.sequences.insert(QStringLiteral("public.repositories_id_seq"), QStringLiteral("3"));
             f.rolledBack.data.sequences.insert(QStringLiteral("public.repositories_id_seq"), QStringLiteral("7"));
         }},
        {QStringLiteral("re-created sequence restarts"), [](ScenarioFacts &f) {
             f.baseline.data.sequences.insert(QStringLiteral("public.work_items_id_seq"), QStringLiteral("9"));
             f.rolledBack.data.sequences.insert(QStringLiteral("public.work_items_id_seq"), QString());
         }},
    };
    return all;
}

ScenarioFacts factsWith(const QString &mutation)
{
    ScenarioFacts f = correctFacts();
    if (!mutations().contains(mutation))
        qFatal("unknown mutation %s", qPrintable(mutation));
    mutations().value(mutation)(f);
    return f;
}

QString statusText(Verdict s)
{
    return CheckResult::statusName(s);
}

bool names(const CheckResult &c, const QString &needle)
{
    return needle.isEmpty() || c.detail.contains(needle) || c.objects.join(QLatin1Char('\n')).contains(needle);
}

} // namespace

class TestChecks : public QObject
{
    Q_OBJECT

private slots:
    void declarative_data()
    {
        QTest::addColumn<QByteArray>("check");   // one element of "checks"
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("needle");     // in the detail or the objects

        const auto row = [](const char *tag, const char *check, const char *mutation, const char *status, const char *needle) {
            QTest::newRow(tag) << QByteArray(check) << QString::fromUtf8(mutation) << QString::fromUtf8(status) << QString::fromUtf8(needle);
        };
        // tables
        row("table_present pass", R"({"id":"T","assert":"table_present","table":["work_items","public.repositories"]})", "none", "pass", "public.work_items");
        row("table_present fail", R"({"id":"T","assert":"table_present","table":["work_items","repositories"]})", "rollback forgets work_items", "fail", "public.work_items");
        row("table_absent pass", R"({"id":"T","assert":"table_absent","at":"upgraded","table":"work_items"})", "none", "pass", "");
        row("table_absent fail", R"({"id":"T","assert":"table_absent","table":"work_items"})", "none", "fail", "public.work_items");
        // columns by name and pattern
        row("column_present pass", R"({"id":"C","assert":"column_present","at":"upgraded","table":"repositories","column":"project_id"})", "none", "pass", "public.repositories.project_id");
        row("column_present fail", R"({"id":"C","assert":"column_present","table":"repositories","column":"project_id"})", "none", "fail", "public.repositories.project_id");
        row("column_present missing table", R"({"id":"C","assert":"column_present","table":"work_items","column":"id"})", "rollback forgets work_items", "fail", "public.work_items");
        row("column_absent pass", R"({"id":"C","assert":"column_absent","table":["repositories","code_chunks"],"column":"project_id"})", "none", "pass", "");
        row("column_absent fail", R"({"id":"C","assert":"column_absent","table":["repositories","code_chunks"],"column":"project_id"})", "rollback keeps project_id", "fail", "public.repositories.project_id");
        row("column_absent pattern pass", R"({"id":"C","assert":"column_absent","table":"repositories","pattern":"^project"})", "none", "pass", "");
        row("column_absent pattern fail", R"({"id":"C","assert":"column_absent","table":"repositories","pattern":"^project"})", "rollback keeps project_id", "fail", "project_id");
        row("column_absent missing table", R"({"id":"C","assert":"column_absent","table":"work_items","column":"x"})", "rollback forgets work_items", "fail", "public.work_items");
        // indexes
        row("index_present pass", R"({"id":"I","assert":"index_present","at":"upgraded","name":"idx_project_repository"})", "none", "pass", "idx_project_repository");
        row("index_present fail", R"({"id":"I","assert":"index_present","name":"idx_project_repository"})", "none", "fail", "idx_project_repository");
        row("index_absent pass", R"({"id":"I","assert":"index_absent","name":"idx_project_repository"})", "none", "pass", "");
        row("index_absent fail", R"({"id":"I","assert":"index_absent","name":"idx_project_repository"})", "rollback keeps the index", "fail", "public.idx_project_repository");
        row("index_absent pattern pass", R"({"id":"I","assert":"index_absent","pattern":"project"})", "none", "pass", "");
        row("index_absent pattern fail", R"({"id":"I","assert":"index_absent","pattern":"project"})", "rollback keeps the index", "fail", "public.repositories");
        row("index_absent other schema", R"({"id":"I","assert":"index_absent","schema":"other","name":"idx_project_repository"})", "rollback keeps the index", "pass", "");
        // constraints
        row("constraint_present pass", R"({"id":"K","assert":"constraint_present","at":"upgraded","constraint_type":"check","name":"ck_repositories_project_id"})", "none", "pass", "ck_repositories_project_id");
        row("constraint_present wrong type", R"({"id":"K","assert":"constraint_present","at":"upgraded","constraint_type":"unique","name":"ck_repositories_project_id"})", "none", "fail", "unique");
        row("constraint_present fail", R"({"id":"K","assert":"constraint_present","pattern":"project_id"})", "none", "fail", "project_id");
        row("constraint_absent pass", R"({"id":"K","assert":"constraint_absent","constraint_type":"check","pattern":"project_id"})", "none", "pass", "");
        row("constraint_absent fail", R"({"id":"K","assert":"constraint_absent","constraint_type":"check","pattern":"project_id"})", "rollback keeps the check", "fail", "ck_repositories_project_id");
        row("constraint_absent name fail", R"({"id":"K","assert":"constraint_absent","name":"ck_repositories_project_id"})", "rollback keeps the check", "fail", "public.repositories");
        // row counts
        row("row_count pass", R"({"id":"R","assert":"row_count_equals_baseline","table":["repositories","code_chunks"]})", "none", "pass", "public.code_chunks: 3 -> 3");
        row("row_count fail", R"({"id":"R","assert":"row_count_equals_baseline","table":["repositories","code_chunks"]})", "rollback deletes a chunk", "fail", "public.code_chunks: 3 -> 2");
        row("row_count missing table", R"({"id":"R","assert":"row_count_equals_baseline","table":"work_items"})", "rollback forgets work_items", "fail", "missing");
        row("row_count at upgraded", R"({"id":"R","assert":"row_count_equals_baseline","at":"upgraded","table":"work_items"})", "none", "fail", "public.work_items");
        // queries
        row("query_equals pass", R"({"id":"Q","assert":"query_equals","sql":"SELECT 3","expect":"3"})", "none", "pass", "");
        row("query_equals number", R"({"id":"Q","assert":"query_equals","sql":"SELECT 3","expect":3})", "none", "pass", "");
        row("query_equals fail", R"({"id":"Q","assert":"query_equals","sql":"SELECT 3","expect":"4"})", "none", "fail", "returned 3, expected 4");
        row("query_equals error", R"({"id":"Q","assert":"query_equals","sql":"SELECT * FROM nosuch","expect":"3"})", "query failed", "fail", "nosuch");
        row("query_equals not run", R"({"id":"Q","assert":"query_equals","sql":"SELECT 3","expect":"3"})", "query not run", "skip", "not run");
        row("point not reached", R"({"id":"Q","assert":"query_equals","sql":"SELECT 3","expect":"3"})", "rollback not captured", "fail", "never reached");
        // step durations
        row("duration pass", R"({"id":"D","assert":"step_duration_under","step":"downgrade","budget_ms":30000})", "none", "pass", "downgrade");
        row("duration fail", R"({"id":"D","assert":"step_duration_under","step":"downgrade","budget_ms":30000})", "slow rollback", "fail", "31000");
        row("duration scenario fail", R"({"id":"D","assert":"step_duration_under","step":"scenario","budget_ms":60000})", "slow rollback", "fail", "scenario");
        row("duration missing phase", R"({"id":"D","assert":"step_duration_under","step":"downgrade","budget_ms":30000})", "no downgrade phase", "skip", "downgrade");
        // the further-downgrade probe
        row("probe pass", R"({"id":"P","assert":"downgrade_probe","expect_revision":"003b"})", "none", "pass", "003b");
        row("probe wrong revision", R"({"id":"P","assert":"downgrade_probe","expect_revision":"003b"})", "probe to 003a", "fail", "003a");
        row("probe failed", R"({"id":"P","assert":"downgrade_probe"})", "probes fail", "fail", "deployment_events");
        row("probe not run", R"({"id":"P","assert":"downgrade_probe"})", "probes not run", "fail", "cannot go -1 down");
    }

    void declarative()
    {
        QFETCH(QByteArray, check);
        QFETCH(QString, mutation);
        QFETCH(QString, status);
        QFETCH(QString, needle);
        const QByteArray file = R"({"format":"revisor-checks/1","checks":[)" + check + "]}";
        auto suite = parseCheckFile(file, QStringLiteral("checks/unit.json"));
        QVERIFY_RESULT(suite);
        QCOMPARE(suite->checks.size(), qsizetype(1));
        const CheckSpec spec = suite->checks.first();
        const CheckResult c = evaluateCheck(spec, factsWith(mutation));
        QCOMPARE(c.id, spec.id);
        QCOMPARE(c.origin, QStringLiteral("unit.json"));
        QVERIFY(!c.title.isEmpty());
        QVERIFY2(statusText(c.status) == status, qPrintable(QStringLiteral("%1: %2").arg(statusText(c.status), c.detail)));
        QVERIFY2(names(c, needle), qPrintable(QStringLiteral("'%1' not named: %2 [objects: %3]").arg(needle, c.detail, c.objects.join(QStringLiteral(", ")))));
    }

    void generic_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("needle");
        const auto row = [](const char *mutation, const char *id, const char *status, const char *needle) {
            QTest::addRow("%s: %s", id, mutation) << QString::fromUtf8(mutation) << QString::fromUtf8(id) << QString::fromUtf8(status)
                                                 << QString::fromUtf8(needle);
        };
        row("none", "schema.identical", "pass", "3 tables");
        row("rollback keeps the index", "schema.identical", "fail", "public.repositories.idx_project_repository");
        row("rollback keeps the check", "schema.identical", "fail", "public.repositories.ck_repositories_project_id");
        row("rollback keeps project_id", "schema.identical", "fail", "public.repositories.project_id");
        row("rollback forgets work_items", "schema.identical", "fail", "public.work_items");
        row("rollback changes a default", "schema.identical", "fail", "default");
        row("rollback not captured", "schema.identical", "skip", "");

        row("none", "data.preserved", "pass", "2 table(s), 5 row(s)");
        row("rollback deletes a chunk", "data.preserved", "fail", "removed id=3");
        row("rollback changes a path", "data.preserved", "fail", "changed id=2 (path)");
        row("rollback keeps a filled project_id column", "data.preserved", "pass", "");
        // work_items was dropped by the upgrade: the ledger judges it, not data.preserved.
        row("work_items had rows, lost", "data.preserved", "pass", "");
        row("rollback not captured", "data.preserved", "skip", "");

        row("none", "data.sequences", "pass", "sequence(s) at their baseline values");
        row("rollback moves a sequence", "data.sequences", "warn", "public.repositories_id_seq: last_value 3 -> 7");
        row("re-created sequence restarts", "data.sequences", "pass", "0 sequence(s)");
        row("rollback not captured", "data.sequences", "skip", "");

        row("none", "data.loss-ledger", "pass", "public.work_items: 0 row(s) at baseline, 0 after rollback");
        row("work_items had rows, lost", "data.loss-ledger", "fail", "public.work_items lost 2 of 2 row(s)");
        row("work_items had rows, lost, declared", "data.loss-ledger", "warn", "public.work_items lost 2 of 2 row(s)");
        row("work_items rows invented", "data.loss-ledger", "fail", "public.work_items");
        row("upgraded not captured", "data.loss-ledger", "skip", "");

        row("none", "version.restored", "pass", "005");
        row("version left at 002", "version.restored", "fail", "002");

        row("none", "probe.downgrade", "pass", "005 -> 003b");
        row("none", "probe.reupgrade", "pass", "005 -> 002");
        row("probes not run", "probe.downgrade", "skip", "cannot go -1 down");
        row("probes not run", "probe.reupgrade", "skip", "");
        row("probes fail", "probe.downgrade", "fail", "deployment_events");
        row("probes fail", "probe.reupgrade", "fail", "vendor_deployment_links");

        row("none", "budget.rollback", "pass", "35.0 ms");
        row("none", "budget.scenario", "pass", "400.0 ms");
        row("slow rollback", "budget.rollback", "fail", "31000.0 ms (budget 30000 ms)");
        row("slow rollback", "budget.scenario", "fail", "70000.0 ms (budget 60000 ms)");
        row("no downgrade phase", "budget.rollback", "skip", "");
    }

    void generic()
    {
        QFETCH(QString, mutation);
        QFETCH(QString, id);
        QFETCH(QString, status);
        QFETCH(QString, needle);
        const QList<CheckResult> all = genericChecks(factsWith(mutation));
        const CheckResult *c = nullptr;
        for (const CheckResult &r : all) {
            QCOMPARE(r.origin, QStringLiteral("generic"));
            if (r.id == id)
                c = &r;
        }
        QVERIFY2(c, qPrintable(id));
        QVERIFY2(statusText(c->status) == status, qPrintable(QStringLiteral("%1: %2").arg(statusText(c->status), c->detail)));
        QVERIFY2(names(*c, needle), qPrintable(QStringLiteral("'%1' not named: %2 [objects: %3]").arg(needle, c->detail, c->objects.join(QStringLiteral(", ")))));
    }

    // A down script that does nothing is named up front, as a warning.
    void downScriptsWithoutEffectAreFlagged()
    {
        ScenarioFacts facts = correctFacts();
        facts.noEffectDowns << QStringLiteral("12 (12_audit_view.down.sql)");
        const QList<CheckResult> all = genericChecks(facts);
        const CheckResult *c = findCheck(all, QStringLiteral("down.effect"));
        QVERIFY(c);
        QCOMPARE(c->status, Verdict::Warn);
        QVERIFY2(c->detail.contains(QLatin1String("down script has no effect: 12 (12_audit_view.down.sql)")), qPrintable(c->detail));
    }

    void correctFactsPassEverything()
    {
        const QList<CheckResult> all = genericChecks(correctFacts());
        QCOMPARE(all.size(), qsizetype(12));
        for (const CheckResult &c : all)
            QVERIFY2(c.status == Verdict::Pass, qPrintable(c.id + QStringLiteral(": ") + c.detail));
    }

    void runAllChecksPutsFailuresFirst()
    {
        auto suite = parseCheckFile(R"({"format":"revisor-checks/1","checks":[
            {"id":"A","assert":"table_present","table":"work_items"},
            {"id":"B","assert":"index_absent","name":"idx_project_repository"}]})", QStringLiteral("x.json"));
        QVERIFY(suite.has_value());
        const QList<CheckResult> all = runAllChecks(factsWith(QStringLiteral("rollback keeps the index")), *suite);
        QCOMPARE(all.size(), qsizetype(14));
        QCOMPARE(all.at(0).status, Verdict::Fail);
        QCOMPARE(all.at(1).status, Verdict::Fail);
        QStringList failing{all.at(0).id, all.at(1).id};
        failing.sort();
        QCOMPARE(failing, (QStringList{QStringLiteral("B"), QStringLiteral("schema.identical")}));
        for (qsizetype i = 2; i < all.size(); ++i)
            QCOMPARE(all.at(i).status, Verdict::Pass);
    }

    void checkResultJsonRoundTrip()
    {
        CheckResult c;
        c.id = QStringLiteral("V2.2");
        c.title = QStringLiteral("CHECK constraints removed");
        c.status = Verdict::Warn;
        c.detail = QStringLiteral("still present: x\nand y");
        c.objects = {QStringLiteral("public.x"), QStringLiteral("public.y")};
        c.origin = QStringLiteral("seed_checks.json");
        QCOMPARE(CheckResult::fromJson(c.toJson()), c);
        for (Verdict s : {Verdict::Pass, Verdict::Fail, Verdict::Warn, Verdict::Skip})
            QCOMPARE(CheckResult::statusFromName(CheckResult::statusName(s)), s);
    }
};

QTEST_GUILESS_MAIN(TestChecks)
#include "tst_checks.moc"
