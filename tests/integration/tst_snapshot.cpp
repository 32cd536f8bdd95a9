#include "builders.h"
#include "db/session.h"
#include "runner/versionstore.h"
#include "schema/catalogreader.h"
#include "schema/snapshot.h"
#include "schema/snapshotdiff.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QTest>

using namespace revisor;

namespace {

template <typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

// A hand-made schema with every object kind a snapshot covers. Statements run one by one.
const QStringList kFixture = {
    "CREATE ROLE snapshot_reader",
    "CREATE EXTENSION citext",
    "CREATE EXTENSION file_fdw",
    "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
    "CREATE SCHEMA app",
    "COMMENT ON SCHEMA app IS 'application'",
    "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE DOMAIN app.slug AS text DEFAULT 'x' NOT NULL CONSTRAINT slug_format CHECK (VALUE ~ '^[a-z-]+$')",
    "CREATE TYPE app.pair AS (a integer, b text)",
    "CREATE TYPE app.floatrange AS RANGE (subtype = float8)",
    "COMMENT ON TYPE app.mood IS 'how it feels'",
    "CREATE SEQUENCE app.counter AS integer INCREMENT 5 MINVALUE 10 MAXVALUE 1000 START 20 CACHE 2 CYCLE",
    "CREATE TABLE app.repositories (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " path text NOT NULL DEFAULT 'a', name text COLLATE \"C\", slug app.slug, tag citext,"
    " upper_path text GENERATED ALWAYS AS (upper(path)) STORED, mood app.mood,"
    " CONSTRAINT repositories_path_key UNIQUE (path) DEFERRABLE INITIALLY DEFERRED)",
    "COMMENT ON TABLE app.repositories IS 'indexed repositories'",
    "COMMENT ON COLUMN app.repositories.path IS 'where it lives'",
    "CREATE TABLE app.code_chunks (id bigserial PRIMARY KEY,"
    " repository_id integer NOT NULL REFERENCES app.repositories (id) ON DELETE CASCADE ON UPDATE RESTRICT,"
    " content text, embedding real[])",
    "ALTER TABLE app.code_chunks ADD CONSTRAINT content_not_empty CHECK (content <> '') NOT VALID",
    "COMMENT ON CONSTRAINT content_not_empty ON app.code_chunks IS 'no empty chunks'",
    "CREATE INDEX chunks_content_idx ON app.code_chunks (lower(content) text_pattern_ops) INCLUDE (id)"
    " WHERE content IS NOT NULL",
    "COMMENT ON INDEX app.chunks_content_idx IS 'prefix search'",
    "CREATE TABLE app.booking (room integer, during tsrange, EXCLUDE USING gist (during WITH &&))",
    "CREATE TABLE app.events (id integer, at date NOT NULL) PARTITION BY RANGE (at)",
    "CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    "CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v text) WITH (fillfactor = 70)",
    "CREATE FOREIGN TABLE app.ext_log (line text) SERVER files OPTIONS (filename '/dev/null')",
    "CREATE TABLE app.work_items (id serial PRIMARY KEY, repository_id integer REFERENCES app.repositories (id),"
    " title text NOT NULL DEFAULT 'x' CHECK (length(title) < 100), created timestamptz DEFAULT now())",
    "CREATE INDEX work_items_title_idx ON app.work_items (title)",
    "COMMENT ON TABLE app.work_items IS 'to be dropped'",
    "CREATE VIEW app.recent AS SELECT id, path FROM app.repositories WHERE id > 10",
    "CREATE MATERIALIZED VIEW app.stats AS SELECT repository_id, count(*) AS n FROM app.code_chunks GROUP BY repository_id",
    "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
    "COMMENT ON FUNCTION app.touch() IS 'updates nothing'",
    "CREATE PROCEDURE app.cleanup(days integer) LANGUAGE sql AS $$DELETE FROM app.code_chunks WHERE false$$",
    "CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0')",
    "CREATE TRIGGER touch_chunks BEFORE UPDATE ON app.code_chunks FOR EACH ROW EXECUTE FUNCTION app.touch()",
    "COMMENT ON TRIGGER touch_chunks ON app.code_chunks IS 'touch'",
    "ALTER TABLE app.repositories ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY own_rows ON app.repositories FOR SELECT TO snapshot_reader USING (name = current_user)",
    "GRANT SELECT ON app.repositories TO snapshot_reader",
    "GRANT SELECT (content) ON app.code_chunks TO snapshot_reader",
    // Index spellings (catalog/indexes.sql spells plain-column ones itself).
    "CREATE INDEX repositories_name_desc ON app.repositories (name DESC NULLS LAST, path NULLS FIRST, id DESC)",
    "CREATE INDEX repositories_path_c ON app.repositories (path COLLATE \"C\" text_pattern_ops)",
    "CREATE INDEX repositories_mood_hash ON app.repositories USING hash (mood)",
    "CREATE INDEX booking_room_brin ON app.booking USING brin (room)",
    "CREATE INDEX \"Cache Value\" ON app.cache (v DESC, k varchar_pattern_ops)",
    "CREATE TABLE app.pk_include (a integer, b text, \"Mixed Case\" varchar(20), PRIMARY KEY (a) INCLUDE (b, \"Mixed Case\"))",
    "CREATE INDEX pk_include_partial ON app.pk_include (b) WHERE a > 0",
    "CREATE UNIQUE INDEX pk_include_b_key ON app.pk_include (b) INCLUDE (a)",
    "CREATE INDEX events_at_idx ON app.events (at)",
    // Opclass options take pg_get_indexdef(); a renamed column keeps its old name in the index's
    // own pg_attribute rows, while definitions name the table's column.
    "CREATE TABLE app.docs (id integer, body tsvector, \"Title\" text)",
    "CREATE INDEX docs_body_gist ON app.docs USING gist (body tsvector_ops (siglen = 100))",
    "CREATE INDEX docs_id_title ON app.docs (id, \"Title\" DESC)",
    "ALTER TABLE app.docs RENAME COLUMN id TO doc_id",
    "CREATE TABLE public.alembic_version (version_num varchar(32) NOT NULL,"
    " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
};

