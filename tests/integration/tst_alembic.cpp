// Alembic projects as migration sets, against the real `alembic` (Debian's, with psycopg2) and
// a real server: the graph Alembic reports, steps run by the project's own Alembic one
// revision at a time, failures, how the password travels, sampled locks, --alembic-mode sql.

#include "db/session.h"
#include "migrations/alembicproject.h"
#include "migrations/migrationset.h"
#include "runner/runner.h"
#include "schema/catalogreader.h"
#include "schema/snapshotdiff.h"
#include "builders.h"
#include "clirun.h"
#include "resultassert.h"
#include "testserver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <mutex>
#include <thread>

using namespace revisor;
using namespace revisor::test;

namespace {

QString projectDir(const QString &name)
{
    return sourceDir() + QStringLiteral("/tests/alembic_projects/") + name;
}

QString bundled(const QString &name)
{
    return sourceDir() + QStringLiteral("/migrations/") + name;
}

// The SQLAlchemy URL of a test database (the scratch server trusts its socket: no password).
QString urlOf(const ConnectionSettings &s)
{
    return QStringLiteral("postgresql://%1@/%2?host=%3&port=%4")
        .arg(s.value(QStringLiteral("user")), s.value(QStringLiteral("dbname")), s.value(QStringLiteral("host")), s.value(QStringLiteral("port")));
}

// What `alembic current`, run by itself, says the database is at: its version rows.
QStringList alembicCurrent(const QString &dir, const ConnectionSettings &settings)
{
    auto project = locateAlembicProject(dir, {});
    if (!project)
        qFatal("%s", qPrintable(project.error().toString()));
    auto config = AlembicConfig::create(*project, urlOf(settings));
    if (!config)
        qFatal("%s", qPrintable(config.error().toString()));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), urlOf(settings));
    const AlembicRun run = runAlembic(*project, (*config)->path(), {QStringLiteral("current")}, env);
    if (!run.ok())
        qFatal("alembic current failed: %s", qPrintable(run.output));
    QStringList ids;
    for (const QString &line : run.standardOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        ids << line.section(QLatin1Char(' '), 0, 0);
    ids.sort();
    return ids;
}

struct Database
{
    ConnectionSettings settings;
    std::unique_ptr<Session> session;
};

Database database(const QString &prefix)
{
    auto settings = freshDatabase(prefix);
    if (!settings)
        qFatal("%s", qPrintable(settings.error().toString()));
    return {*settings, openSession(*settings)};
}

MigrationSet load(const QString &dir, const SetOptions &options = {})
{
    auto set = MigrationSet::load(dir, options);
    if (!set)
        qFatal("%s", qPrintable(set.error().toString()));
    return *set;
}

// Every process whose command line names Revisor's private Alembic configuration, looked at
// while it runs: its command line, its environment and that configuration file's content.
class ChildWatcher
{
public:
    ChildWatcher() : m_thread([this] { run(); }) {}
    ~ChildWatcher() { stop(); }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    struct Seen
    {
        QByteArray cmdline;
        QByteArray environ;
        QByteArray config;
        QFile::Permissions configPermissions;
    };
    QList<Seen> seen;

private:
    static qint64 parentOf(const QString &pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        return fields.size() > 1 ? fields.at(1).toLongLong() : -1;
    }

