// The runner against a real PostgreSQL (the scratch cluster): the seed's chain, failures that
// leave no trace, the migration lock, non-transactional revisions, notices and cancel.
#include "db/session.h"
#include "migrations/migrationset.h"
#include "runner/migrationlock.h"
#include "runner/runner.h"
#include "rehearsal/pointcapture.h"
#include "runner/seedrunner.h"
#include "builders.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QTest>

#include <future>
#include <thread>

using namespace revisor;

// A version store of another shape: one row per move in public.ledger, the latest wins.
class LedgerStore final : public VersionStore
{
public:
    QStringList calls;

    QString name() const override { return QStringLiteral("ledger"); }
    Result<RevisionRef> current(Session &session) override
    {
        auto rows = session.exec(QStringLiteral("SELECT to_regclass('public.ledger') IS NOT NULL"));
        if (!rows)
            return fail(rows.error());
        if (rows->scalar() != QLatin1String("t"))
            return RevisionRef::base();
        auto latest = session.scalar(QStringLiteral("SELECT coalesce((SELECT version FROM public.ledger ORDER BY n DESC LIMIT 1), '')"));
        if (!latest)
            return fail(latest.error());
        return RevisionRef(*latest);
    }
    Status beginMove(Session &, const PlannedStep &step) override
    {
        calls << QStringLiteral("begin %1->%2").arg(step.from.label(), step.to.label());
        return {};
    }
    Status commitMove(Session &session, const PlannedStep &step) override
    {
        calls << QStringLiteral("commit %1->%2").arg(step.from.label(), step.to.label());
        if (auto c = session.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS public.ledger (n serial PRIMARY KEY, version text NOT NULL)")); !c)
            return fail(c.error());
        session.takeNotices();
        if (auto i = session.exec(QStringLiteral("INSERT INTO public.ledger (version) VALUES ($1)"), {step.to.id()}); !i)
            return fail(i.error());
        return {};
    }
    Result<DirtyState> dirtyState(Session &) override { return DirtyState{}; }
    QList<TableName> ownTables() const override { return {{QStringLiteral("public"), QStringLiteral("ledger")}}; }
};

#define RUN_SQL(session, ...)                                                           \
    do {                                                                                \
        for (const char *sql_ : {__VA_ARGS__})                                          \
            QVERIFY_RESULT((session).exec(QString::fromUtf8(sql_)));                    \
    } while (false)

class TestRunner : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Session> connect(const QString &prefix, ConnectionSettings *settingsOut = nullptr)
    {
        auto settings = test::freshDatabase(prefix);
        if (!settings)
            qFatal("%s", qPrintable(settings.error().toString()));
        if (settingsOut)
            *settingsOut = *settings;
        auto session = Session::open(*settings);
        if (!session)
            qFatal("%s", qPrintable(session.error().toString()));
        return std::move(*session);
    }

    static QString versionRow(Session &s)
    {
        auto r = s.exec(QStringLiteral("SELECT coalesce(string_agg(version_num, ','), '') FROM alembic_version"));
        return r ? r->scalar() : QStringLiteral("<%1>").arg(r.error().message);
    }

    // Empty when every step completed; otherwise what stopped the run, as the user reads it.
    static QString failure(const Result<RunOutcome> &out)
    {
        if (!out)
            return out.error().toString();
        return out->error() ? out->error()->toString() : QString();
    }