const QString kWorkItems = QStringLiteral(
    "CREATE TABLE app.work_items (id serial PRIMARY KEY, repository_id integer REFERENCES app.repositories (id),"
    " title text NOT NULL DEFAULT 'x' CHECK (length(title) < 100), created timestamptz DEFAULT now())");

QStringList entryKeys(const SchemaDiff &diff)
{
    QStringList out;
    for (const DiffEntry &e : diff.entries)
        out << (DiffEntry::changeName(e.change) + QLatin1Char(' ') + e.objectKind + QLatin1Char(' ') + e.name
                + (e.attribute.isEmpty() ? QString() : QLatin1Char(' ') + e.attribute));
    return out;
}

} // namespace

class TestSnapshot : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void capturesEveryKind();
    void leavesOutSystemExtensionAndVersionTable();
    void indexDefinitionsMatchPgGetIndexdef();
    void jsonRoundTripOfCapture();
    void recreatedTableComparesEqual();
    void droppedColumnHoleIsNoDifference();
    void runsInsideCallersTransaction();
    void sameTableNameInTwoSchemas();
    void failedCatalogQueryLeavesSessionUsable();
    void detectsChange_data();
    void detectsChange();

private:
    Status run(const QStringList &statements);
    /// By default without the Alembic version table, as the rehearsal captures.
    Snapshot capture(const SnapshotOptions &options = test::leavingOut(alembicVersionStore()->ownTables()));

    std::unique_ptr<Session> m_session;
    Snapshot m_fixture;
};

Status TestSnapshot::run(const QStringList &statements)
{
    for (const QString &sql : statements) {
        if (auto r = m_session->exec(sql); !r)
            return fail(r.error());
    }
    return {};
}

Snapshot TestSnapshot::capture(const SnapshotOptions &options)
{
    auto s = captureSnapshot(*m_session, options);
    if (!s)
        qFatal("capture failed: %s", qPrintable(s.error().toString()));
    return *s;
}