    void run()
    {
        QSet<QString> known;
        while (!m_stop) {
            for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
                if (pid.toInt() <= 0 || known.contains(pid))
                    continue;
                QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (!cmd.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray cmdline = cmd.readAll();
                // Only this process's own children: another test run on the machine (a second
                // checkout's suite) starts Alembic children with its own password.
                if (!cmdline.contains("revisor-alembic-") || parentOf(pid) != QCoreApplication::applicationPid())
                    continue;
                known.insert(pid);
                Seen s;
                s.cmdline = cmdline;
                QFile env(QStringLiteral("/proc/%1/environ").arg(pid));
                if (env.open(QIODevice::ReadOnly))
                    s.environ = env.readAll();
                const QList<QByteArray> args = cmdline.split('\0');
                const qsizetype c = args.indexOf("-c");
                if (c >= 0 && c + 1 < args.size()) {
                    QFile config(QString::fromUtf8(args.at(c + 1)));
                    s.configPermissions = config.permissions();
                    if (config.open(QIODevice::ReadOnly))
                        s.config = config.readAll();
                }
                seen << s;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    std::atomic_bool m_stop = false;
    std::thread m_thread;
};

// This process's private Alembic configuration folders: other test processes running beside
// this one (ctest -j) create and remove their own.
QStringList privateConfigFolders()
{
    return QDir(QDir::tempPath()).entryList({QStringLiteral("revisor-alembic-%1-*").arg(QCoreApplication::applicationPid())}, QDir::Dirs);
}

} // namespace

class TestAlembic : public QObject
{
    Q_OBJECT

private slots:
    void readsTheGraphFromAlembic();
    void targets();
    void historyDrawsTheGraph();
    void unreadableProjectsExitTwo();
    void graphStepsAgreeWithAlembicCurrent();
    void failedStepsKeepTheRevision();
    void passwordNeverInArgvOrLastingFiles();
    void sampledLocksOfTheStep();
    void sqlModeRunsRenderedSqlAndRefusesTheDataMigration();
    void bundledProjectHasTheNativeSchemaAfterEveryStep();
};

void TestAlembic::readsTheGraphFromAlembic()
{
    const MigrationSet set = load(projectDir(QStringLiteral("graph")));
    QCOMPARE(set.format(), QStringLiteral("alembic"));
    QStringList order;
    for (const Revision &r : set.revisions())
        order << r.id;
    // Each revision after what it requires; x (a second head) before b1, ties as Alembic lists them.
    QCOMPARE(order.first(), QStringLiteral("a"));
    QCOMPARE(order.last(), QStringLiteral("m"));
    QVERIFY(order.indexOf(QStringLiteral("b2")) < order.indexOf(QStringLiteral("c1")));  // c1 depends on b2
    QVERIFY(order.indexOf(QStringLiteral("b1")) < order.indexOf(QStringLiteral("c1")));
    QCOMPARE(set.isLinear(), false);
    QStringList heads = set.heads();
    heads.sort();
    QCOMPARE(heads, (QStringList{"m", "x"}));
    QCOMPARE(set.branchPoints(), QStringList{"a"});
    const Revision *m = set.find(RevisionRef(QStringLiteral("m")));
    QVERIFY(m);
    QCOMPARE(m->parents(), (QStringList{"c1", "b2"}));
    QCOMPARE(m->message, QStringLiteral("merges c1 and b2"));
    QVERIFY(m->file.endsWith(QStringLiteral("/graph/versions/m.py")));
    QCOMPARE(m->headerLine, 7);
    const Revision *c1 = set.find(RevisionRef(QStringLiteral("c1")));
    QCOMPARE(c1->dependsOn, QStringList{"b2"});
    QVERIFY(c1->branchLabels.contains(QStringLiteral("one")));
    // The SQL of each step, as Alembic renders it offline, without its own bookkeeping.
    QVERIFY2(m->upSql.contains(QStringLiteral("CREATE TABLE t_m")), qPrintable(m->upSql));
    QVERIFY(!m->upSql.contains(QStringLiteral("alembic_version")));
    QVERIFY(m->downSql.contains(QStringLiteral("DROP TABLE t_m")));
    // The points of the apply order as version rows.
    const qsizetype hx = *set.height(RevisionRef(QStringLiteral("x")));
    QStringList atX = set.appliedHeads(hx);
    atX.sort();
    QCOMPARE(set.heightOfApplied(atX), hx);
    QCOMPARE(set.heightOfApplied({QStringLiteral("m"), QStringLiteral("x")}), set.revisions().size());
    QCOMPARE(set.heightOfApplied({QStringLiteral("c1")}), std::nullopt); // c1 without x is no point of the order
}

void TestAlembic::targets()
{
    const MigrationSet set = load(projectDir(QStringLiteral("graph")));
    const RevisionRef base;
    auto head = set.resolveTarget(base, QStringLiteral("head"));
    QVERIFY(!head);
    QVERIFY2(head.error().message.contains(QStringLiteral("several heads")), qPrintable(head.error().message));
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("heads")), set.head());
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("two@head")), RevisionRef(QStringLiteral("x")));
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("one@head")), RevisionRef(QStringLiteral("m")));
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("b2@head")), RevisionRef(QStringLiteral("m")));
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("c")), RevisionRef(QStringLiteral("c1"))); // unique prefix
    QCOMPARE(*set.resolveTarget(base, QStringLiteral("+2")), set.at(2));
    QCOMPARE(*set.resolveTarget(RevisionRef(QStringLiteral("m")), QStringLiteral("-1")), set.at(set.revisions().size() - 1));
    QCOMPARE(*set.resolveTarget(RevisionRef(QStringLiteral("c1")), QStringLiteral("base")), base);
    QVERIFY(!set.resolveTarget(base, QStringLiteral("three@head")));
    QVERIFY(!set.resolveTarget(base, QStringLiteral("b"))); // b1, b2
}

