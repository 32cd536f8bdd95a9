// Where a difference the rollback left comes from: the objects each statement touches, read
// from PostgreSQL's parse tree, and the statements of the round trip's up and down sections
// matched to each diff entry, with file:line. Hand-written SQL and diff entries, no database.
#include "migrations/migrationset.h"
#include "hazards/statementobjects.h"
#include "rehearsal/diffcauses.h"
#include "resultassert.h"

#include <QTest>

using namespace revisor;

namespace {

// "created index public.t.i" for each touched object, to compare lists in one line.
QStringList describe(const QList<TouchedObject> &objects)
{
    QStringList out;
    for (const TouchedObject &o : objects) {
        QStringList name{o.schema, o.table, o.name};
        name.removeAll(QString());
        out << QStringLiteral("%1 %2 %3").arg(TouchedObject::actionWord(o.action), o.kind, name.join(QLatin1Char('.')));
    }
    return out;
}

Revision revision(const QString &id, const QString &revises, const QString &up, const QString &down)
{
    Revision r;
    r.id = id;
    r.revises = RevisionRef(revises);
    r.upSql = up;
    r.downSql = down;
    r.file = QStringLiteral("/sets/demo/versions/%1.sql").arg(id);
    r.upLine = 10;
    r.downLine = 100;
    return r;
}

DiffEntry entry(DiffEntry::Change change, const QString &kind, const QString &name, const QString &attribute = {})
{
    DiffEntry e;
    e.change = change;
    e.objectKind = kind;
    e.name = name;
    e.attribute = attribute;
    return e;
}

QStringList texts(const QList<DiffCause> &causes)
{
    QStringList out;
    for (const DiffCause &c : causes)
        out << c.text();
    return out;
}

} // namespace