void TestSnapshot::initTestCase()
{
    auto settings = test::freshDatabase(QStringLiteral("snapshot"));
    QVERIFY2(settings.has_value(), why(settings).constData());
    auto session = Session::open(*settings);
    QVERIFY2(session.has_value(), why(session).constData());
    m_session = std::move(*session);
    const auto created = run(kFixture);
    QVERIFY2(created.has_value(), why(created).constData());
    QElapsedTimer timer;
    timer.start();
    m_fixture = capture();
    qInfo("fixture captured in %lld ms", timer.elapsed());
    QVERIFY(!m_session->inTransaction());
}

void TestSnapshot::capturesEveryKind()
{
    const Snapshot &s = m_fixture;
    QCOMPARE(s.serverVersion, m_session->serverVersion());
    QVERIFY(s.capturedAt.isValid());

    QStringList schemas;
    for (const SchemaInfo &i : s.schemas)
        schemas << i.name;
    QCOMPARE(schemas, (QStringList{"app", "public"}));
    QCOMPARE(s.schemas[0].comment, QStringLiteral("application"));
    QCOMPARE(s.schemas[0].owner, QStringLiteral("postgres"));

    QVERIFY(s.extension("citext"));
    QVERIFY(!s.extension("citext")->version.isEmpty());
    QVERIFY(s.extension("plpgsql"));

    const TypeDef *mood = s.type("app", "mood");
    QVERIFY(mood);
    QCOMPARE(mood->kind, QStringLiteral("enum"));
    QCOMPARE(mood->elements, (QStringList{"sad", "ok", "happy"}));
    QCOMPARE(mood->comment, QStringLiteral("how it feels"));
    const TypeDef *slug = s.type("app", "slug");
    QVERIFY(slug);
    QCOMPARE(slug->kind, QStringLiteral("domain"));
    QCOMPARE(slug->baseType, QStringLiteral("text"));
    QVERIFY(slug->notNull);
    QCOMPARE(slug->defaultExpr, QStringLiteral("'x'::text"));
    QCOMPARE(slug->elements, (QStringList{"slug_format CHECK ((VALUE ~ '^[a-z-]+$'::text))"}));
    QCOMPARE(s.type("app", "pair")->elements, (QStringList{"a integer", "b text"}));
    QCOMPARE(s.type("app", "floatrange")->baseType, QStringLiteral("double precision"));

    const Sequence *counter = s.sequence("app", "counter");
    QVERIFY(counter);
    QCOMPARE(counter->type, QStringLiteral("integer"));
    QCOMPARE(counter->increment, QStringLiteral("5"));
    QCOMPARE(counter->minValue, QStringLiteral("10"));
    QCOMPARE(counter->maxValue, QStringLiteral("1000"));
    QCOMPARE(counter->start, QStringLiteral("20"));
    QCOMPARE(counter->cache, QStringLiteral("2"));
    QVERIFY(counter->cycle);
    QCOMPARE(s.sequence("app", "code_chunks_id_seq")->ownedBy, QStringLiteral("app.code_chunks.id"));
    QCOMPARE(s.sequence("app", "repositories_id_seq")->ownedBy, QStringLiteral("app.repositories.id"));

    QStringList functions;
    for (const Function &f : s.functions)
        functions << f.kind + QLatin1Char(' ') + f.qualifiedName();
    QCOMPARE(functions, (QStringList{"procedure app.cleanup(IN days integer)", "aggregate app.total(integer)",
                                     "function app.touch()"}));
    QVERIFY(s.functions[2].definition.contains(QStringLiteral("BEGIN RETURN NEW; END")));
    QCOMPARE(s.functions[2].comment, QStringLiteral("updates nothing"));
    QCOMPARE(s.functions[2].language, QStringLiteral("plpgsql"));
    QVERIFY(s.functions[1].definition.contains(QStringLiteral("SFUNC = int4pl")));

    const Table *repos = s.table(QStringLiteral("app.repositories"));
    QVERIFY(repos);
    QCOMPARE(repos->kind, QStringLiteral("table"));
    QCOMPARE(repos->comment, QStringLiteral("indexed repositories"));
    QVERIFY(repos->rowSecurity);
    QVERIFY(!repos->forceRowSecurity);
    QVERIFY(repos->acl.contains(QStringLiteral("snapshot_reader=r/postgres")));
    QCOMPARE(repos->columns.size(), 7);
    QCOMPARE(repos->column("id")->identity, QStringLiteral("always"));
    QCOMPARE(repos->column("path")->defaultExpr, QStringLiteral("'a'::text"));
    QVERIFY(repos->column("path")->notNull);
    QCOMPARE(repos->column("path")->comment, QStringLiteral("where it lives"));
    QCOMPARE(repos->column("name")->collation, QStringLiteral("\"C\""));
    QCOMPARE(repos->column("slug")->type, QStringLiteral("app.slug"));
    QCOMPARE(repos->column("tag")->type, QStringLiteral("citext"));
    QCOMPARE(repos->column("upper_path")->generated, QStringLiteral("upper(path)"));
    QVERIFY(repos->column("upper_path")->defaultExpr.isEmpty());
    QCOMPARE(repos->column("mood")->position, 7);
    const Constraint *pathKey = repos->constraint("repositories_path_key");
    QVERIFY(pathKey);
    QCOMPARE(pathKey->type, QStringLiteral("unique"));
    QVERIFY(pathKey->deferrable && pathKey->deferred);
    QCOMPARE(repos->policies.size(), 1);
    QCOMPARE(repos->policies[0].command, QStringLiteral("select"));
    QCOMPARE(repos->policies[0].roles, (QStringList{"snapshot_reader"}));
    QCOMPARE(repos->policies[0].usingExpr, QStringLiteral("(name = CURRENT_USER)"));

    const Table *chunks = s.table("app", "code_chunks");
    QVERIFY(chunks);
    QCOMPARE(chunks->column("embedding")->type, QStringLiteral("real[]"));
    QVERIFY(chunks->column("content")->acl.contains(QStringLiteral("snapshot_reader=r/postgres")));
    const Constraint *fk = chunks->constraint("code_chunks_repository_id_fkey");
    QVERIFY(fk);
    QCOMPARE(fk->type, QStringLiteral("foreign key"));
    QCOMPARE(fk->definition, QStringLiteral("FOREIGN KEY (repository_id) REFERENCES app.repositories(id) ON UPDATE RESTRICT ON DELETE CASCADE"));
    const Constraint *check = chunks->constraint("content_not_empty");
    QVERIFY(check);
    QCOMPARE(check->definition, QStringLiteral("CHECK ((content <> ''::text))"));
    QVERIFY(!check->validated);
    QCOMPARE(check->comment, QStringLiteral("no empty chunks"));
    const Index *idx = chunks->index("chunks_content_idx");
    QVERIFY(idx);
    QCOMPARE(idx->definition, QStringLiteral("CREATE INDEX chunks_content_idx ON app.code_chunks USING btree "
                                             "(lower(content) text_pattern_ops) INCLUDE (id) WHERE (content IS NOT NULL)"));
    QVERIFY(!idx->unique && idx->valid);
    QCOMPARE(idx->comment, QStringLiteral("prefix search"));
    QVERIFY(chunks->index("code_chunks_pkey")->primary);
    QCOMPARE(chunks->triggers.size(), 1);
    QVERIFY(chunks->triggers[0].definition.contains(QStringLiteral("EXECUTE FUNCTION app.touch()")));
    QCOMPARE(chunks->triggers[0].enabled, QStringLiteral("origin"));
    QCOMPARE(chunks->triggers[0].comment, QStringLiteral("touch"));

    QCOMPARE(s.table("app", "booking")->constraints.value(0).type, QStringLiteral("exclusion"));
    QCOMPARE(s.table("app", "events")->kind, QStringLiteral("partitioned table"));
    QCOMPARE(s.table("app", "events")->partitionKey, QStringLiteral("RANGE (at)"));
    QCOMPARE(s.table("app", "events_2024")->partitionBound, QStringLiteral("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"));
    QCOMPARE(s.table("app", "events_2024")->inherits, (QStringList{"app.events"}));
    QCOMPARE(s.table("app", "cache")->persistence, QStringLiteral("unlogged"));
    QCOMPARE(s.table("app", "cache")->options, QStringLiteral("fillfactor=70"));
    QCOMPARE(s.table("app", "ext_log")->kind, QStringLiteral("foreign table"));
    QCOMPARE(s.table("app", "recent")->kind, QStringLiteral("view"));
    QVERIFY(s.table("app", "recent")->viewDefinition.contains(QStringLiteral("WHERE (repositories.id > 10)")));
    QCOMPARE(s.table("app", "stats")->kind, QStringLiteral("materialized view"));
    QCOMPARE(s.table("app", "stats")->columns.size(), 2);
}

