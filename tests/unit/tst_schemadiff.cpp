#include "schema/snapshot.h"
#include "schema/snapshotdiff.h"

#include "builders.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace revisor;

namespace {

using test::column;
using test::tableOf;
using test::why;
using test::table;

// A small schema in the shape of the seed: repositories and code_chunks.
Snapshot baseline()
{
    Snapshot s;
    s.serverVersion = QStringLiteral("15.8");
    s.capturedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    s.schemas = {SchemaInfo{QStringLiteral("public"), QStringLiteral("pg_database_owner"), {}, QStringLiteral("standard public schema")}};
    s.extensions = {Extension{QStringLiteral("plpgsql"), QStringLiteral("1.0"), QStringLiteral("pg_catalog")}};
    TypeDef mood;
    mood.schema = QStringLiteral("public");
    mood.name = QStringLiteral("mood");
    mood.kind = QStringLiteral("enum");
    mood.elements = {QStringLiteral("sad"), QStringLiteral("happy")};
    s.types = {mood};
    Sequence seq;
    seq.schema = QStringLiteral("public");
    seq.name = QStringLiteral("code_chunks_id_seq");
    seq.type = QStringLiteral("integer");
    seq.start = seq.increment = seq.minValue = seq.cache = QStringLiteral("1");
    seq.maxValue = QStringLiteral("2147483647");
    seq.ownedBy = QStringLiteral("public.code_chunks.id");
    s.sequences = {seq};
    Function f = test::triggerFunction(QStringLiteral("touch"));
    f.definition = QStringLiteral("CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $$BEGIN RETURN NEW; END$$\n");
    s.functions = {f};

    Table chunks = table(QStringLiteral("code_chunks"),
                         {column(QStringLiteral("id"), 1, QStringLiteral("integer"), true,
                                 QStringLiteral("nextval('code_chunks_id_seq'::regclass)")),
                          column(QStringLiteral("repository_id"), 2, QStringLiteral("uuid"), true),
                          column(QStringLiteral("content"), 3, QStringLiteral("text")),
                          column(QStringLiteral("embedding"), 4, QStringLiteral("real[]"))});
    chunks.constraints = {
        Constraint{QStringLiteral("code_chunks_pkey"), QStringLiteral("primary key"), QStringLiteral("PRIMARY KEY (id)"), true, false, false, {}},
        Constraint{QStringLiteral("code_chunks_repository_id_fkey"), QStringLiteral("foreign key"),
                   QStringLiteral("FOREIGN KEY (repository_id) REFERENCES repositories(id) ON DELETE CASCADE"), true, false, false, {}}};
    chunks.indexes = {Index{QStringLiteral("code_chunks_pkey"),
                            QStringLiteral("CREATE UNIQUE INDEX code_chunks_pkey ON public.code_chunks USING btree (id)"),
                            true, true, true, {}, {}}};
    chunks.triggers = {Trigger{QStringLiteral("touch_chunks"),
                               QStringLiteral("CREATE TRIGGER touch_chunks BEFORE UPDATE ON public.code_chunks FOR EACH ROW EXECUTE FUNCTION touch()"),
                               QStringLiteral("origin"), {}}};
    Table repos = table(QStringLiteral("repositories"),
                        {column(QStringLiteral("id"), 1, QStringLiteral("uuid"), true, QStringLiteral("gen_random_uuid()")),
                         column(QStringLiteral("path"), 2, QStringLiteral("text"), true, QStringLiteral("'a'::text")),
                         column(QStringLiteral("name"), 3, QStringLiteral("text"))});
    repos.comment = QStringLiteral("indexed repositories");
    repos.constraints = {Constraint{QStringLiteral("repositories_pkey"), QStringLiteral("primary key"), QStringLiteral("PRIMARY KEY (id)"), true, false, false, {}}};
    repos.indexes = {Index{QStringLiteral("repositories_pkey"),
                           QStringLiteral("CREATE UNIQUE INDEX repositories_pkey ON public.repositories USING btree (id)"),
                           true, true, true, {}, {}}};
    Policy p;
    p.name = QStringLiteral("own_rows");
    p.command = QStringLiteral("select");
    p.roles = {QStringLiteral("public")};
    p.usingExpr = QStringLiteral("(name = CURRENT_USER)");
    repos.policies = {p};
    repos.rowSecurity = true;
    Table workItems = table(QStringLiteral("work_items"), {column(QStringLiteral("id"), 1, QStringLiteral("integer"), true)});
    s.tables = {chunks, repos, workItems};
    return s;
}

using Mutation = std::function<void(Snapshot &)>;

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestSchemaDiff : public QObject
{
    Q_OBJECT

private slots:
    void diff_data();
    void diff();
    void identicalIgnoresMetadata();
    void addedTableIsOneEntry();
    void order();
    void textRendering();
    void snapshotJsonRoundTrip();
    void snapshotFileRoundTrip();
    void snapshotJsonRejectsBadInput();
    void snapshotFileText_data();
    void snapshotFileText();
    void diffJsonRoundTrip();
};

void TestSchemaDiff::diff_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("nothing") << Mutation([](Snapshot &) {}) << QStringList{};
    QTest::newRow("column added")
        << Mutation([](Snapshot &s) {
               tableOf(s, "repositories").columns.append(column("project_id", 4, "character varying(50)", true,
                                                                "'default'::character varying"));
           })
        << QStringList{"+ column public.repositories.project_id: character varying(50) NOT NULL DEFAULT 'default'::character varying"};
    QTest::newRow("column removed from the middle: no position noise")
        << Mutation([](Snapshot &s) {
               auto &cols = tableOf(s, "repositories").columns;
               cols.removeAt(1);
               cols[1].position = 2;
           })
        << QStringList{"- column public.repositories.path: text NOT NULL DEFAULT 'a'::text"};
    QTest::newRow("column dropped and re-added at the end")
        << Mutation([](Snapshot &s) {
               auto &cols = tableOf(s, "repositories").columns;
               Column path = cols.takeAt(1);
               cols[1].position = 2;
               path.position = 3;
               cols.append(path);
           })
        << QStringList{"~ column public.repositories.name position: 3 -> 2",
                       "~ column public.repositories.path position: 2 -> 3"};
    QTest::newRow("column default")
        << Mutation([](Snapshot &s) { tableOf(s, "repositories").columns[1].defaultExpr = "'b'::text"; })
        << QStringList{"~ column public.repositories.path default: 'a'::text -> 'b'::text"};
    QTest::newRow("column default dropped")
        << Mutation([](Snapshot &s) { tableOf(s, "repositories").columns[1].defaultExpr.clear(); })
        << QStringList{"~ column public.repositories.path default: 'a'::text -> (none)"};
    QTest::newRow("column type and nullability")
        << Mutation([](Snapshot &s) {
               auto &c = tableOf(s, "repositories").columns[2];
               c.type = "character varying(100)";
               c.notNull = true;
           })
        << QStringList{"~ column public.repositories.name not null: false -> true",
                       "~ column public.repositories.name type: text -> character varying(100)"};
    QTest::newRow("column comment")
        << Mutation([](Snapshot &s) { tableOf(s, "code_chunks").columns[2].comment = "chunk text"; })
        << QStringList{"~ column public.code_chunks.content comment: (none) -> chunk text"};
    QTest::newRow("check constraint added")
        << Mutation([](Snapshot &s) {
               tableOf(s, "repositories").constraints.append(
                   Constraint{"ck_repositories_project_id", "check", "CHECK (((project_id)::text ~ '^[a-z0-9-]{1,50}$'::text))", true, false, false, {}});
           })
        << QStringList{"+ constraint public.repositories.ck_repositories_project_id: CHECK (((project_id)::text ~ '^[a-z0-9-]{1,50}$'::text))"};
    QTest::newRow("constraint not valid")
        << Mutation([](Snapshot &s) { tableOf(s, "code_chunks").constraints[1].validated = false; })
        << QStringList{"~ constraint public.code_chunks.code_chunks_repository_id_fkey validated: true -> false"};
    QTest::newRow("foreign key action")
        << Mutation([](Snapshot &s) {
               tableOf(s, "code_chunks").constraints[1].definition = "FOREIGN KEY (repository_id) REFERENCES repositories(id)";
           })
        << QStringList{"~ constraint public.code_chunks.code_chunks_repository_id_fkey definition: FOREIGN KEY (repository_id) "
                       "REFERENCES repositories(id) ON DELETE CASCADE -> FOREIGN KEY (repository_id) REFERENCES repositories(id)"};
    QTest::newRow("index added")
        << Mutation([](Snapshot &s) {
               tableOf(s, "repositories").indexes.append(
                   Index{"idx_project_repository", "CREATE INDEX idx_project_repository ON public.repositories USING btree (project_id, id)",
                         false, false, true, {}, {}});
           })
        << QStringList{"+ index public.repositories.idx_project_repository: CREATE INDEX idx_project_repository ON public.repositories USING btree (project_id, id)"};
    QTest::newRow("index invalid")
        << Mutation([](Snapshot &s) { tableOf(s, "repositories").indexes[0].valid = false; })
        << QStringList{"~ index public.repositories.repositories_pkey valid: true -> false"};
    QTest::newRow("table removed")
        << Mutation([](Snapshot &s) { s.tables.removeLast(); })
        << QStringList{"- table public.work_items"};
    QTest::newRow("table comment and owner")
        << Mutation([](Snapshot &s) {
               tableOf(s, "repositories").comment = "repos";
               tableOf(s, "repositories").owner = "app";
           })
        << QStringList{"~ table public.repositories comment: indexed repositories -> repos",
                       "~ table public.repositories owner: postgres -> app"};
    QTest::newRow("table privileges and row security")
        << Mutation([](Snapshot &s) {
               tableOf(s, "repositories").acl = "{postgres=arwdDxt/postgres,app=r/postgres}";
               tableOf(s, "repositories").forceRowSecurity = true;
           })
        << QStringList{"~ table public.repositories acl: (none) -> {postgres=arwdDxt/postgres,app=r/postgres}",
                       "~ table public.repositories force row security: false -> true"};
    QTest::newRow("trigger disabled")
        << Mutation([](Snapshot &s) { tableOf(s, "code_chunks").triggers[0].enabled = "disabled"; })
        << QStringList{"~ trigger public.code_chunks.touch_chunks enabled: origin -> disabled"};
    QTest::newRow("policy removed")
        << Mutation([](Snapshot &s) { tableOf(s, "repositories").policies.clear(); })
        << QStringList{"- policy public.repositories.own_rows: PERMISSIVE FOR SELECT TO public USING ((name = CURRENT_USER))"};
    QTest::newRow("policy roles")
        << Mutation([](Snapshot &s) { tableOf(s, "repositories").policies[0].roles = {"app", "reader"}; })
        << QStringList{"~ policy public.repositories.own_rows roles: public -> app, reader"};
    QTest::newRow("enum label added")
        << Mutation([](Snapshot &s) { s.types[0].elements.append("ok"); })
        << QStringList{"~ type public.mood elements: sad, happy -> sad, happy, ok"};
    QTest::newRow("sequence increment")
        << Mutation([](Snapshot &s) { s.sequences[0].increment = "10"; })
        << QStringList{"~ sequence public.code_chunks_id_seq increment: 1 -> 10"};
    QTest::newRow("function overload added")
        << Mutation([](Snapshot &s) {
               Function f = s.functions[0];
               f.arguments = "integer";
               f.result = "integer";
               s.functions.append(f);
           })
        << QStringList{"+ function public.touch(integer): integer"};
    QTest::newRow("extension version")
        << Mutation([](Snapshot &s) { s.extensions[0].version = "1.1"; })
        << QStringList{"~ extension plpgsql version: 1.0 -> 1.1"};
    QTest::newRow("schema added")
        << Mutation([](Snapshot &s) { s.schemas.append(SchemaInfo{"Audit Log", "postgres", {}, {}}); })
        << QStringList{"+ schema \"Audit Log\""};
    QTest::newRow("view definition")
        << Mutation([](Snapshot &s) {
               Table v = table("recent", {column("id", 1, "integer")});
               v.kind = "view";
               v.viewDefinition = " SELECT work_items.id\n   FROM work_items;";
               s.tables.append(v);
           })
        << QStringList{"+ view public.recent"};
}

