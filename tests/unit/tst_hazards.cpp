// The hazard analysis of single statements and steps, from libpg_query's parse tree.
#include "builders.h"
#include "hazards/stepanalysis.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QtTest>

using namespace revisor;

namespace {

// The rule ids of `sql`'s hazards, in order, analysed against `model`.
QStringList rulesOf(const QString &sql, SchemaModel &model, bool transactional = true)
{
    StepContext context;
    context.revision = QStringLiteral("r1");
    context.direction = QStringLiteral("up");
    context.file = QStringLiteral("r1.sql");
    context.transactional = transactional;
    const StatementHazards found = analyseStatement(SqlStatement{sql, 7, {}}, context, model);
    QStringList rules;
    for (const Hazard &h : found.hazards)
        rules << h.ruleId() + QLatin1Char(':') + h.levelName() + (h.table.isEmpty() ? QString() : QLatin1Char(':') + h.table);
    return rules;
}

// A model with an existing table t(id int, name varchar(20)) of 1000 rows, and an HNSW index
// on big(embedding).
SchemaModel existingTables()
{
    Snapshot snapshot;
    Table t;
    t.schema = QStringLiteral("public");
    t.name = QStringLiteral("t");
    t.kind = QStringLiteral("table");
    t.columns << test::column(QStringLiteral("id"), 1, QStringLiteral("integer"))
              << test::column(QStringLiteral("name"), 2, QStringLiteral("character varying(20)"));
    Table big = t;
    big.name = QStringLiteral("big");
    big.columns << test::column(QStringLiteral("embedding"), 3, QStringLiteral("vector(3)"));
    Index hnsw;
    hnsw.name = QStringLiteral("big_embedding_idx");
    hnsw.definition = QStringLiteral("CREATE INDEX big_embedding_idx ON public.big USING hnsw (embedding vector_cosine_ops)");
    big.indexes << hnsw;
    snapshot.tables << big << t;
    SchemaModel model = SchemaModel::fromSnapshot(snapshot);
    model.setRows(QStringLiteral("public"), QStringLiteral("t"), 1000);
    model.setRows(QStringLiteral("public"), QStringLiteral("big"), 50000);
    return model;
}

} // namespace