void TestAlembic::historyDrawsTheGraph()
{
    const CliRun run = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), projectDir(QStringLiteral("graph"))});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("*/    c1, b2 -> m (head; mergepoint; branch one)")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("base -> a (branchpoint)")));
    QVERIFY(run.out.contains(QStringLiteral("b1 -> c1 (branch one; depends on b2)")));
    const CliRun linear = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), projectDir(QStringLiteral("linear"))});
    QCOMPARE(linear.exitCode, 0);
    QVERIFY2(linear.out.startsWith(QStringLiteral("base -> l1  items table\nl1 -> l2  items get a price\n")), qPrintable(linear.out));
}

void TestAlembic::unreadableProjectsExitTwo()
{
    const QString graph = projectDir(QStringLiteral("graph"));
    const CliRun missing = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), graph, QStringLiteral("--alembic"), QStringLiteral("/nonexistent/alembic")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("Alembic project ") + graph) && missing.err.contains(QStringLiteral("cannot start '/nonexistent/alembic'")),
             qPrintable(missing.err));

    // A revision file with a Python error, and an env.py that cannot load: Alembic's own
    // message, the file and the project named.
    QTemporaryDir copy;
    for (const QString &f : {QStringLiteral("alembic.ini"), QStringLiteral("env.py"), QStringLiteral("script.py.mako")})
        QVERIFY(QFile::copy(graph + QLatin1Char('/') + f, copy.filePath(f)));
    QDir().mkpath(copy.filePath(QStringLiteral("versions")));
    for (const QString &f : QDir(graph + QStringLiteral("/versions")).entryList({QStringLiteral("*.py")}))
        QVERIFY(QFile::copy(graph + QStringLiteral("/versions/") + f, copy.filePath(QStringLiteral("versions/") + f)));
    {
        QFile b2(copy.filePath(QStringLiteral("versions/b2.py")));
        QVERIFY(b2.open(QIODevice::Append));
        b2.write("broken = (\n");
    }
    auto broken = MigrationSet::load(copy.path());
    QVERIFY(!broken);
    QCOMPARE(broken.error().exitCode(), 2);
    QCOMPARE(broken.error().file, copy.filePath(QStringLiteral("versions/b2.py")));
    QVERIFY2(broken.error().message.contains(QStringLiteral("SyntaxError")) && broken.error().message.contains(copy.path()),
             qPrintable(broken.error().message));
    QFile::remove(copy.filePath(QStringLiteral("versions/b2.py")));
    QVERIFY(QFile::copy(graph + QStringLiteral("/versions/b2.py"), copy.filePath(QStringLiteral("versions/b2.py"))));
    {
        QFile env(copy.filePath(QStringLiteral("env.py")));
        QVERIFY(env.open(QIODevice::Append));
        env.write("import no_such_module_for_revisor\n");
    }
    const CliRun envPy = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), copy.path()});
    QCOMPARE(envPy.exitCode, 2);
    QVERIFY2(envPy.err.contains(copy.filePath(QStringLiteral("env.py"))) && envPy.err.contains(QStringLiteral("No module named 'no_such_module_for_revisor'")),
             qPrintable(envPy.err));
}