void TestSchemaDiff::diff()
{
    QFETCH(Mutation, mutation);
    QFETCH(QStringList, expected);
    const Snapshot before = baseline();
    Snapshot after = before;
    mutation(after);
    const SchemaDiff d = diffSnapshots(before, after);
    QStringList lines;
    for (const DiffEntry &e : d.entries)
        lines << e.toText();
    QCOMPARE(lines, expected);
    QCOMPARE(sameSchema(before, after), expected.isEmpty());
}

void TestSchemaDiff::identicalIgnoresMetadata()
{
    const Snapshot a = baseline();
    Snapshot b = a;
    b.capturedAt = a.capturedAt.addSecs(3600);
    b.serverVersion = QStringLiteral("16.2");
    QVERIFY(diffSnapshots(a, b).isEmpty());
    QVERIFY(sameSchema(a, b));
    QVERIFY(!(a == b));
    QCOMPARE(diffSnapshots(a, b).toText(), QStringLiteral("no differences\n"));
}

void TestSchemaDiff::addedTableIsOneEntry()
{
    Snapshot before = baseline();
    const Snapshot after = before;
    before.tables.removeFirst();   // code_chunks with columns, constraints, index, trigger
    before.sequences.clear();      // and its serial sequence, which comes with it
    const SchemaDiff d = diffSnapshots(before, after);
    QCOMPARE(d.size(), 1);
    QCOMPARE(d.entries[0].change, DiffEntry::Change::Added);
    QCOMPARE(d.entries[0].objectKind, QStringLiteral("table"));
    QCOMPARE(d.entries[0].name, QStringLiteral("public.code_chunks"));
    QCOMPARE(d.about(QStringLiteral("public.code_chunks"), true).size(), 1);
}

