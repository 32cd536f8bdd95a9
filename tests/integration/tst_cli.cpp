// The revisor command line as a user runs it: a separate process, its output and exit codes.
#include "clirun.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/migrationlock.h"
#include "tempset.h"
#include "testserver.h"

#include <QProcess>
#include <QTest>

using namespace revisor;

namespace {

using Run = test::CliRun;
using test::runRevisor;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
    }

    void historyInOrder()
    {
        const Run r = runRevisor({QStringLiteral("history")});
        QCOMPARE(r.exitCode, 0);
        QStringList ids;
        for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
            ids << line.section(QStringLiteral(" -> "), 1).section(u' ', 0, 0);
        QCOMPARE(ids.join(u' '), QStringLiteral("001 003 003a 003b 005 002"));
        const Run json = runRevisor({QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(json.out.contains(QLatin1String("\"revision\": \"003a\"")));
    }

    void helpAndVersion()
    {
        QCOMPARE(runRevisor({QStringLiteral("--version")}).exitCode, 0);
        for (const char *command : {"history", "current", "upgrade", "downgrade", "resolve", "stamp", "seed", "scratch"}) {
            const Run r = runRevisor({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QLatin1String("--help")), command);
        }
        QCOMPARE(runRevisor({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(runRevisor({QStringLiteral("upgrade")}).exitCode, 2);
    }

    // "upgrade 001" asked at base, waiting for the lock while another migrator takes the
    // database to 002: once the lock is free it must refuse, not run downgrade 002 -> 001.
    void upgradeWaitingForTheLockNeverMovesDown()
    {
        auto db = test::freshDatabase(QStringLiteral("cli_direction"));
        QVERIFY_RESULT(db);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"))}});
        auto holder = MigrationLock::acquire(*db, 1000);
        QVERIFY_RESULT(holder);
        QProcess upgrade;
        upgrade.start(qEnvironmentVariable("REVISOR_BINARY"),
                      {QStringLiteral("upgrade"), QStringLiteral("001"), QStringLiteral("--set"), dir.path(), QStringLiteral("--db"), db->conninfo()});
        QVERIFY(upgrade.waitForStarted());
        QTest::qWait(700);
        QCOMPARE(upgrade.state(), QProcess::Running); // waiting for the lock
        // The other migrator, holding the lock, takes the database to 002.
        auto other = Session::open(*db);
        QVERIFY_RESULT(other);
        for (const char *sql : {"CREATE TABLE t (id int)", "CREATE TABLE u (id int)",
                                "CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)",
                                "INSERT INTO alembic_version VALUES ('002')"})
            QVERIFY_RESULT((*other)->exec(QString::fromLatin1(sql)));
        holder->reset();
        QVERIFY(upgrade.waitForFinished(30000));
        const QString err = QString::fromUtf8(upgrade.readAllStandardError());
        QCOMPARE(upgrade.exitCode(), 2);
        QVERIFY2(err.contains(QLatin1String("below the current revision 002")), qPrintable(err));
        QCOMPARE((*other)->scalar(QStringLiteral("SELECT version_num FROM alembic_version")).value(), QStringLiteral("002"));
        QCOMPARE((*other)->scalar(QStringLiteral("SELECT to_regclass('u') IS NOT NULL")).value(), QStringLiteral("t"));
    }

    // A revision that sets search_path must not move the version table: it stays in the first
    // schema of the connection's initial path, and the next run finds it there.
    void searchPathInARevisionDoesNotMoveTheVersionTable()
    {
        auto db = test::freshDatabase(QStringLiteral("cli_search_path"));
        QVERIFY_RESULT(db);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
                                QStringLiteral("CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE things (id int);"),
                                QStringLiteral("DROP SCHEMA app CASCADE;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                QStringLiteral("CREATE TABLE app.more (id int);"), QStringLiteral("DROP TABLE app.more;"))}});
        const QStringList common{QStringLiteral("--set"), dir.path(), QStringLiteral("--db"), db->conninfo()};
        Run r = runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("001")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runRevisor(QStringList{QStringLiteral("current")} + common);
        QVERIFY2(r.out.startsWith(QLatin1String("001")), qPrintable(r.out + r.err));
        r = runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        auto session = Session::open(*db);
        QVERIFY_RESULT(session);
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT string_agg(schemaname, ',') FROM pg_tables WHERE tablename = 'alembic_version'")).value(),
                 QStringLiteral("public"));
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT version_num FROM public.alembic_version")).value(), QStringLiteral("002"));
    }

    // The lock's backend terminated while a step runs: the step is rolled back and the run
    // stops with an error, instead of finishing while another migrator may start.
    void losingTheLockStopsTheRun()
    {
        auto db = test::freshDatabase(QStringLiteral("cli_lock_lost"));
        QVERIFY_RESULT(db);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
                                QStringLiteral("CREATE TABLE slow (id int);\nSELECT pg_sleep(3);"), QStringLiteral("DROP TABLE slow;"))}});
        QProcess upgrade;
        upgrade.start(qEnvironmentVariable("REVISOR_BINARY"),
                      {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--set"), dir.path(), QStringLiteral("--db"), db->conninfo()});
        QVERIFY(upgrade.waitForStarted());
        auto session = Session::open(*db);
        QVERIFY_RESULT(session);
        // Wait until the step sleeps, then end the lock's connection.
        QVERIFY(QTest::qWaitFor([&] {
            auto sleeping = (*session)->scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(3)%'"));
            return sleeping && *sleeping == QLatin1String("1");
        }, 10000));
        auto killed = (*session)->scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                        "WHERE datname = current_database() AND application_name = 'revisor (migration lock)'"));
        QVERIFY_RESULT(killed);
        QCOMPARE(*killed, QStringLiteral("1"));
        QVERIFY(upgrade.waitForFinished(30000));
        const QString err = QString::fromUtf8(upgrade.readAllStandardError());
        QCOMPARE(upgrade.exitCode(), 3);
        QVERIFY2(err.contains(QLatin1String("migration lock")), qPrintable(err));
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT to_regclass('slow') IS NULL AND to_regclass('alembic_version') IS NULL")).value(), QStringLiteral("t"));
    }

    void badSetIsExitTwoWithFileAndLine()
    {
        test::TempSet dir({{QStringLiteral("001.sql"), QStringLiteral("-- revision: 001\n-- message: no markers\nCREATE TABLE t ();\n")}});
        const Run r = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("001.sql:1:")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("migrate:up")), qPrintable(r.err));
    }

    void connectionErrorIsExitThreeWithoutPassword()
    {
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db"),
                               QStringLiteral("postgresql+asyncpg://alice:s3cr3t-pw@/nodb?host=/nonexistent-socket-dir")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("could not connect")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("s3cr3t-pw")) && !r.out.contains(QLatin1String("s3cr3t-pw")), qPrintable(r.err));
    }

    void seedScenario()
    {
        auto settings = test::freshDatabase(QStringLiteral("cli"));
        QVERIFY(settings.has_value());
        // DATABASE_URL as the seed's SQLAlchemy-style URL would be; here a keyword string.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), settings->conninfo());
        const QList<std::pair<QStringList, QString>> steps{
            {{QStringLiteral("upgrade"), QStringLiteral("005")}, QStringLiteral("005")},
            {{QStringLiteral("seed"), QStringLiteral("sample")}, QStringLiteral("005")},
            {{QStringLiteral("upgrade"), QStringLiteral("head")}, QStringLiteral("002")},
            {{QStringLiteral("downgrade"), QStringLiteral("-1")}, QStringLiteral("005")},
            {{QStringLiteral("downgrade"), QStringLiteral("-1")}, QStringLiteral("003b")},
        };
        for (const auto &[args, expected] : steps) {
            const Run r = runRevisor(args, env);
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(u' ') + QStringLiteral(": ") + r.err));
            const Run current = runRevisor({QStringLiteral("current")}, env);
            QCOMPARE(current.exitCode, 0);
            QCOMPARE(current.out.section(u' ', 0, 0).trimmed(), expected);
        }
        // A failing target: cannot go further down than base.
        const Run tooFar = runRevisor({QStringLiteral("downgrade"), QStringLiteral("-9")}, env);
        QCOMPARE(tooFar.exitCode, 2);
        QVERIFY(tooFar.err.contains(QLatin1String("cannot go -9 down")));
        const Run unknownSeed = runRevisor({QStringLiteral("seed"), QStringLiteral("nosuchseed")}, env);
        QCOMPARE(unknownSeed.exitCode, 2);
        QVERIFY(unknownSeed.err.contains(QLatin1String("sample")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