    static MigrationSet load(const QString &dir)
    {
        auto set = MigrationSet::load(dir);
        if (!set)
            qFatal("%s", qPrintable(set.error().toString()));
        return *set;
    }

private slots:
    void seedChain()
    {
        auto session = connect(QStringLiteral("chain"));
        const MigrationSet set = load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        Runner runner(*session, set);
        QCOMPARE(runner.currentRevision().value(), RevisionRef::base());

        auto out = runner.migrate(QStringLiteral("005"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(out->steps.size(), 5);
        QCOMPARE(out->finalRevision, test::rev(QStringLiteral("005")));
        QCOMPARE(versionRow(*session), QStringLiteral("005"));

        std::atomic_bool cancel = false;
        auto seed = readSeed(set, QStringLiteral("sample"));
        QVERIFY(seed.has_value());
        auto seeded = runSeed(*session, *seed, {}, cancel);
        QVERIFY(seeded.has_value());
        QVERIFY2(seeded->completed(), qPrintable(seeded->error ? seeded->error->toString() : QString()));

        out = runner.migrate(QStringLiteral("head"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QStringLiteral("002"));
        QCOMPARE(out->steps.size(), 1);
        const StepResult &up = out->steps.first();
        QVERIFY(up.statements.size() > 5);
        QVERIFY(up.durationMs > 0);
        bool exclusiveOnRepositories = false;
        for (const LockInfo &l : up.locks)
            exclusiveOnRepositories |= l.relation == QLatin1String("public.repositories") && l.mode == QLatin1String("AccessExclusiveLock");
        QVERIFY2(exclusiveOnRepositories, "002 must hold AccessExclusiveLock on public.repositories before commit");
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM information_schema.columns WHERE table_name = 'repositories' AND column_name = 'project_id'")).value(), QStringLiteral("1"));

        out = runner.migrate(QStringLiteral("-1"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QStringLiteral("005"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM repositories")).value(), QStringLiteral("3"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM code_chunks")).value(), QStringLiteral("4"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT string_agg(path, ',' ORDER BY id) FROM repositories")).value(),
                 QStringLiteral("/test/repo1,/test/repo2,/test/repo3"));

        out = runner.migrate(QStringLiteral("-1"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QStringLiteral("003b"));
        QCOMPARE(runner.currentRevision().value(), test::rev(QStringLiteral("003b")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM code_chunks")).value(), QStringLiteral("4"));

        // All the way down and up again leaves only the version table behind, then head.
        out = runner.migrate(QStringLiteral("base"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QString());
        out = runner.migrate(QStringLiteral("head"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QStringLiteral("002"));
    }

    void failureAtThirdStatementLeavesNoTrace()
    {
        auto session = connect(QStringLiteral("fail3"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE base_t (id int);"), QStringLiteral("DROP TABLE base_t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                        QStringLiteral("CREATE TABLE first_t (id int);\n"
                                                                                       "INSERT INTO base_t VALUES (1);\n"
                                                                                       "-- the third statement fails\n"
                                                                                       "SELECT\n  nosuchcol FROM base_t;\n"
                                                                                       "CREATE TABLE never_t (id int);"),
                                                                        QStringLiteral("DROP TABLE first_t;"))}});
        const MigrationSet set = load(dir.path());
        Runner runner(*session, set);
        QCOMPARE(failure(runner.migrate(QStringLiteral("001"))), QString());
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QVERIFY(!out->completed());
        QCOMPARE(out->error()->sqlState, QStringLiteral("42703"));
        QCOMPARE(out->error()->revision, QStringLiteral("002"));
        QVERIFY(out->error()->file.endsWith(QLatin1String("002.sql")));
        // Header is 3 lines + marker: statements start on line 5; the failing token is on line 9.
        QCOMPARE(out->error()->line, 9);
        QCOMPARE(out->error()->exitCode(), 3);
        QVERIFY(out->error()->message.contains(QLatin1String("still at revision 001")));
        QCOMPARE(out->finalRevision, test::rev(QStringLiteral("001")));
        QCOMPARE(versionRow(*session), QStringLiteral("001"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('first_t') IS NULL")).value(), QStringLiteral("t"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM base_t")).value(), QStringLiteral("0"));
        QVERIFY(!session->inTransaction());
    }

    void secondMigratorWaitsThenTimesOut()
    {
        ConnectionSettings settings;
        auto session = connect(QStringLiteral("lock"), &settings);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))}});
        const MigrationSet set = load(dir.path());

        // Another migrator holds the lock.
        auto holder = MigrationLock::acquire(settings, 1000);
        QVERIFY(holder.has_value());
        RunnerOptions options;
        options.lockTimeoutMs = 700;
        Runner runner(*session, set, options);
        QElapsedTimer timer;
        timer.start();
        auto out = runner.migrate(QStringLiteral("head"));
        const qint64 waited = timer.elapsed();
        QVERIFY(!out);
        QCOMPARE(out.error().kind, ErrorKind::LockTimeout);
        QCOMPARE(out.error().exitCode(), 3);
        QVERIFY2(out.error().message.contains(QLatin1String("backend pid")), qPrintable(out.error().message));
        QVERIFY2(waited >= 700 && waited < 5000, qPrintable(QString::number(waited)));
        QCOMPARE(runner.currentRevision().value(), RevisionRef::base());

        holder->reset();

        // Held by a migrator on another thread and released while we wait: we proceed.
        options.lockTimeoutMs = 10000;
        Runner patient(*session, set, options);
        std::promise<void> locked;
        std::thread other([&settings, &locked] {
            auto lock = MigrationLock::acquire(settings, 1000);
            locked.set_value();
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
        });
        locked.get_future().wait();
        timer.restart();
        out = patient.migrate(QStringLiteral("head"));
        other.join();
        QCOMPARE(failure(out), QString());
        QVERIFY2(timer.elapsed() >= 350, "the second migrator must have waited for the lock");
        QCOMPARE(versionRow(*session), QStringLiteral("001"));
    }

    // The direction is checked under the migration lock, against the revision the database has
    // once the lock is ours: another migrator may have moved it while we waited.
    void directionIsCheckedUnderTheLock_data()
    {
        QTest::addColumn<QString>("start");     // where the database is when we ask
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("direction");     // Runner::Direction
        QTest::addColumn<QString>("meanwhile"); // where the other migrator moves it while we wait
        QTest::addColumn<QString>("fragment");
        QTest::newRow("upgrade never moves down") << "" << "001" << int(Runner::Direction::Up) << "002"
                                                  << "upgrade to 001: the target is below the current revision 002";
        QTest::newRow("downgrade never moves up") << "002" << "001" << int(Runner::Direction::Down) << ""
                                                  << "downgrade to 001: the target is above the current revision base";
    }

    void directionIsCheckedUnderTheLock()
    {
        QFETCH(QString, start);
        QFETCH(QString, target);
        QFETCH(int, direction);
        QFETCH(QString, meanwhile);
        QFETCH(QString, fragment);
        ConnectionSettings settings;
        auto session = connect(QStringLiteral("direction"), &settings);
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"))}});
        const MigrationSet set = load(dir.path());
        RunnerOptions unlocked;
        unlocked.takeLock = false;
        Runner other(*session, set, unlocked);
        QCOMPARE(failure(other.migrate(test::rev(start))), QString());

        auto holder = MigrationLock::acquire(settings, 1000);
        QVERIFY_RESULT(holder);
        std::promise<Result<RunOutcome>> result;
        std::thread waiter([&] {
            auto own = Session::open(settings);
            if (!own) {
                result.set_value(fail(own.error()));
                return;
            }
            Runner runner(**own, set);
            result.set_value(runner.migrate(target, Runner::Direction(direction)));
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QCOMPARE(failure(other.migrate(test::rev(meanwhile))), QString());
        holder->reset();
        waiter.join();
        const auto out = result.get_future().get();
        QVERIFY(!out);
        QCOMPARE(out.error().kind, ErrorKind::Usage);
        QVERIFY2(out.error().message.contains(fragment), qPrintable(out.error().message));
        QCOMPARE(versionRow(*session), meanwhile);
    }

    void failedStepSaysWhatStayedApplied()
    {
        auto session = connect(QStringLiteral("kept"));
        const QString base = test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"));
        const QString up = QStringLiteral("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nSELECT nosuchcol FROM t;\n");
        // Not transactional: the two statements before the failing one stay.
        {
            test::TempSet dir({{QStringLiteral("001.sql"), base},
                               {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, QStringLiteral("SELECT 1;"),
                                                                            QStringLiteral("-- transactional: false\n"))}});
            const MigrationSet set = load(dir.path());
            Runner runner(*session, set);
            auto out = runner.migrate(QStringLiteral("head"));
            QVERIFY_RESULT(out);
            QCOMPARE(out->steps.size(), 2);
            const StepResult &failed = out->steps.last();
            QVERIFY(!failed.completed());
            QCOMPARE(failed.statementsKept, 2);
            QCOMPARE(failed.to, test::rev(QStringLiteral("001")));
            QCOMPARE(out->finalRevision, test::rev(QStringLiteral("001")));
            QVERIFY2(failed.error->message.contains(QLatin1String("2 statement(s) before this one were applied and stay")), qPrintable(failed.error->message));
            QCOMPARE(StepResult::fromJson(failed.toJson()), failed);
            QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('b') IS NOT NULL")).value(), QStringLiteral("t"));
            // The half-way state is recorded, and refuses the next move until resolved.
            auto dirty = runner.versionStore().dirtyState(*session);
            QVERIFY_RESULT(dirty);
            QVERIFY(dirty->dirty);
            QCOMPARE(dirty->revision, test::rev(QStringLiteral("002")));
            QCOMPARE(dirty->statementsDone, 2);
            QCOMPARE(dirty->statementCount, 3);
            QCOMPARE(dirty->detail(), QStringLiteral("002 after statement 2 of 3 (upgrade from 001)"));
            auto refused = runner.migrate(QStringLiteral("head"));
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, ErrorKind::Usage);
            // Undone by hand, then said so.
            RUN_SQL(*session, "DROP TABLE a", "DROP TABLE b");
            auto resolved = runner.resolve(Runner::Resolution::MarkRolledBack);
            QVERIFY_RESULT(resolved);
            QCOMPARE(resolved->finalRevision, test::rev(QStringLiteral("001")));
            QVERIFY(!runner.versionStore().dirtyState(*session)->dirty);
        }
        // Transactional: nothing stays.
        test::TempSet dir({{QStringLiteral("001.sql"), base},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, QStringLiteral("SELECT 1;"))}});
        const MigrationSet set = load(dir.path());
        Runner runner(*session, set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QCOMPARE(out->steps.size(), 1);
        QCOMPARE(out->steps.last().statementsKept, 0);
        QCOMPARE(out->error()->sqlState, QStringLiteral("42703"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('a') IS NULL")).value(), QStringLiteral("t"));
    }

    // A statement the splitter refuses stops the plan before its first step, with the file,
    // line and revision: the plan is checked whole, so no step runs.
    void unsplittableStepIsRefusedBeforeTheFirstStep()
    {
        auto session = connect(QStringLiteral("split"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("\\i other.sql\n"), QStringLiteral("SELECT 1;"))}});
        const MigrationSet set = load(dir.path());
        Runner runner(*session, set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY(!out);
        QCOMPARE(out.error().kind, ErrorKind::Input);
        QCOMPARE(out.error().revision, QStringLiteral("002"));
        QVERIFY(out.error().file.endsWith(QLatin1String("002.sql")));
        QCOMPARE(out.error().line, 5); // the header's four lines, then the statement
        QCOMPARE(runner.currentRevision().value(), RevisionRef::base());
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('t') IS NULL")).value(), QStringLiteral("t"));
    }

    // Alembic's version_num is VARCHAR(32): a longer id is refused when the set is read,
    // naming the file, not when its step comes.
    void longIdsAreTheAlembicStoresLimit()
    {
        const QString longId = QStringLiteral("20241231_add_the_project_id_column_everywhere");
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(longId, {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))}});
        auto set = MigrationSet::load(dir.path());
        QVERIFY(!set);
        QCOMPARE(set.error().kind, ErrorKind::Input);
        QVERIFY2(set.error().message.contains(QLatin1String("alembic_version.version_num (varchar(32)) holds at most 32")), qPrintable(set.error().message));
        QVERIFY(set.error().file.endsWith(QLatin1String("001.sql")));
    }

    // The runner and the captures only talk to the VersionStore interface: a store with its own
    // table is all another tool's bookkeeping needs.
    void anotherVersionStore()
    {
        auto session = connect(QStringLiteral("store"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u (id int);"), QStringLiteral("DROP TABLE u;"))}});
        const MigrationSet set = load(dir.path());
        auto store = std::make_shared<LedgerStore>();
        RunnerOptions options;
        options.versionStore = store;
        Runner runner(*session, set, options);
        QCOMPARE(failure(runner.migrate(QStringLiteral("head"))), QString());
        QCOMPARE(store->calls, (QStringList{"begin base->001", "commit base->001", "begin 001->002", "commit 001->002"}));
        QCOMPARE(runner.currentRevision().value(), test::rev(QStringLiteral("002")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('alembic_version') IS NULL")).value(), QStringLiteral("t"));
        QCOMPARE(failure(runner.migrate(QStringLiteral("-1"))), QString());
        QCOMPARE(runner.currentRevision().value(), test::rev(QStringLiteral("001")));

        const auto point = capturePoint(*session, *store, {}, QString(), RevisionRef(QStringLiteral("001")));
        QVERIFY_RESULT(point);
        QVERIFY(point->schema.table(QStringLiteral("public"), QStringLiteral("t")));
        QVERIFY(!point->schema.table(QStringLiteral("public"), QStringLiteral("ledger")));
        QVERIFY(!point->data.table(QStringLiteral("public.ledger")));
    }

    void statementThatCannotRunInATransaction()
    {
        auto session = connect(QStringLiteral("nontx"));
        const QString base = test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int, v int);"), QStringLiteral("DROP TABLE t;"));
        const QString up = QStringLiteral("CREATE INDEX CONCURRENTLY t_v_idx ON t (v);");
        const QString down = QStringLiteral("DROP INDEX CONCURRENTLY t_v_idx;");
        {
            test::TempSet dir({{QStringLiteral("001.sql"), base}, {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, down)}});
            const MigrationSet set = load(dir.path());
            Runner runner(*session, set);
            auto out = runner.migrate(QStringLiteral("head"));
            QVERIFY_RESULT(out);
        QVERIFY(!out->completed());
            QCOMPARE(out->error()->sqlState, QStringLiteral("25001"));
            QVERIFY2(out->error()->hint.contains(QLatin1String("transactional: false")), qPrintable(out->error()->toString()));
            QCOMPARE(out->error()->line, 5);
            QCOMPARE(versionRow(*session), QStringLiteral("001"));
        }
        test::TempSet dir({{QStringLiteral("001.sql"), base},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, down, QStringLiteral("-- transactional: false\n"))}});
        const MigrationSet set = load(dir.path());
        QVERIFY(!set.find(test::rev(QStringLiteral("002")))->transactional);
        Runner runner(*session, set);
        auto out = runner.migrate(QStringLiteral("head"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(versionRow(*session), QStringLiteral("002"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass")).value(), QStringLiteral("t"));
        out = runner.migrate(QStringLiteral("-1"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('t_v_idx') IS NULL")).value(), QStringLiteral("t"));
    }

    void noticesAreCaptured()
    {
        auto session = connect(QStringLiteral("notice"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
            QStringLiteral("DO $$ BEGIN RAISE NOTICE 'hello from %', 'up'; END $$;"), QStringLiteral("SELECT 1;"))}});
        const MigrationSet set = load(dir.path());
        Runner runner(*session, set);
        auto out = runner.migrate(QStringLiteral("head"));
        QCOMPARE(failure(out), QString());
        QCOMPARE(out->steps.first().statements.first().notices.size(), 1);
        QCOMPARE(out->steps.first().statements.first().notices.first().message, QStringLiteral("hello from up"));
        QCOMPARE(out->steps.first().statements.first().notices.first().severity, QStringLiteral("NOTICE"));
    }

    void cancelLeavesRevisionUnchanged()
    {
        auto session = connect(QStringLiteral("cancel"));
        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                QStringLiteral("CREATE TABLE u (id int);\nSELECT pg_sleep(20);"), QStringLiteral("DROP TABLE u;"))}});
        const MigrationSet set = load(dir.path());
        Runner runner(*session, set);
        QCOMPARE(failure(runner.migrate(QStringLiteral("001"))), QString());
        std::thread canceller([&runner] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            runner.requestCancel();
        });
        QElapsedTimer timer;
        timer.start();
        auto out = runner.migrate(QStringLiteral("head"));
        canceller.join();
        QVERIFY_RESULT(out);
        QVERIFY(!out->completed());
        QCOMPARE(out->error()->kind, ErrorKind::Cancelled);
        QVERIFY2(timer.elapsed() < 5000, "cancel must stop the running statement");
        QCOMPARE(versionRow(*session), QStringLiteral("001"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('u') IS NULL")).value(), QStringLiteral("t"));
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