void TestSchemaDiff::order()
{
    const Snapshot before = baseline();
    Snapshot after = before;
    tableOf(after, "repositories").indexes.append(Index{"a_idx", "CREATE INDEX a_idx ON public.repositories USING btree (name)", false, false, true, {}, {}});
    tableOf(after, "repositories").columns[1].defaultExpr = "'b'::text";
    after.tables.removeLast();
    after.schemas[0].comment.clear();
    tableOf(after, "code_chunks").columns[2].type = "character varying";
    const SchemaDiff d = diffSnapshots(before, after);
    QStringList kinds, names;
    for (const DiffEntry &e : d.entries) {
        kinds << e.objectKind;
        names << e.name;
    }
    QCOMPARE(kinds, (QStringList{"schema", "table", "column", "column", "index"}));
    QCOMPARE(names, (QStringList{"public", "public.work_items", "public.code_chunks.content",
                                 "public.repositories.path", "public.repositories.a_idx"}));
    // The same diff computed the other way round has the same shape, reversed.
    const SchemaDiff back = diffSnapshots(after, before);
    QCOMPARE(back.size(), d.size());
    QCOMPARE(back.entries[1].change, DiffEntry::Change::Added);
}

void TestSchemaDiff::textRendering()
{
    DiffEntry e;
    e.change = DiffEntry::Change::Changed;
    e.objectKind = QStringLiteral("function");
    e.name = QStringLiteral("public.f()");
    e.attribute = QStringLiteral("definition");
    e.before = QStringLiteral("line 1\nline 2\n");
    e.after = QStringLiteral("line 1\nline 3\n");
    QCOMPARE(e.toText(), QStringLiteral("~ function public.f() definition:\n    before:\n      line 1\n      line 2\n"
                                        "    after:\n      line 1\n      line 3"));
    DiffEntry removed;
    removed.change = DiffEntry::Change::Removed;
    removed.objectKind = QStringLiteral("table");
    removed.name = QStringLiteral("public.work_items");
    SchemaDiff d{{removed}};
    QCOMPARE(d.toText(), QStringLiteral("- table public.work_items\n"));
    QCOMPARE(displayIdent(QStringLiteral("Work Items")), QStringLiteral("\"Work Items\""));
    QCOMPARE(displayIdent(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    QCOMPARE(displayIdent(QStringLiteral("work_items")), QStringLiteral("work_items"));
}

void TestSchemaDiff::snapshotJsonRoundTrip()
{
    Snapshot s = baseline();
    Table &repos = tableOf(s, "repositories");
    repos.columns[0].identity = QStringLiteral("always");
    repos.columns[2].generated = QStringLiteral("upper(path)");
    repos.columns[2].collation = QStringLiteral("\"C\"");
    repos.partitionKey = QStringLiteral("RANGE (id)");
    repos.inherits = {QStringLiteral("public.base")};
    repos.constraints[0].deferrable = repos.constraints[0].deferred = true;
    repos.policies[0].permissive = false;
    s.types[0].notNull = true;
    s.sequences[0].cycle = true;
    const QJsonObject json = s.toJson();
    QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("revisor-snapshot/1"));
    // Through text, as a file would carry it.
    const QJsonObject reparsed = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
    auto back = Snapshot::fromJson(reparsed);
    QVERIFY2(back.has_value(), why(back).constData());
    QCOMPARE(back->capturedAt, s.capturedAt);
    QCOMPARE(back->tables, s.tables);
    QVERIFY(*back == s);
    QVERIFY(sameSchema(*back, s));
}

void TestSchemaDiff::snapshotFileRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("snap.json"));
    const Snapshot s = baseline();
    auto written = writeSnapshotFile(s, path);
    QVERIFY2(written.has_value(), why(written).constData());
    auto read = readSnapshotFile(path);
    QVERIFY2(read.has_value(), why(read).constData());
    QVERIFY(*read == s);
    auto missing = readSnapshotFile(dir.filePath(QStringLiteral("none.json")));
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, ErrorKind::Input);
}

