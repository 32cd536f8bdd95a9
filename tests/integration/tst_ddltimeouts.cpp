// A step that needs a lock another session holds: --ddl-lock-timeout and --statement-timeout
// (and their revision headers) make it fail in time and say why; without them the lock
// watcher says who blocks it while it waits.
#include "db/session.h"
#include "runner/runner.h"
#include "clirun.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

using namespace revisor;

namespace {

// 001 creates the table; 002 needs ACCESS EXCLUSIVE on it.
test::TempSet busySet(const QString &header002 = {})
{
    return test::TempSet({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE busy (id int);"),
                                                                          QStringLiteral("DROP TABLE busy;"))},
                          {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("ALTER TABLE busy ADD COLUMN note text;"),
                                                                          QStringLiteral("ALTER TABLE busy DROP COLUMN note;"), header002)}});
}

QStringList upgrade(const test::TempSet &set, const ConnectionSettings &settings, const QString &target)
{
    return {QStringLiteral("upgrade"), target, QStringLiteral("--set"), set.path(), QStringLiteral("--db"), settings.conninfo()};
}

// A second session that holds ACCESS EXCLUSIVE on busy in an open transaction.
std::unique_ptr<Session> holdLock(const ConnectionSettings &settings)
{
    auto holder = test::openSession(settings);
    for (const char *sql : {"BEGIN", "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"}) {
        if (auto r = holder->exec(QString::fromLatin1(sql)); !r)
            qFatal("%s", qPrintable(r.error().toString()));
    }
    return holder;
}

} // namespace

class TestDdlTimeouts : public QObject
{
    Q_OBJECT

private slots:
    void ddlLockTimeoutNamesTheTable_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("header");
        QTest::newRow("option") << QStringList{QStringLiteral("--ddl-lock-timeout"), QStringLiteral("1")} << QString();
        QTest::newRow("header") << QStringList{} << QStringLiteral("-- lock-timeout: 1s\n");
    }

    void ddlLockTimeoutNamesTheTable()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, header);
        auto settings = test::freshDatabase(QStringLiteral("ddl_lock"));
        QVERIFY_RESULT(settings);
        const test::TempSet set = busySet(header);
        QCOMPARE(test::runRevisor(upgrade(set, *settings, QStringLiteral("001"))).exitCode, 0);
        auto holder = holdLock(*settings);

        const test::CliRun run = test::runRevisor(upgrade(set, *settings, QStringLiteral("head")) + options);
        QVERIFY2(run.exitCode == 3, qPrintable(QStringLiteral("exit %1\n%2").arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.ms < 8000, qPrintable(QString::number(run.ms)));
        QVERIFY2(run.err.contains(QLatin1String("waited 1 s for a lock on busy (ddl lock timeout)")), qPrintable(run.err));
        QVERIFY_RESULT(holder->exec(QStringLiteral("COMMIT")));
        QCOMPARE(test::openSession(*settings)->scalar(QStringLiteral("SELECT version_num FROM alembic_version")).value(), QStringLiteral("001"));
    }

    void statementTimeoutIsNotACancel()
    {
        auto settings = test::freshDatabase(QStringLiteral("ddl_stmt"));
        QVERIFY_RESULT(settings);
        const test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("SELECT pg_sleep(5);"),
                                                                                 QStringLiteral("SELECT 1;"))}});
        const test::CliRun run = test::runRevisor(upgrade(set, *settings, QStringLiteral("head"))
                                                  + QStringList{QStringLiteral("--statement-timeout"), QStringLiteral("1")});
        QVERIFY2(run.exitCode == 3, qPrintable(QStringLiteral("exit %1\n%2").arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.ms < 4500, qPrintable(QString::number(run.ms)));
        QVERIFY2(run.err.contains(QLatin1String("(statement timeout)")), qPrintable(run.err));
        QVERIFY2(!run.err.contains(QLatin1String("cancelled by the user")), qPrintable(run.err));
    }

    void watcherNamesTheBlocker()
    {
        auto settings = test::freshDatabase(QStringLiteral("ddl_watch"));
        QVERIFY_RESULT(settings);
        const test::TempSet set = busySet();
        QCOMPARE(test::runRevisor(upgrade(set, *settings, QStringLiteral("001"))).exitCode, 0);
        auto holder = holdLock(*settings);
        const QString holderPid = holder->scalar(QStringLiteral("SELECT pg_backend_pid()")).value();
        // Its last statement is what the watcher shows: the lock again (it holds it already).
        QVERIFY_RESULT(holder->exec(QStringLiteral("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")));

        QProcess p;
        p.start(qEnvironmentVariable("REVISOR_BINARY"), upgrade(set, *settings, QStringLiteral("head")));
        QVERIFY(p.waitForStarted());
        QString err;
        const QString expected = QStringLiteral("blocked by pid %1 (idle in transaction").arg(holderPid);
        QVERIFY2(QTest::qWaitFor([&] {
            p.waitForReadyRead(100);
            err += QString::fromUtf8(p.readAllStandardError());
            return err.contains(expected);
        }, 10000), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")), qPrintable(err));
        QCOMPARE(p.state(), QProcess::Running);
        QVERIFY_RESULT(holder->exec(QStringLiteral("COMMIT")));
        QVERIFY(p.waitForFinished(20000));
        err += QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QCOMPARE(test::openSession(*settings)->scalar(QStringLiteral("SELECT version_num FROM alembic_version")).value(), QStringLiteral("002"));
    }

    // SET LOCAL inside a step's transaction; a step without one sets and puts back: either
    // way the session's own values are what they were.
    void stepsLeaveTheSessionSettingsAlone()
    {
        auto settings = test::freshDatabase(QStringLiteral("ddl_nontx"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        const test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
                                      QStringLiteral("CREATE TABLE seen_tx AS SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS stmt;"),
                                      QStringLiteral("DROP TABLE seen_tx;"))},
                                 {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                      QStringLiteral("CREATE TABLE seen_auto AS SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS stmt;"),
                                      QStringLiteral("DROP TABLE seen_auto;"), QStringLiteral("-- transactional: false\n-- lock-timeout: 2s\n"))}});
        auto set = MigrationSet::load(dir.path());
        QVERIFY_RESULT(set);
        QVERIFY_RESULT(session->exec(QStringLiteral("SET lock_timeout = '7s'")));
        RunnerOptions options;
        options.timeouts.lockTimeoutMs = 1500;
        options.timeouts.statementTimeoutMs = 60000;
        Runner runner(*session, *set, options);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QVERIFY(out->completed());
        QCOMPARE(session->scalar(QStringLiteral("SELECT lock || ' ' || stmt FROM seen_tx")).value(), QStringLiteral("1500ms 1min"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT lock || ' ' || stmt FROM seen_auto")).value(), QStringLiteral("2s 1min"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')")).value(),
                 QStringLiteral("7s 0"));
    }
};

QTEST_GUILESS_MAIN(TestDdlTimeouts)
#include "tst_ddltimeouts.moc"
