// The up/down pairs reader (golang-migrate, sqlx): ordering, dialect and autocommit variants,
// missing down files, and the checks every reader makes at load (UTF-8, splitting, ids).
#include "migrations/setreaders.h"
#include "resultassert.h"
#include "testserver.h"
#include "treefiles.h"

#include <QTest>

using namespace revisor;
using test::TempTree;

class TestLayoutPairs : public QObject
{
    Q_OBJECT

    static QByteArray sql(const char *text) { return QByteArray(text); }

private slots:
    void sampleIsReadInNumericOrder()
    {
        const QString dir = test::samplePath(test::sourceDir(), QStringLiteral("pairs"));
        auto set = MigrationSet::load(dir);
        QVERIFY_RESULT(set);
        QCOMPARE(set->format(), QStringLiteral("pairs"));
        QStringList ids;
        for (const Revision &r : set->revisions())
            ids << r.id;
        // By number: 9 before 10, as text "10" would sort before "9".
        QCOMPARE(ids.join(u' '), QStringLiteral("1 2 9 10 11 12 13"));
        const Revision *users = set->find(RevisionRef(QStringLiteral("1")));
        QCOMPARE(users->message, QStringLiteral("create_users"));
        QVERIFY(users->file.endsWith(QLatin1String("/1_create_users.up.sql")));
        QVERIFY(users->sectionFile(false).endsWith(QLatin1String("/1_create_users.down.sql")));
        QCOMPARE(users->upSql, QStringLiteral("CREATE TABLE users (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    name text NOT NULL\n);\n"));
        // The .postgres file wins over the generic one; the .sqlite one is another database's.
        const Revision *email = set->find(RevisionRef(QStringLiteral("2")));
        QVERIFY(email->file.endsWith(QLatin1String("/2_add_email.postgres.up.sql")));
        QVERIFY(email->upSql.contains(QLatin1String("COMMENT ON COLUMN")));
        // .autocommit on the up file only.
        const Revision *index = set->find(RevisionRef(QStringLiteral("10")));
        QVERIFY(!index->transactionalFor(true));
        QVERIFY(index->transactionalFor(false));
        // No down file: irreversible, and a plan down past it is refused.
        const Revision *backfill = set->find(RevisionRef(QStringLiteral("13")));
        QVERIFY(backfill->irreversible);
        QVERIFY(!set->plan(set->head(), RevisionRef::base()));
        QVERIFY(downHasNoEffect(*set->find(RevisionRef(QStringLiteral("12")))));
        QVERIFY(!downHasNoEffect(*set->find(RevisionRef(QStringLiteral("11")))));
    }

    void golangMigrateConventionsMakeAFileNonTransactional()
    {
        TempTree tree({{QStringLiteral("migrations/0001_a.up.sql"), sql("CREATE TABLE a (x int);\nCREATE INDEX CONCURRENTLY a_x ON a (x);\n")},
                       {QStringLiteral("migrations/0001_a.down.sql"), sql("DROP TABLE a;\n")},
                       {QStringLiteral("migrations/0002_b.up.sql"), sql("-- no-transaction\nVACUUM a;\n")},
                       {QStringLiteral("migrations/0002_b.autocommit.down.sql"), sql("SELECT 1;\n")}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_RESULT(set);
        QCOMPARE(set->revisions().size(), 2);
        QVERIFY(!set->revisions().at(0).transactionalFor(true));
        QVERIFY(set->revisions().at(0).transactionalFor(false));
        QVERIFY(!set->revisions().at(1).transactionalFor(true));
        QVERIFY(!set->revisions().at(1).transactionalFor(false));
        QCOMPARE(set->revisions().at(0).id, QStringLiteral("1")); // golang-migrate's number, as its table holds it
    }

    void theFormatOptionOverridesDetection()
    {
        // A folder with a versions/ subfolder is detected as native; --format pairs reads the pairs.
        TempTree tree({{QStringLiteral("versions/README"), sql("x")},
                       {QStringLiteral("5_x.up.sql"), sql("CREATE TABLE x (id int);")},
                       {QStringLiteral("5_x.down.sql"), sql("DROP TABLE x;")}});
        QVERIFY(!MigrationSet::load(tree.path()));
        SetOptions options;
        options.format = QStringLiteral("pairs");
        auto set = MigrationSet::load(tree.path(), options);
        QVERIFY_RESULT(set);
        QCOMPARE(set->head().id(), QStringLiteral("5"));
    }

    void brokenProjectsAreRefusedWithFileAndLine()
    {
        {
            TempTree tree({{QStringLiteral("1_a.up.sql"), sql("SELECT 1;")}, {QStringLiteral("01_b.up.sql"), sql("SELECT 2;")}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY(!set);
            QVERIFY2(set.error().message.contains(QLatin1String("is used twice")), qPrintable(set.error().message));
        }
        {
            TempTree tree({{QStringLiteral("1_a.up.sql"), sql("SELECT 1;")}, {QStringLiteral("2_b.down.sql"), sql("SELECT 2;")}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("2_b.down.sql")), 1);
        }
        {
            TempTree tree({{QStringLiteral("99999999999999999999_a.up.sql"), sql("SELECT 1;")}});
            auto set = MigrationSet::load(tree.path());
            QVERIFY_INPUT_ERROR(set, tree.file(QStringLiteral("99999999999999999999_a.up.sql")), 1);
            QVERIFY(set.error().message.contains(QLatin1String("bigint")));
        }
        {
            // Transaction control on line 3 of a down file: refused at load, not at the step.
            TempTree tree({{QStringLiteral("1_a.up.sql"), sql("CREATE TABLE a (x int);")},
                           {QStringLiteral("1_a.down.sql"), sql("-- undo\nDROP TABLE a;\nCOMMIT;\n")}});
            QVERIFY_INPUT_ERROR(MigrationSet::load(tree.path()), tree.file(QStringLiteral("1_a.down.sql")), 3);
        }
    }

    void latin1FilesAreRefusedWithTheByteOffset()
    {
        // "café" in Latin-1: 0xE9 is not UTF-8; decoded leniently it would reach the database as U+FFFD.
        TempTree tree({{QStringLiteral("1_a.up.sql"), QByteArray("CREATE TABLE a (x text);\nINSERT INTO a VALUES ('caf\xe9');\n")}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_INPUT_ERROR(set, tree.file(QStringLiteral("1_a.up.sql")), 2);
        QVERIFY2(set.error().message.contains(QLatin1String("byte offset 51")), qPrintable(set.error().message));
        QVERIFY(set.error().message.contains(QLatin1String("0xe9")));
        // The same check in Revisor's own format.
        TempTree native({{QStringLiteral("versions/001.sql"), QByteArray("-- revision: 001\n-- message: caf\xe9\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n")}});
        QVERIFY_INPUT_ERROR(MigrationSet::load(native.path()), native.file(QStringLiteral("versions/001.sql")), 2);
    }

    void idsTheVersionTableCannotHoldAreRefusedAtLoad()
    {
        const QByteArray longId(33, 'a');
        TempTree native({{QStringLiteral("versions/001.sql"), "-- revision: " + longId + "\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n"}});
        auto set = MigrationSet::load(native.path());
        QVERIFY_INPUT_ERROR(set, native.file(QStringLiteral("versions/001.sql")), 1);
        QVERIFY2(set.error().message.contains(QLatin1String("varchar(32)")), qPrintable(set.error().message));
    }
};

QTEST_GUILESS_MAIN(TestLayoutPairs)
#include "tst_layoutpairs.moc"