void TestSchemaDiff::snapshotJsonRejectsBadInput()
{
    QJsonObject json = baseline().toJson();
    json.insert(QStringLiteral("format"), QStringLiteral("something-else/2"));
    QVERIFY(!Snapshot::fromJson(json));

    json = baseline().toJson();
    json.insert(QStringLiteral("tables"), QStringLiteral("not an array"));
    auto bad = Snapshot::fromJson(json);
    QVERIFY(!bad);
    QVERIFY(bad.error().message.contains(QStringLiteral("tables")));

    json = baseline().toJson();
    QJsonArray tables = json.value(QStringLiteral("tables")).toArray();
    QJsonObject first = tables[0].toObject();
    first.insert(QStringLiteral("rowSecurity"), QStringLiteral("yes"));
    tables[0] = first;
    json.insert(QStringLiteral("tables"), tables);
    bad = Snapshot::fromJson(json);
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.contains(QStringLiteral("tables[0].rowSecurity")), qPrintable(bad.error().message));
}

// The file reader parses the text itself: what JSON allows and a file may hold beyond what
// snapshotText() writes (escapes, members it does not know, nulls, any layout) reads as a
// QJsonDocument would read it, and what JSON forbids is refused with the offset.
void TestSchemaDiff::snapshotFileText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("tableName");    // of tables[0]; empty when refused
    QTest::addColumn<QString>("error");        // a part of the message when refused

    const QByteArray head = R"({"format": "revisor-snapshot/1", "tables": [)";
    QTest::newRow("escapes") << head + R"({"name": "a\"b\\c\/d\u00e9\ud83d\ude00\n\t"}]})"
                             << QStringLiteral("a\"b\\c/d\u00e9\U0001F600\n\t") << QString();
    QTest::newRow("utf-8") << head + "{\"name\": \"caf\xc3\xa9\"}]}" << QStringLiteral("caf\u00e9") << QString();
    QTest::newRow("unknown members") << head + R"({"later": {"x": [1, 2.5e3, true, null, "s"]}, "name": "t"}], "more": {}})"
                                     << QStringLiteral("t") << QString();
    QTest::newRow("nulls keep defaults") << head + R"({"name": "t", "comment": null, "columns": null}], "objects": null})"
                                         << QStringLiteral("t") << QString();
    QTest::newRow("format last, pretty") << QByteArray("{\n  \"tables\": [\n    {\n      \"name\": \"t\"\n    }\n  ],\n  \"format\": \"revisor-snapshot/1\"\n}\n")
                                         << QStringLiteral("t") << QString();
    QTest::newRow("wrong format first") << QByteArray(R"({"tables": [{"rowSecurity": "no"}], "format": "x/2"})") << QString()
                                        << QStringLiteral("not a Revisor snapshot");
    QTest::newRow("wrong type") << head + R"({"name": "t", "columns": [{"position": "1"}]}]})" << QString()
                                << QStringLiteral("tables[0].columns[0].position is not a number");
    QTest::newRow("string list") << head + R"({"name": "t", "inherits": ["a", 1]}]})" << QString()
                                 << QStringLiteral("tables[0].inherits is not an array of strings");
    QTest::newRow("truncated") << head + R"({"name": "t")" << QString() << QStringLiteral("invalid JSON at offset");
    QTest::newRow("control character") << head + "{\"name\": \"a\nb\"}]}" << QString() << QStringLiteral("invalid JSON at offset");
    QTest::newRow("trailing garbage") << head + R"({"name": "t"}]} x)" << QString() << QStringLiteral("invalid JSON");
    QTest::newRow("not an object") << QByteArray("[1]") << QString() << QStringLiteral("holds a JSON object");
}