void TestSnapshot::leavesOutSystemExtensionAndVersionTable()
{
    const Snapshot &s = m_fixture;
    QVERIFY(!s.table("public", "alembic_version"));
    for (const Table &t : s.tables)
        QVERIFY2(t.schema == QLatin1String("app"), qPrintable(t.qualifiedName()));
    // citext's own type and functions belong to the extension, not to the schema.
    QVERIFY(!s.type("public", "citext"));
    for (const Function &f : s.functions)
        QVERIFY2(f.schema == QLatin1String("app"), qPrintable(f.qualifiedName()));

    const SnapshotOptions keepAll;
    const Snapshot all = capture(keepAll);
    const Table *version = all.table("public", "alembic_version");
    QVERIFY(version);
    QVERIFY(version->constraint("alembic_version_pkc"));
    QCOMPARE(entryKeys(diffSnapshots(s, all)), QStringList{"added table public.alembic_version"});

    const SnapshotOptions otherSchema = test::leavingOut({{QStringLiteral("app"), QStringLiteral("alembic_version")}});
    QVERIFY(capture(otherSchema).table("public", "alembic_version"));
    const SnapshotOptions qualified = test::leavingOut({{QStringLiteral("public"), QStringLiteral("alembic_version")}});
    QVERIFY(sameSchema(capture(qualified), s));
    // Several tables at once: a tool whose bookkeeping is more than one table.
    const SnapshotOptions two = test::leavingOut({{QStringLiteral("public"), QStringLiteral("alembic_version")}, {QString(), s.tables.first().name}});
    QCOMPARE(capture(two).tables.size(), s.tables.size() - 1);
}

