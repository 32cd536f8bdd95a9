// The command line's guards around migrations: a dirty database after a failed step that is not
// transactional and `resolve`, the history of applied scripts (edited and inserted revisions),
// offline plans (--sql) and `stamp`.
#include "clirun.h"
#include "db/session.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QProcessEnvironment>
#include <QTest>

using namespace revisor;

namespace {

using Run = test::CliRun;

const QString Base = test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int, v int);"), QStringLiteral("DROP TABLE t;"));

QString failing002()
{
    return test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                              QStringLiteral("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nINSERT INTO t (fixme) VALUES (1);\n"
                                             "CREATE TABLE c (id int);\nCREATE TABLE d (id int);\n"),
                              QStringLiteral("DROP TABLE d;\nDROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n"),
                              QStringLiteral("-- transactional: false\n"));
}

} // namespace

class TestCliGuard : public QObject
{
    Q_OBJECT

private:
    struct Db
    {
        ConnectionSettings settings;
        std::unique_ptr<Session> session;
        QProcessEnvironment env;
    };

    static Db database(const QString &prefix)
    {
        Db db;
        auto settings = test::freshDatabase(prefix);
        if (!settings)
            qFatal("%s", qPrintable(settings.error().toString()));
        db.settings = *settings;
        auto session = Session::open(*settings);
        if (!session)
            qFatal("%s", qPrintable(session.error().toString()));
        db.session = std::move(*session);
        db.env = QProcessEnvironment::systemEnvironment();
        db.env.insert(QStringLiteral("DATABASE_URL"), settings->conninfo());
        return db;
    }

    static Run run(const Db &db, const QString &set, QStringList args)
    {
        args << QStringLiteral("--set") << set;
        return test::runRevisor(args, db.env);
    }

    static QString exists(Session &s, const QString &relation)
    {
        auto r = s.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {relation});
        return r ? *r : r.error().message;
    }