class TestHazards : public QObject
{
    Q_OBJECT

private slots:
    void statementRules_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("rules");
        const auto rules = [](std::initializer_list<const char *> list) {
            QStringList out;
            for (const char *r : list)
                out << QString::fromLatin1(r);
            return out;
        };
        QTest::newRow("check without NOT VALID") << "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0)" << rules({"scan-under-lock:warning:t"});
        QTest::newRow("check NOT VALID") << "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0) NOT VALID" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("validate") << "ALTER TABLE t VALIDATE CONSTRAINT c" << rules({"validate-scan:note:t"});
        QTest::newRow("foreign key") << "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES big (id)" << rules({"scan-under-lock:warning:t"});
        QTest::newRow("foreign key NOT VALID") << "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES big (id) NOT VALID" << rules({});
        QTest::newRow("set not null") << "ALTER TABLE t ALTER COLUMN id SET NOT NULL" << rules({"scan-under-lock:warning:t"});
        QTest::newRow("constant default") << "ALTER TABLE t ADD COLUMN p varchar(50) NOT NULL DEFAULT 'x'" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("volatile default") << "ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid()" << rules({"table-rewrite:warning:t"});
        QTest::newRow("serial column") << "ALTER TABLE t ADD COLUMN n bigserial" << rules({"table-rewrite:warning:t"});
        QTest::newRow("type change") << "ALTER TABLE t ALTER COLUMN id TYPE bigint" << rules({"table-rewrite:warning:t"});
        QTest::newRow("varchar widened") << "ALTER TABLE t ALTER COLUMN name TYPE varchar(40)" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("varchar narrowed") << "ALTER TABLE t ALTER COLUMN name TYPE varchar(10)" << rules({"table-rewrite:warning:t"});
        QTest::newRow("varchar to text") << "ALTER TABLE t ALTER COLUMN name TYPE text" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("set logged") << "ALTER TABLE t SET LOGGED" << rules({"table-rewrite:warning:t"});
        QTest::newRow("index") << "CREATE INDEX i ON t (name)" << rules({"index-without-concurrently:warning:t"});
        QTest::newRow("index concurrently in a transaction") << "CREATE INDEX CONCURRENTLY i ON t (name)" << rules({"not-in-transaction:error"});
        QTest::newRow("unique constraint builds an index") << "ALTER TABLE t ADD CONSTRAINT u UNIQUE (name)" << rules({"index-without-concurrently:warning:t"});
        QTest::newRow("unique using index") << "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("update without where") << "UPDATE t SET name = 'x'" << rules({"every-row-write:warning:t"});
        QTest::newRow("update with a filter") << "UPDATE t SET name = 'x' WHERE id < 10" << rules({});
        QTest::newRow("update joining only") << "UPDATE t SET name = b.name FROM big b WHERE b.id = t.id" << rules({"every-row-write:warning:t"});
        QTest::newRow("update joining and filtering") << "UPDATE t SET name = b.name FROM big b WHERE b.id = t.id AND b.id > 3" << rules({});
        QTest::newRow("update of an hnsw table") << "UPDATE big SET name = 'x' WHERE id < 10" << rules({"expensive-index-write:warning:big"});
        QTest::newRow("delete everything") << "DELETE FROM t" << rules({"data-deletion:warning:t"});
        QTest::newRow("drop table") << "DROP TABLE t, big" << rules({"data-deletion:warning:t", "data-deletion:warning:big"});
        QTest::newRow("drop column") << "ALTER TABLE t DROP COLUMN name" << rules({"data-deletion:warning:t"});
        QTest::newRow("truncate") << "TRUNCATE t" << rules({"data-deletion:warning:t"});
        QTest::newRow("drop index") << "DROP INDEX big_embedding_idx" << rules({"index-without-concurrently:note:public.big"});
        QTest::newRow("vacuum") << "VACUUM t" << rules({"not-in-transaction:error"});
        QTest::newRow("vacuum full") << "VACUUM FULL t" << rules({"not-in-transaction:error", "table-rewrite:warning:t"});
        QTest::newRow("rename") << "ALTER TABLE t RENAME TO t2" << rules({"access-exclusive-lock:note:t"});
        QTest::newRow("new table") << "CREATE TABLE n (id int)" << rules({});
        QTest::newRow("insert values") << "INSERT INTO big VALUES (1)" << rules({});
        QTest::newRow("insert select into hnsw table") << "INSERT INTO big SELECT * FROM t" << rules({"expensive-index-write:warning:big"});
        QTest::newRow("not SQL the parser reads") << "ALTER TABLE t ADD" << rules({});
    }

    void statementRules()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, rules);
        SchemaModel model = existingTables();
        QCOMPARE(rulesOf(sql, model), rules);
    }

    void predictedLocks()
    {
        SchemaModel model = existingTables();
        StepContext context;
        const auto locks = [&](const QString &sql) {
            QStringList out;
            for (const PredictedLock &l : analyseStatement(SqlStatement{sql, 1, {}}, context, model).locks)
                out << l.table + QLatin1Char('=') + l.mode;
            return out;
        };
        QCOMPARE(locks(QStringLiteral("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES big (id)")),
                 (QStringList{QStringLiteral("t=ShareRowExclusiveLock"), QStringLiteral("big=ShareRowExclusiveLock")}));
        QCOMPARE(locks(QStringLiteral("CREATE INDEX i ON t (name)")), QStringList{QStringLiteral("t=ShareLock")});
        QCOMPARE(locks(QStringLiteral("ALTER TABLE t VALIDATE CONSTRAINT c, ALTER COLUMN id SET NOT NULL")),
                 QStringList{QStringLiteral("t=AccessExclusiveLock")});
        QCOMPARE(locks(QStringLiteral("UPDATE t SET id = 1")), QStringList{QStringLiteral("t=RowExclusiveLock")});
    }

    void nonTransactionalConcurrentIndexIsANote()
    {
        SchemaModel model = existingTables();
        QCOMPARE(rulesOf(QStringLiteral("CREATE INDEX CONCURRENTLY i ON t (name)"), model, false),
                 QStringList{QStringLiteral("not-in-transaction:note")});
    }

    // What the step created is new and empty: no lock, scan or index hazard on it; and an
    // index created earlier in the step is seen by a later UPDATE.
    void stepTracksItsOwnChanges()
    {
        SchemaModel model = existingTables();
        QCOMPARE(rulesOf(QStringLiteral("CREATE TABLE fresh (id int, e vector(3))"), model), QStringList{});
        QCOMPARE(rulesOf(QStringLiteral("CREATE INDEX fresh_i ON fresh USING hnsw (e)"), model), QStringList{});
        QCOMPARE(rulesOf(QStringLiteral("ALTER TABLE fresh ADD CONSTRAINT c CHECK (id > 0)"), model), QStringList{});
        QCOMPARE(rulesOf(QStringLiteral("CREATE INDEX t_hnsw ON t USING hnsw (name)"), model),
                 QStringList{QStringLiteral("index-without-concurrently:warning:t")});
        QCOMPARE(rulesOf(QStringLiteral("UPDATE t SET id = id + 1 WHERE id = 3"), model),
                 QStringList{QStringLiteral("expensive-index-write:warning:t")});
        model.startStep();
        QCOMPARE(rulesOf(QStringLiteral("DROP TABLE fresh"), model), QStringList{QStringLiteral("data-deletion:warning:fresh")});
    }

    void hazardCarriesRowsAndIndexes()
    {
        SchemaModel model = existingTables();
        StepContext context;
        context.file = QStringLiteral("f.sql");
        const StatementHazards s = analyseStatement(SqlStatement{QStringLiteral("UPDATE big SET id = 2"), 12, {}}, context, model);
        QCOMPARE(s.hazards.size(), 2);
        const Hazard &h = s.hazards.at(1);
        QCOMPARE(h.rule, HazardRule::ExpensiveIndexWrite);
        QCOMPARE(h.rows, 50000);
        QCOMPARE(h.indexes, QStringList{QStringLiteral("big_embedding_idx (hnsw)")});
        QCOMPARE(h.file, QStringLiteral("f.sql"));
        QCOMPARE(h.line, 12);
        QVERIFY(!h.saferPattern.isEmpty());
        QCOMPARE(Hazard::fromJson(h.toJson()), h);
    }

    // Ranking uses the sizes of the capture: the same hazard on a larger table ranks higher,
    // and an error outranks every warning.
    void rankingBySize()
    {
        test::TempSet set({{QStringLiteral("r1.sql"),
                            test::revisionFile(QStringLiteral("r1"), QString(),
                                               QStringLiteral("UPDATE t SET id = 1;\nUPDATE big SET id = 1;\nVACUUM t;\n"),
                                               QStringLiteral("SELECT 1;"))}});
        auto loaded = MigrationSet::load(set.path());
        QVERIFY_RESULT(loaded);
        SchemaModel model = existingTables();
        auto step = analyseStep(loaded->revisions().first(), PlannedStep::Direction::Up, model);
        QVERIFY_RESULT(step);
        QVERIFY(step->ranked);
        const QList<Hazard> ranked = step->ranking();
        QCOMPARE(ranked.size(), 4);
        QCOMPARE(ranked.at(0).rule, HazardRule::NotInTransaction);
        QCOMPARE(ranked.at(1).rule, HazardRule::ExpensiveIndexWrite);
        QCOMPARE(ranked.at(2).table, QStringLiteral("big"));
        QCOMPARE(ranked.at(3).table, QStringLiteral("t"));
        QCOMPARE(StepHazards::fromJson(step->toJson()), *step);
    }

    void irreversibleRevision()
    {
        test::TempSet set({{QStringLiteral("r1.sql"),
                            QStringLiteral("-- revision: r1\n-- irreversible: true\n-- migrate:up\nCREATE TABLE a (id int);\n")}});
        auto loaded = MigrationSet::load(set.path());
        QVERIFY_RESULT(loaded);
        auto steps = lintSet(*loaded);
        QVERIFY_RESULT(steps);
        QCOMPARE(steps->size(), 1);
        const QList<Hazard> all = rankHazards(*steps);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().rule, HazardRule::Irreversible);
        QCOMPARE(all.first().line, 1);
    }

    // The acceptance: lint of the bundled set reports 002's hazards at their lines.
    void bundledSet002()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        auto steps = lintSet(*set);
        QVERIFY_RESULT(steps);
        QStringList found;
        for (const StepHazards &s : *steps) {
            if (s.revision != QLatin1String("002") || s.direction != QLatin1String("up"))
                continue;
            for (const Hazard &h : s.ranking())
                if (h.level != HazardLevel::Note)
                    found << QStringLiteral("%1:%2:%3").arg(h.line).arg(h.ruleId(), h.table);
        }
        found.sort();
        for (const QString &expected : {QStringLiteral("12:every-row-write:code_chunks"), QStringLiteral("19:scan-under-lock:repositories"),
                                        QStringLiteral("22:scan-under-lock:code_chunks"), QStringLiteral("25:index-without-concurrently:repositories")})
            QVERIFY2(found.contains(expected), qPrintable(expected + QStringLiteral(" not in ") + found.join(QStringLiteral(", "))));
        QCOMPARE(found.filter(QStringLiteral(":data-deletion:")).size(), 9);
    }
};

QTEST_GUILESS_MAIN(TestHazards)
#include "tst_hazards.moc"