void TestSnapshot::indexDefinitionsMatchPgGetIndexdef()
{
    auto expected = m_session->exec(QStringLiteral(
        "SELECT n.nspname, t.relname, ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'app'"));
    QVERIFY2(expected.has_value(), why(expected).constData());
    QVERIFY2(expected->rows.size() >= 15, qPrintable(QString::number(expected->rows.size())));
    for (const QStringList &row : expected->rows) {
        const Table *t = m_fixture.table(row[0], row[1]);
        QVERIFY2(t, qPrintable(row[1]));
        const Index *index = t->index(row[2]);
        QVERIFY2(index, qPrintable(row[2]));
        QCOMPARE(index->definition, row[3]);
    }
}

void TestSnapshot::jsonRoundTripOfCapture()
{
    auto back = Snapshot::fromJson(m_fixture.toJson());
    QVERIFY2(back.has_value(), why(back).constData());
    QVERIFY(*back == m_fixture);
}

void TestSnapshot::recreatedTableComparesEqual()
{
    const Snapshot before = capture();
    QVERIFY(sameSchema(before, m_fixture));
    const auto recreated = run({"DROP TABLE app.work_items", kWorkItems,
                                "CREATE INDEX work_items_title_idx ON app.work_items (title)",
                                "COMMENT ON TABLE app.work_items IS 'to be dropped'"});
    QVERIFY2(recreated.has_value(), why(recreated).constData());
    const Snapshot after = capture();
    const SchemaDiff diff = diffSnapshots(before, after);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.toText()));
    QVERIFY(sameSchema(before, after));
}