void TestSchemaDiff::snapshotFileText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, tableName);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("snap.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    auto read = readSnapshotFile(path);
    if (error.isEmpty()) {
        QVERIFY2(read.has_value(), why(read).constData());
        QCOMPARE(read->tables.size(), 1);
        QCOMPARE(read->tables[0].name, tableName);
        QVERIFY(read->tables[0].comment.isEmpty());
        // A snapshot a QJsonDocument reads the same way.
        auto viaDocument = Snapshot::fromJson(QJsonDocument::fromJson(text).object());
        QVERIFY2(viaDocument.has_value(), why(viaDocument).constData());
        QVERIFY(*viaDocument == *read);
    } else {
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(error), qPrintable(read.error().message));
        QCOMPARE(read.error().file, path);
    }
}

void TestSchemaDiff::diffJsonRoundTrip()
{
    const Snapshot before = baseline();
    Snapshot after = before;
    after.tables.removeLast();
    tableOf(after, "repositories").columns[1].defaultExpr = "'b'::text";
    tableOf(after, "repositories").columns.append(column("project_id", 4, "text"));
    const SchemaDiff d = diffSnapshots(before, after);
    QCOMPARE(d.size(), 3);
    auto back = SchemaDiff::fromJson(QJsonDocument::fromJson(QJsonDocument(d.toJson()).toJson()).array());
    QVERIFY2(back.has_value(), why(back).constData());
    QCOMPARE(back->entries, d.entries);
    QVERIFY(!SchemaDiff::fromJson(QJsonArray{QJsonObject{{"change", "moved"}, {"kind", "table"}, {"name", "x"}}}));
}

QTEST_GUILESS_MAIN(TestSchemaDiff)
#include "tst_schemadiff.moc"