void TestAlembic::graphStepsAgreeWithAlembicCurrent()
{
    const QString dir = projectDir(QStringLiteral("graph"));
    const MigrationSet set = load(dir);
    Database db = database(QStringLiteral("alembic_graph"));
    Runner runner(*db.session, set);
    const qsizetype top = set.revisions().size();
    const auto agree = [&](qsizetype h) {
        auto current = runner.currentRevision();
        QVERIFY_RESULT(current);
        QCOMPARE(*current, set.at(h));
        const QStringList rows = h == 0 ? QStringList() : alembicCurrent(dir, db.settings);
        QCOMPARE(set.heightOfApplied(rows), std::optional<qsizetype>(h));
    };
    for (qsizetype h = 1; h <= top && !QTest::currentTestFailed(); ++h) {
        auto outcome = runner.migrate(set.at(h));
        QVERIFY_RESULT(outcome);
        QVERIFY2(outcome->completed(), qPrintable(outcome->error() ? outcome->error()->toString() : QString()));
        QCOMPARE(outcome->steps.size(), 1);
        QVERIFY(outcome->steps.first().toolOutput.contains(QStringLiteral("Running upgrade")));
        agree(h);
    }
    for (qsizetype h = top - 1; h >= 0 && !QTest::currentTestFailed(); --h) {
        auto outcome = runner.migrate(set.at(h));
        QVERIFY_RESULT(outcome);
        QVERIFY2(outcome->completed(), qPrintable(outcome->error() ? outcome->error()->toString() : QString()));
        agree(h);
    }
    // Every step Alembic ran is in Revisor's history of applied steps, up then down, in order.
    auto history = runner.versionStore().appliedHistory(*db.session);
    QVERIFY_RESULT(history);
    QCOMPARE(history->size(), 2 * top);
    for (qsizetype h = 1; h <= top; ++h) {
        const HistoryEntry &up = history->at(h - 1);
        QVERIFY(up.up);
        QCOMPARE(up.from, set.at(h - 1));
        QCOMPARE(up.to, set.at(h));
        const HistoryEntry &down = history->at(2 * top - h);
        QVERIFY(!down.up);
        QCOMPARE(down.to, set.at(h - 1));
    }
}

void TestAlembic::failedStepsKeepTheRevision()
{
    const QString dir = projectDir(QStringLiteral("linear"));
    const MigrationSet set = load(dir);
    Database db = database(QStringLiteral("alembic_failures"));
    Runner runner(*db.session, set);
    auto toL4 = runner.migrate(QStringLiteral("l4"));
    QVERIFY_RESULT(toL4);
    QVERIFY(toL4->completed());
    QCOMPARE(toL4->steps.size(), 4);

    // SQL that fails at the server: the revision file, the server's message, still at l4.
    auto up = runner.migrate(QStringLiteral("l5"));
    QVERIFY_RESULT(up);
    QVERIFY(!up->completed());
    const Error &upError = *up->error();
    QVERIFY2(upError.file.endsWith(QStringLiteral("/versions/l5_broken.py")), qPrintable(upError.toString()));
    QVERIFY(upError.line > 0);
    QVERIFY2(upError.message.contains(QStringLiteral("relation \"no_such_table\" does not exist")), qPrintable(upError.message));
    QVERIFY(upError.message.contains(QStringLiteral("still at revision l4")));
    QCOMPARE(upError.revision, QStringLiteral("l5"));
    QCOMPARE(up->finalRevision, RevisionRef(QStringLiteral("l4")));
    QCOMPARE(*runner.currentRevision(), RevisionRef(QStringLiteral("l4")));
    QCOMPARE(alembicCurrent(dir, db.settings), QStringList{"l4"});

    // A downgrade that raises in Python.
    auto down = runner.migrate(QStringLiteral("l3"));
    QVERIFY_RESULT(down);
    QVERIFY(!down->completed());
    const Error &downError = *down->error();
    QVERIFY2(downError.file.endsWith(QStringLiteral("/versions/l4_labels.py")), qPrintable(downError.toString()));
    QVERIFY2(downError.message.contains(QStringLiteral("RuntimeError: labels cannot be removed: l4 downgrade refused")), qPrintable(downError.message));
    QCOMPARE(*runner.currentRevision(), RevisionRef(QStringLiteral("l4")));
    QCOMPARE(alembicCurrent(dir, db.settings), QStringList{"l4"});

    // The command line: exit 3 for a failed step, the file in the message.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), urlOf(db.settings));
    const CliRun cli = runRevisor({QStringLiteral("upgrade"), QStringLiteral("l5"), QStringLiteral("--set"), dir}, env);
    QCOMPARE(cli.exitCode, 3);
    QVERIFY2(cli.err.contains(QStringLiteral("l5_broken.py")) && cli.err.contains(QStringLiteral("no_such_table")), qPrintable(cli.err));
}