void TestSnapshot::droppedColumnHoleIsNoDifference()
{
    // A rollback that drops a column leaves a hole in attnum; positions count live columns.
    const Snapshot before = capture();
    const auto changed = run({"ALTER TABLE app.work_items ADD COLUMN project_id varchar(50)",
                              "ALTER TABLE app.work_items DROP COLUMN project_id",
                              "ALTER TABLE app.work_items ADD COLUMN note text"});
    QVERIFY2(changed.has_value(), why(changed).constData());
    const Snapshot withHole = capture();
    QCOMPARE(withHole.table("app", "work_items")->column("note")->position, 5);
    QCOMPARE(entryKeys(diffSnapshots(before, withHole)), QStringList{"added column app.work_items.note"});
    const auto recreated = run({"DROP TABLE app.work_items", kWorkItems,
                                "CREATE INDEX work_items_title_idx ON app.work_items (title)",
                                "COMMENT ON TABLE app.work_items IS 'to be dropped'",
                                "ALTER TABLE app.work_items ADD COLUMN note text"});
    QVERIFY2(recreated.has_value(), why(recreated).constData());
    const SchemaDiff diff = diffSnapshots(withHole, capture());
    QVERIFY2(diff.isEmpty(), qPrintable(diff.toText()));
    QVERIFY(run({"ALTER TABLE app.work_items DROP COLUMN note"}).has_value());
}

void TestSnapshot::runsInsideCallersTransaction()
{
    QVERIFY(run({"BEGIN", "CREATE TABLE app.scratch (id integer)"}).has_value());
    const Snapshot inside = capture();
    QVERIFY(m_session->inTransaction());   // the caller's transaction is left open
    QVERIFY(inside.table("app", "scratch"));
    QVERIFY(run({"ROLLBACK"}).has_value());
    QVERIFY(!capture().table("app", "scratch"));

    // The capture turns JIT off for its catalog queries only: the caller's setting is back.
    QVERIFY(run({"BEGIN", "SET LOCAL jit = on"}).has_value());
    capture();
    QCOMPARE(m_session->scalar(QStringLiteral("SELECT current_setting('jit')")).value_or(QString()), QStringLiteral("on"));
    QVERIFY(run({"SET LOCAL jit = off"}).has_value());
    capture();
    QCOMPARE(m_session->scalar(QStringLiteral("SELECT current_setting('jit')")).value_or(QString()), QStringLiteral("off"));
    QVERIFY(run({"ROLLBACK"}).has_value());
    const QString sessionJit = m_session->scalar(QStringLiteral("SELECT current_setting('jit')")).value_or(QString());
    capture();
    QCOMPARE(m_session->scalar(QStringLiteral("SELECT current_setting('jit')")).value_or(QString()), sessionJit);
}

void TestSnapshot::sameTableNameInTwoSchemas()
{
    // Children are linked to their table by OID within a capture: a table of the same name in
    // another schema keeps its own columns, constraints, indexes, triggers and policies.
    QVERIFY(run({"BEGIN", "CREATE SCHEMA other",
                 "CREATE TABLE other.repositories (code text PRIMARY KEY CHECK (code <> ''))",
                 "CREATE INDEX other_code_idx ON other.repositories (code DESC)",
                 "CREATE TRIGGER touch_other BEFORE UPDATE ON other.repositories FOR EACH ROW EXECUTE FUNCTION app.touch()",
                 "CREATE POLICY other_rows ON other.repositories USING (true)"})
                .has_value());
    const Snapshot s = capture();
    QVERIFY(run({"ROLLBACK"}).has_value());
    const Table *other = s.table("other", "repositories");
    QVERIFY(other);
    QCOMPARE(other->columns.size(), 1);
    QCOMPARE(other->columns[0].name, QStringLiteral("code"));
    QCOMPARE(other->columns[0].position, 1);
    QCOMPARE(other->constraints.size(), 2);
    QCOMPARE(other->constraints[0].name, QStringLiteral("repositories_code_check"));
    QCOMPARE(other->constraints[1].name, QStringLiteral("repositories_pkey"));
    QCOMPARE(other->constraints[1].definition, QStringLiteral("PRIMARY KEY (code)"));
    QCOMPARE(other->indexes.size(), 2);
    QCOMPARE(other->indexes[0].definition,
             QStringLiteral("CREATE INDEX other_code_idx ON other.repositories USING btree (code DESC)"));
    QCOMPARE(other->triggers.size(), 1);
    QCOMPARE(other->policies.size(), 1);
    const Table *repos = s.table("app", "repositories");
    QVERIFY(repos);
    QVERIFY(*repos == *m_fixture.table("app", "repositories"));
}