class TestDiffCauses : public QObject
{
    Q_OBJECT

private slots:
    void touchedObjects_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("create table") << QStringLiteral("CREATE TABLE s.t (id int PRIMARY KEY, c text CONSTRAINT cc CHECK (c <> ''), UNIQUE (c))")
                                      << QStringList{QStringLiteral("created table s.t"), QStringLiteral("created column s.t.id"),
                                                     QStringLiteral("created constraint s.t.t_pkey"), QStringLiteral("created index s.t.t_pkey"),
                                                     QStringLiteral("created column s.t.c"), QStringLiteral("created constraint s.t.cc"),
                                                     QStringLiteral("created constraint s.t.t_c_key"), QStringLiteral("created index s.t.t_c_key")};
        QTest::newRow("alter table") << QStringLiteral("ALTER TABLE t ADD COLUMN c int, DROP COLUMN d, ALTER COLUMN e SET DEFAULT 2, "
                                                       "ADD CONSTRAINT k CHECK (c > 0), DROP CONSTRAINT z, ENABLE ROW LEVEL SECURITY")
                                     << QStringList{QStringLiteral("created column t.c"), QStringLiteral("dropped column t.d"),
                                                    QStringLiteral("altered column t.e"), QStringLiteral("created constraint t.k"),
                                                    QStringLiteral("dropped constraint t.z"), QStringLiteral("dropped index t.z"),
                                                    QStringLiteral("altered table t")};
        QTest::newRow("index") << QStringLiteral("CREATE INDEX CONCURRENTLY ix ON s.t (a); DROP INDEX IF EXISTS s.ix, jx")
                               << QStringList{QStringLiteral("created index s.t.ix"), QStringLiteral("dropped index s.ix"), QStringLiteral("dropped index jx")};
        QTest::newRow("drops") << QStringLiteral("DROP TABLE a, b.c CASCADE; DROP TRIGGER tr ON s.t; DROP FUNCTION f(int); DROP TYPE x; DROP SCHEMA z")
                               << QStringList{QStringLiteral("dropped table a"), QStringLiteral("dropped table b.c"),
                                              QStringLiteral("dropped trigger s.t.tr"), QStringLiteral("dropped function f"),
                                              QStringLiteral("dropped type x"), QStringLiteral("dropped schema z")};
        QTest::newRow("rename and comment") << QStringLiteral("ALTER TABLE t RENAME COLUMN a TO b; COMMENT ON COLUMN t.b IS 'x'")
                                            << QStringList{QStringLiteral("renamed column t.a"), QStringLiteral("renamed column t.b"),
                                                           QStringLiteral("commented column t.b")};
        QTest::newRow("data only") << QStringLiteral("INSERT INTO t VALUES (1); UPDATE t SET a = 2; DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$")
                                   << QStringList{};
    }

    void touchedObjects()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, expected);
        auto objects = revisor::touchedObjects(sql);
        QVERIFY_RESULT(objects);
        QCOMPARE(describe(*objects), expected);
    }

    void unparsableSqlIsAnError()
    {
        auto objects = revisor::touchedObjects(QStringLiteral("CREATE TABLE ("));
        QVERIFY(!objects);
        QVERIFY2(objects.error().message.contains(QStringLiteral("syntax error")), qPrintable(objects.error().message));
    }

    void entriesPointAtTheirStatements()
    {
        // 001 is the baseline; the round trip is 002 and 003, up then down.
        const QList<Revision> revisions{
            revision(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE tasks (id int, notes text);"), QStringLiteral("DROP TABLE tasks;")),
            revision(QStringLiteral("002"), QStringLiteral("001"),
                     QStringLiteral("CREATE INDEX extra_idx ON tasks (id);\n\nALTER TABLE tasks ALTER COLUMN notes SET DEFAULT 'x';"),
                     QStringLiteral("ALTER TABLE tasks ALTER COLUMN notes DROP DEFAULT;")),
            revision(QStringLiteral("003"), QStringLiteral("002"), QStringLiteral("DROP TABLE tasks;"),
                     QStringLiteral("-- the table comes back without notes\nCREATE TABLE tasks (id int);"))};
        auto set = MigrationSet::fromRevisions(QStringLiteral("/sets/demo"), revisions);
        QVERIFY_RESULT(set);
        SchemaDiff diff;
        diff.entries = {entry(DiffEntry::Change::Added, QStringLiteral("index"), QStringLiteral("public.tasks.extra_idx")),
                        entry(DiffEntry::Change::Removed, QStringLiteral("column"), QStringLiteral("public.tasks.notes")),
                        entry(DiffEntry::Change::Changed, QStringLiteral("table"), QStringLiteral("public.other"), QStringLiteral("comment"))};
        const QList<QList<DiffCause>> causes = findDiffCauses(diff, *set, RevisionRef(QStringLiteral("001")), RevisionRef(QStringLiteral("003")));
        QCOMPARE(causes.size(), 3);
        // The stray index: created by 002's up section, and no down section drops it.
        QCOMPARE(texts(causes.at(0)), QStringList{QStringLiteral("created by 002 up at versions/002.sql:10")});
        QCOMPARE(causes.at(0).first().statement, QStringLiteral("CREATE INDEX extra_idx ON tasks (id)"));
        // The missing column: its default is altered in 002, and 003's down re-creates the
        // table (a comment line above the statement does not shift its line).
        QCOMPARE(texts(causes.at(1)), (QStringList{QStringLiteral("altered by 002 up at versions/002.sql:12"),
                                                   QStringLiteral("altered by 002 down at versions/002.sql:100")}));
        // An object no statement names has no cause.
        QVERIFY(causes.at(2).isEmpty());

        // Without a direct statement, a column is traced to its table's creation and drop.
        diff.entries = {entry(DiffEntry::Change::Removed, QStringLiteral("column"), QStringLiteral("public.tasks.\"Notes 2\""))};
        const QList<QList<DiffCause>> table = findDiffCauses(diff, *set, RevisionRef(QStringLiteral("001")), RevisionRef(QStringLiteral("003")));
        QCOMPARE(texts(table.first()), (QStringList{QStringLiteral("dropped by 003 up at versions/003.sql:10"),
                                                    QStringLiteral("created by 003 down at versions/003.sql:101")}));
    }

    void causesTravelInTheJson()
    {
        const DiffCause c{QStringLiteral("002"), QStringLiteral("down"), QStringLiteral("versions/002.sql"), 241, QStringLiteral("created"),
                          QStringLiteral("CREATE INDEX extra_idx ON repositories (path)")};
        QCOMPARE(DiffCause::fromJson(c.toJson()), c);
    }
};

QTEST_GUILESS_MAIN(TestDiffCauses)
#include "tst_diffcauses.moc"