void TestAlembic::passwordNeverInArgvOrLastingFiles()
{
    const QString dir = projectDir(QStringLiteral("linear"));
    const MigrationSet set = load(dir);
    Database db = database(QStringLiteral("alembic_secret"));
    // The scratch server trusts its socket, so any password connects; what matters is where
    // Revisor puts it.
    const QString password = QStringLiteral("pw-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    ConnectionSettings withPassword = db.settings;
    withPassword.setValue(QStringLiteral("password"), password);
    auto session = Session::open(withPassword);
    QVERIFY_RESULT(session);
    const QStringList foldersBefore = privateConfigFolders();
    ChildWatcher watcher;
    Runner runner(**session, set);
    auto outcome = runner.migrate(QStringLiteral("l2"));
    watcher.stop();
    QVERIFY_RESULT(outcome);
    QVERIFY2(outcome->completed(), qPrintable(outcome->error() ? outcome->error()->toString() : QString()));
    QVERIFY2(watcher.seen.size() >= 2, "the Alembic children were not seen while they ran");
    for (const auto &seen : watcher.seen) {
        QVERIFY2(!seen.cmdline.contains(password.toUtf8()), seen.cmdline.constData());
        // It travels in the child's environment, for libpq.
        QVERIFY(seen.environ.split('\0').contains(QByteArray("PGPASSWORD=") + password.toUtf8()));
        QVERIFY(!seen.config.isEmpty());
        QVERIFY2(!seen.config.contains(password.toUtf8()), seen.config.constData());
        QCOMPARE(seen.configPermissions & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFile::Permissions());
    }
    QCOMPARE(privateConfigFolders(), foldersBefore);
    for (QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories); it.hasNext();) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(password.toUtf8()), qPrintable(f.fileName()));
    }
    for (const QFileInfo &fi : QDir(QDir::tempPath()).entryInfoList(QDir::Files | QDir::Hidden)) {
        QFile f(fi.absoluteFilePath());
        if (fi.size() < 10'000'000 && f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(password.toUtf8()), qPrintable(f.fileName()));
    }
    QCOMPARE(alembicCurrent(dir, db.settings), QStringList{"l2"});
}

void TestAlembic::sampledLocksOfTheStep()
{
    const MigrationSet set = load(projectDir(QStringLiteral("linear")));
    Database db = database(QStringLiteral("alembic_locks"));
    Runner runner(*db.session, set);
    QVERIFY_RESULT(runner.migrate(QStringLiteral("l1")));
    auto outcome = runner.migrate(QStringLiteral("l2"));
    QVERIFY_RESULT(outcome);
    QVERIFY(outcome->completed());
    const StepResult &step = outcome->steps.constFirst();
    const auto it = std::find_if(step.locks.cbegin(), step.locks.cend(), [](const LockInfo &l) {
        return l.relation == QLatin1String("public.items") && l.mode == QLatin1String("AccessExclusiveLock");
    });
    QVERIFY2(it != step.locks.cend(), qPrintable(QJsonDocument(step.toJson()).toJson()));
    QCOMPARE(it->kind, QStringLiteral("table"));
    QVERIFY(it->samplingIntervalMs > 0);
    // The ALTER's transaction sleeps 0.3 s while holding it; the sampler may first see the lock
    // late on a loaded machine.
    QVERIFY2(it->heldMs >= 100, qPrintable(QString::number(it->heldMs)));
}