void TestSnapshot::failedCatalogQueryLeavesSessionUsable()
{
    // The catalog queries are pipelined: one that fails (here: deparsing a CHECK constraint
    // waits for a lock held elsewhere) fails the capture with the server's error, and the
    // session leaves pipeline mode and its own transaction behind, ready for the next one.
    auto other = Session::open(m_session->settings());
    QVERIFY2(other.has_value(), why(other).constData());
    QVERIFY((*other)->exec(QStringLiteral("BEGIN")).has_value());
    QVERIFY((*other)->exec(QStringLiteral("LOCK TABLE app.code_chunks IN ACCESS EXCLUSIVE MODE")).has_value());
    QVERIFY(run({"SET lock_timeout = '100ms'"}).has_value());
    const auto failed = captureSnapshot(*m_session);
    QVERIFY(run({"RESET lock_timeout"}).has_value());
    QVERIFY((*other)->exec(QStringLiteral("ROLLBACK")).has_value());
    QVERIFY(!failed.has_value());
    QCOMPARE(failed.error().sqlState, QStringLiteral("55P03"));
    QVERIFY2(failed.error().message.contains(QStringLiteral("catalog query")), qPrintable(failed.error().message));
    QVERIFY(!m_session->inTransaction());
    QCOMPARE(m_session->scalar(QStringLiteral("SELECT 1")).value_or(QString()), QStringLiteral("1"));
    QVERIFY(sameSchema(capture(), m_fixture));
}