private slots:
    void dirtyDatabaseIsRefusedUntilResolved()
    {
        Db db = database(QStringLiteral("dirty"));
        test::TempSet dir({{QStringLiteral("001.sql"), Base}, {QStringLiteral("002.sql"), failing002()}});
        const Run failed = run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")});
        QCOMPARE(failed.exitCode, 3);

        const Run current = run(db, dir.path(), {QStringLiteral("current")});
        QCOMPARE(current.exitCode, 0);
        QVERIFY2(current.out.contains(QLatin1String("dirty: 002 after statement 2 of 5")), qPrintable(current.out));

        for (const QStringList &args : {QStringList{QStringLiteral("upgrade"), QStringLiteral("head")},
                                        QStringList{QStringLiteral("downgrade"), QStringLiteral("base")}}) {
            const Run refused = run(db, dir.path(), args);
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains(QLatin1String("dirty")) && refused.err.contains(QLatin1String("revision 002"))
                         && refused.err.contains(QLatin1String("statement 2 of 5")) && refused.err.contains(QLatin1String("revisor resolve")),
                     qPrintable(refused.err));
        }
        QCOMPARE(exists(*db.session, QStringLiteral("b")), QStringLiteral("t"));

        // Repaired by hand; resume runs statements 3 to 5 and records the move.
        QVERIFY_RESULT(db.session->exec(QStringLiteral("ALTER TABLE t ADD COLUMN fixme int")));
        const Run resumed = run(db, dir.path(), {QStringLiteral("resolve"), QStringLiteral("--resume")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(resumed.out.trimmed(), QStringLiteral("002"));
        QCOMPARE(exists(*db.session, QStringLiteral("d")), QStringLiteral("t"));
        const Run clean = run(db, dir.path(), {QStringLiteral("current")});
        QVERIFY2(clean.out.startsWith(QLatin1String("002")) && !clean.out.contains(QLatin1String("dirty")), qPrintable(clean.out));
        QCOMPARE(run(db, dir.path(), {QStringLiteral("resolve"), QStringLiteral("--resume")}).exitCode, 2); // nothing to resolve

        // Marked by hand, either way.
        QCOMPARE(run(db, dir.path(), {QStringLiteral("downgrade"), QStringLiteral("001")}).exitCode, 0);
        QVERIFY_RESULT(db.session->exec(QStringLiteral("ALTER TABLE t DROP COLUMN fixme")));
        QCOMPARE(run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 3);
        const Run rolledBack = run(db, dir.path(), {QStringLiteral("resolve"), QStringLiteral("--mark-rolled-back")});
        QVERIFY2(rolledBack.exitCode == 0, qPrintable(rolledBack.err));
        QCOMPARE(rolledBack.out.trimmed(), QStringLiteral("001"));
        QVERIFY_RESULT(db.session->exec(QStringLiteral("DROP TABLE a, b")));
        QCOMPARE(run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 3);
        const Run applied = run(db, dir.path(), {QStringLiteral("resolve"), QStringLiteral("--mark-applied")});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        QCOMPARE(applied.out.trimmed(), QStringLiteral("002"));
        QVERIFY(!run(db, dir.path(), {QStringLiteral("current")}).out.contains(QLatin1String("dirty")));
        // The dirty record is bookkeeping: snapshots leave it out.
        const Run snapshot = run(db, dir.path(), {QStringLiteral("snapshot")});
        QCOMPARE(snapshot.exitCode, 0);
        QVERIFY(!snapshot.out.contains(QLatin1String("revisor_dirty")));
    }

    void failedConcurrentIndexIsNamed()
    {
        Db db = database(QStringLiteral("cic"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
                               QStringLiteral("CREATE TABLE t (id int, v int);\nINSERT INTO t VALUES (1, 1), (2, 1);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                               QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY t_v_key ON t (v);"), QStringLiteral("DROP INDEX CONCURRENTLY t_v_key;"),
                               QStringLiteral("-- transactional: false\n"))}});
        const Run failed = run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")});
        QCOMPARE(failed.exitCode, 3);
        QVERIFY2(failed.err.contains(QLatin1String("INVALID index(es) public.t_v_key")), qPrintable(failed.err));
        const Run current = run(db, dir.path(), {QStringLiteral("current")});
        QVERIFY2(current.out.contains(QLatin1String("dirty: 002 after statement 0 of 1")) && current.out.contains(QLatin1String("public.t_v_key")),
                 qPrintable(current.out));
        QVERIFY_RESULT(db.session->exec(QStringLiteral("DROP INDEX t_v_key")));
        QVERIFY_RESULT(db.session->exec(QStringLiteral("DELETE FROM t WHERE id = 2")));
        const Run resumed = run(db, dir.path(), {QStringLiteral("resolve"), QStringLiteral("--resume")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(db.session->scalar(QStringLiteral("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_key'::regclass")).value(), QStringLiteral("t"));
    }

    // Item 14: what Revisor applied is kept with the SHA-256 of each script; an edited or an
    // inserted revision is a warning.
    void historyWarnsOfEditedAndInsertedRevisions()
    {
        Db db = database(QStringLiteral("history"));
        const QString second = test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"));
        test::TempSet dir({{QStringLiteral("001.sql"), Base}, {QStringLiteral("002.sql"), second}});
        QCOMPARE(run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
        QCOMPARE(run(db, dir.path(), {QStringLiteral("downgrade"), QStringLiteral("-1")}).exitCode, 0);
        QCOMPARE(run(db, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
        const Run applied = run(db, dir.path(), {QStringLiteral("history"), QStringLiteral("--applied")});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const QStringList lines = applied.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines.at(0).contains(QLatin1String("up 001 (base -> 001)")) && lines.at(2).contains(QLatin1String("down 002 (002 -> 001)")),
                 qPrintable(applied.out));
        QVERIFY2(lines.at(0).contains(QLatin1String("by postgres")), qPrintable(applied.out));
        QVERIFY(!run(db, dir.path(), {QStringLiteral("current")}).err.contains(QLatin1String("warning")));

        test::TempSet edited({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int, v int, w int);"), QStringLiteral("DROP TABLE t;"))},
                              {QStringLiteral("002.sql"), second}});
        for (const QStringList &args : {QStringList{QStringLiteral("current")}, QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}}) {
            const Run r = run(db, edited.path(), args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.err.contains(QLatin1String("warning: revision 001 (")) && r.err.contains(QLatin1String("changed since it was applied")), qPrintable(r.err));
        }

        test::TempSet inserted({{QStringLiteral("001.sql"), Base},
                                {QStringLiteral("001a.sql"), test::revisionFile(QStringLiteral("001a"), QStringLiteral("001"), QStringLiteral("CREATE TABLE x (id int);"), QStringLiteral("DROP TABLE x;"))},
                                {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001a"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"))}});
        const Run r = run(db, inserted.path(), {QStringLiteral("current")});
        QVERIFY2(r.err.contains(QLatin1String("warning: revision(s) 001a were inserted below 002 after the database passed it")), qPrintable(r.err));

        const Run snapshot = run(db, dir.path(), {QStringLiteral("snapshot")});
        QVERIFY(!snapshot.out.contains(QLatin1String("revisor_history")));

        Db other = database(QStringLiteral("nohistory"));
        QCOMPARE(run(other, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--no-history")}).exitCode, 0);
        QCOMPARE(exists(*other.session, QStringLiteral("revisor_history")), QStringLiteral("f"));
    }

    // Item 15: the exact SQL of a plan, bookkeeping included, without a database; stamp.
    void offlinePlansAndStamp()
    {
        test::TempSet dir({{QStringLiteral("001.sql"), Base},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"))},
                           {QStringLiteral("003.sql"), test::revisionFile(QStringLiteral("003"), QStringLiteral("002"), QStringLiteral("CREATE INDEX CONCURRENTLY u_id ON u (id);"),
                                                                         QStringLiteral("DROP INDEX CONCURRENTLY u_id;"), QStringLiteral("-- transactional: false\n"))}});
        QProcessEnvironment nowhere = QProcessEnvironment::systemEnvironment();
        nowhere.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("host=/nonexistent-socket-dir dbname=nodb"));
        const auto offline = [&](QStringList args) { return test::runRevisor(args << QStringLiteral("--set") << dir.path(), nowhere); };

        const Run up = offline({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--sql")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        const QString expectedStart = QStringLiteral("BEGIN;\n-- %1/versions/001.sql:4\nCREATE TABLE t (id int, v int);\n").arg(dir.path());
        QVERIFY2(up.out.contains(expectedStart), qPrintable(up.out));
        QVERIFY2(up.out.contains(QLatin1String("INSERT INTO \"alembic_version\" (version_num) VALUES ('001');\nCOMMIT;\n")), qPrintable(up.out));
        QVERIFY2(up.out.contains(QLatin1String("UPDATE \"alembic_version\" SET version_num = '002' WHERE version_num = '001';")), qPrintable(up.out));
        // The step that is not transactional: its statement alone, then its bookkeeping.
        QVERIFY2(up.out.contains(QStringLiteral("-- %1/versions/003.sql:6\nCREATE INDEX CONCURRENTLY u_id ON u (id);\nBEGIN;\n").arg(dir.path())), qPrintable(up.out));

        const Run one = offline({QStringLiteral("upgrade"), QStringLiteral("+1"), QStringLiteral("--sql"), QStringLiteral("--from"), QStringLiteral("001")});
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QVERIFY(one.out.contains(QLatin1String("CREATE TABLE u")) && !one.out.contains(QLatin1String("CREATE TABLE t")) && !one.out.contains(QLatin1String("u_id")));

        QCOMPARE(offline({QStringLiteral("downgrade"), QStringLiteral("-1"), QStringLiteral("--sql")}).exitCode, 2);
        const Run down = offline({QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--sql"), QStringLiteral("--from"), QStringLiteral("002")});
        QVERIFY2(down.exitCode == 0, qPrintable(down.err));
        QVERIFY2(down.out.contains(QLatin1String("DROP TABLE u;")) && down.out.contains(QLatin1String("DELETE FROM \"alembic_version\" WHERE version_num = '001';")), qPrintable(down.out));

        Db db = database(QStringLiteral("stamp"));
        const Run stamped = run(db, dir.path(), {QStringLiteral("stamp"), QStringLiteral("002")});
        QVERIFY2(stamped.exitCode == 0, qPrintable(stamped.err));
        QVERIFY(run(db, dir.path(), {QStringLiteral("current")}).out.startsWith(QLatin1String("002")));
        QCOMPARE(exists(*db.session, QStringLiteral("t")), QStringLiteral("f"));
        QCOMPARE(run(db, dir.path(), {QStringLiteral("stamp"), QStringLiteral("base")}).exitCode, 0);
        QVERIFY(run(db, dir.path(), {QStringLiteral("current")}).out.startsWith(QLatin1String("base")));
    }
};

QTEST_GUILESS_MAIN(TestCliGuard)
#include "tst_cli_guard.moc"