void TestAlembic::sqlModeRunsRenderedSqlAndRefusesTheDataMigration()
{
    const QString dir = projectDir(QStringLiteral("linear"));
    SetOptions sqlMode;
    sqlMode.alembicMode = QStringLiteral("sql");
    const MigrationSet set = load(dir, sqlMode);
    const Revision *l3 = set.find(RevisionRef(QStringLiteral("l3")));
    QVERIFY(l3->upSql.isEmpty());
    QVERIFY2(l3->upSqlUnavailable.contains(QStringLiteral("cannot render it offline")), qPrintable(l3->upSqlUnavailable));
    Database db = database(QStringLiteral("alembic_sqlmode"));
    Runner runner(*db.session, set);
    auto toL2 = runner.migrate(QStringLiteral("l2"));
    QVERIFY_RESULT(toL2);
    QVERIFY2(toL2->completed(), qPrintable(toL2->error() ? toL2->error()->toString() : QString()));
    // Statement by statement through Revisor's runner: the rendered ALTER is one of them.
    const StepResult &l2 = toL2->steps.at(1);
    QVERIFY(std::any_of(l2.statements.cbegin(), l2.statements.cend(),
                        [](const StatementRun &s) { return s.sql.startsWith(QStringLiteral("ALTER TABLE items ADD COLUMN price")); }));
    QCOMPARE(alembicCurrent(dir, db.settings), QStringList{"l2"});
    auto toL3 = runner.migrate(QStringLiteral("l3"));
    QVERIFY_RESULT(toL3);
    QVERIFY(!toL3->completed());
    QVERIFY2(toL3->error()->message.contains(QStringLiteral("revision l3 has no SQL to run here: Alembic cannot render it offline")),
             qPrintable(toL3->error()->message));
    QCOMPARE(*runner.currentRevision(), RevisionRef(QStringLiteral("l2")));
    // A statement of the rendered SQL that fails: its line is in that SQL, and its location
    // says so rather than pointing at a line of the Python file.
    QCOMPARE(l3->sectionFile(true), l3->file + QStringLiteral(" (rendered upgrade SQL)"));
    QVERIFY_RESULT(runner.stamp(QStringLiteral("l4")));
    auto toL5 = runner.migrate(QStringLiteral("l5"));
    QVERIFY_RESULT(toL5);
    QVERIFY(!toL5->completed());
    const Error *e = toL5->error();
    QVERIFY(e->line > 0);
    QVERIFY2(e->file.endsWith(QStringLiteral("l5_broken.py (rendered upgrade SQL)")), qPrintable(e->toString()));
    QCOMPARE(*runner.currentRevision(), RevisionRef(QStringLiteral("l4")));
}

void TestAlembic::bundledProjectHasTheNativeSchemaAfterEveryStep()
{
    const MigrationSet native = load(bundled(QStringLiteral("codebase_mcp")));
    const MigrationSet alembic = load(bundled(QStringLiteral("codebase_mcp_alembic")));
    QCOMPARE(alembic.format(), QStringLiteral("alembic"));
    QCOMPARE(alembic.revisions().size(), native.revisions().size());
    QCOMPARE(alembic.seedNames(), native.seedNames());
    QCOMPARE(alembic.checkFiles().size(), 1);
    Database a = database(QStringLiteral("alembic_bundled"));
    Database n = database(QStringLiteral("native_bundled"));
    Runner alembicRunner(*a.session, alembic);
    Runner nativeRunner(*n.session, native);
    const auto compareAt = [&](qsizetype h) {
        QCOMPARE(alembic.at(h), native.at(h));
        auto toA = alembicRunner.migrate(alembic.at(h));
        auto toN = nativeRunner.migrate(native.at(h));
        QVERIFY_RESULT(toA);
        QVERIFY_RESULT(toN);
        QVERIFY2(toA->completed(), qPrintable(toA->error() ? toA->error()->toString() : QString()));
        QVERIFY(toN->completed());
        auto snapA = captureSnapshot(*a.session, test::leavingOut(alembicRunner.versionStore().ownTables()));
        auto snapN = captureSnapshot(*n.session, test::leavingOut(nativeRunner.versionStore().ownTables()));
        QVERIFY_RESULT(snapA);
        QVERIFY_RESULT(snapN);
        const SchemaDiff diff = diffSnapshots(*snapN, *snapA);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("at %1: %2").arg(alembic.at(h).label(), diff.toText())));
    };
    for (qsizetype h = 1; h <= alembic.revisions().size() && !QTest::currentTestFailed(); ++h)
        compareAt(h);
    for (qsizetype h = alembic.revisions().size() - 1; h >= 0 && !QTest::currentTestFailed(); --h)
        compareAt(h);
}

QTEST_GUILESS_MAIN(TestAlembic)
#include "tst_alembic.moc"