void TestSnapshot::detectsChange_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name, QStringList sql, QStringList expected) {
        QTest::newRow(name) << sql << expected;
    };
    row("column added", {"ALTER TABLE app.repositories ADD COLUMN project_id varchar(50) NOT NULL DEFAULT 'default'"},
        {"added column app.repositories.project_id"});
    row("column removed", {"ALTER TABLE app.work_items DROP COLUMN created"}, {"removed column app.work_items.created"});
    row("column default", {"ALTER TABLE app.repositories ALTER COLUMN path SET DEFAULT 'b'"},
        {"changed column app.repositories.path default"});
    row("column type", {"ALTER TABLE app.work_items ALTER COLUMN title TYPE varchar(200)"},
        {"changed column app.work_items.title type", "changed constraint app.work_items.work_items_title_check definition"});
    row("column nullability", {"ALTER TABLE app.work_items ALTER COLUMN created SET NOT NULL"},
        {"changed column app.work_items.created not null"});
    row("column comment", {"COMMENT ON COLUMN app.repositories.path IS 'elsewhere'"},
        {"changed column app.repositories.path comment"});
    row("column identity", {"ALTER TABLE app.repositories ALTER COLUMN id SET GENERATED BY DEFAULT"},
        {"changed column app.repositories.id identity"});
    row("check constraint added",
        {"ALTER TABLE app.repositories ADD CONSTRAINT ck_repositories_project_id CHECK (path ~ '^[a-z0-9-]{1,50}$')"},
        {"added constraint app.repositories.ck_repositories_project_id"});
    row("constraint removed", {"ALTER TABLE app.code_chunks DROP CONSTRAINT content_not_empty"},
        {"removed constraint app.code_chunks.content_not_empty"});
    row("constraint validated", {"ALTER TABLE app.code_chunks VALIDATE CONSTRAINT content_not_empty"},
        {"changed constraint app.code_chunks.content_not_empty validated"});
    row("foreign key action",
        {"ALTER TABLE app.code_chunks DROP CONSTRAINT code_chunks_repository_id_fkey",
         "ALTER TABLE app.code_chunks ADD CONSTRAINT code_chunks_repository_id_fkey FOREIGN KEY (repository_id)"
         " REFERENCES app.repositories (id) ON DELETE SET NULL ON UPDATE RESTRICT"},
        {"changed constraint app.code_chunks.code_chunks_repository_id_fkey definition"});
    row("index added", {"CREATE INDEX idx_project_repository ON app.repositories (path, id)"},
        {"added index app.repositories.idx_project_repository"});
    row("index removed", {"DROP INDEX app.chunks_content_idx"}, {"removed index app.code_chunks.chunks_content_idx"});
    row("index predicate",
        {"DROP INDEX app.work_items_title_idx", "CREATE INDEX work_items_title_idx ON app.work_items (title) WHERE id > 0"},
        {"changed index app.work_items.work_items_title_idx definition"});
    row("table added", {"CREATE TABLE app.tasks (id serial PRIMARY KEY)"}, {"added table app.tasks"});
    row("sequence owned by a kept table removed", {"ALTER TABLE app.work_items ALTER COLUMN id DROP DEFAULT",
                                                   "DROP SEQUENCE app.work_items_id_seq"},
        {"removed sequence app.work_items_id_seq", "changed column app.work_items.id default"});
    row("table removed", {"DROP TABLE app.work_items"},
        {"removed table app.work_items"});
    row("table comment", {"COMMENT ON TABLE app.repositories IS 'repos'"}, {"changed table app.repositories comment"});
    row("table owner", {"ALTER TABLE app.cache OWNER TO snapshot_reader"}, {"changed table app.cache owner"});
    row("table privileges", {"GRANT INSERT ON app.cache TO snapshot_reader"}, {"changed table app.cache acl"});
    row("table persistence", {"ALTER TABLE app.cache SET LOGGED"}, {"changed table app.cache persistence"});
    row("row security", {"ALTER TABLE app.repositories FORCE ROW LEVEL SECURITY"},
        {"changed table app.repositories force row security"});
    row("policy removed", {"DROP POLICY own_rows ON app.repositories"}, {"removed policy app.repositories.own_rows"});
    row("policy expression", {"ALTER POLICY own_rows ON app.repositories USING (true)"},
        {"changed policy app.repositories.own_rows using"});
    row("trigger disabled", {"ALTER TABLE app.code_chunks DISABLE TRIGGER touch_chunks"},
        {"changed trigger app.code_chunks.touch_chunks enabled"});
    row("trigger removed", {"DROP TRIGGER touch_chunks ON app.code_chunks"},
        {"removed trigger app.code_chunks.touch_chunks"});
    row("view definition", {"CREATE OR REPLACE VIEW app.recent AS SELECT id, path FROM app.repositories WHERE id > 20"},
        {"changed view app.recent definition"});
    row("function body",
        {"CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN OLD; END$$"},
        {"changed function app.touch() definition"});
    row("sequence increment", {"ALTER SEQUENCE app.counter INCREMENT 7"}, {"changed sequence app.counter increment"});
    row("enum value", {"ALTER TYPE app.mood ADD VALUE 'ecstatic'"}, {"changed type app.mood elements"});
    row("domain constraint", {"ALTER DOMAIN app.slug ADD CONSTRAINT slug_length CHECK (length(VALUE) < 60)"},
        {"changed type app.slug elements"});
    row("extension added", {"CREATE EXTENSION hstore"}, {"added extension hstore"});
    row("schema added", {"CREATE SCHEMA audit"}, {"added schema audit"});
    row("partition detached", {"ALTER TABLE app.events DETACH PARTITION app.events_2024"},
        {"changed table app.events_2024 inherits", "changed table app.events_2024 partition bound"});
}

void TestSnapshot::detectsChange()
{
    QFETCH(QStringList, statements);
    QFETCH(QStringList, expected);
    // Each change runs in a transaction that is rolled back; captures run inside it.
    QVERIFY(run({"BEGIN"}).has_value());
    const Snapshot before = capture();
    const auto changed = run(statements);
    if (!changed)
        run({"ROLLBACK"});
    QVERIFY2(changed.has_value(), why(changed).constData());
    const Snapshot after = capture();
    QVERIFY(run({"ROLLBACK"}).has_value());
    const SchemaDiff diff = diffSnapshots(before, after);
    QCOMPARE(entryKeys(diff), expected);
    QVERIFY(!sameSchema(before, after));
    // And back: the reverse diff mirrors it.
    QCOMPARE(diffSnapshots(after, before).size(), diff.size());
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
