#include "db/scratchcluster.h"
#include "resultassert.h"
#include "db/session.h"
#include "testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>

#include <unistd.h>

using namespace revisor;

namespace {

bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    return text.mid(text.lastIndexOf(')') + 2, 1) == "Z";
}

bool waitProcessGone(qint64 pid, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!processGone(pid)) {
        if (t.elapsed() > timeoutMs)
            return false;
        QThread::msleep(10);
    }
    return true;
}

// A base directory the server user can reach when the tests run as root.
std::unique_ptr<QTemporaryDir> makeBaseDir()
{
    auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/rvtst-XXXXXX"));
    QFile::setPermissions(dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                           | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                           | QFileDevice::ExeOther);
    return dir;
}

// Child mode: start a cluster in argv[3], report it, then die the way argv[2] says.
int childMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ScratchCluster::installSignalCleanup();
    ScratchCluster::Options options;
    options.baseDir = QString::fromLocal8Bit(argv[3]);
    auto cluster = ScratchCluster::start(options);
    if (!cluster) {
        std::fprintf(stdout, "ERROR %s\n", qPrintable(cluster.error().toString()));
        return 1;
    }
    std::fprintf(stdout, "READY %s %lld\n", qPrintable((*cluster)->directory()), (*cluster)->postmasterPid());
    std::fflush(stdout);
    if (qstrcmp(argv[2], "term") == 0)
        ::raise(SIGTERM);
    QThread::sleep(60);  // "kill": wait for SIGKILL
    return 2;
}

struct Child
{
    QString directory;
    qint64 postmasterPid = 0;
};

Child startChild(QProcess &process, const QString &mode, const QString &baseDir)
{
    process.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--scratch-child"), mode, baseDir});
    Child child;
    if (!process.waitForStarted())
        return child;
    QElapsedTimer t;
    t.start();
    while (!process.canReadLine() && process.state() == QProcess::Running && t.elapsed() < 30'000)
        process.waitForReadyRead(1000);
    const QString line = QString::fromLocal8Bit(process.readLine()).trimmed();
    const QStringList parts = line.split(QLatin1Char(' '));
    if (parts.value(0) == QLatin1String("READY")) {
        child.directory = parts.value(1);
        child.postmasterPid = parts.value(2).toLongLong();
    } else {
        qWarning() << "child said:" << line << process.readAll();
    }
    return child;
}

QString queryOne(const ConnectionSettings &settings, const QString &sql)
{
    auto session = Session::open(settings);
    if (!session)
        return QStringLiteral("connect error: ") + session.error().toString();
    auto value = (*session)->scalar(sql);
    return value ? *value : QStringLiteral("query error: ") + value.error().toString();
}

} // namespace

class TestScratchCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        ScratchCluster::installSignalCleanup();
        QVERIFY2(ScratchCluster::findBinDir().has_value(), "PostgreSQL server binaries are required");
    }

    void startConnectQuery()
    {
        auto started = ScratchCluster::start();
        QVERIFY_RESULT(started);
        ScratchCluster &c = **started;
        QVERIFY(c.isRunning());
        QVERIFY(c.serverVersion().front().isDigit());
        QVERIFY(c.directory().startsWith(ScratchCluster::defaultBaseDir() + QStringLiteral("/revisor-scratch-")));
        QCOMPARE(QFileInfo(c.directory()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        QVERIFY(QFileInfo::exists(c.socketDirectory() + QStringLiteral("/.s.PGSQL.%1").arg(c.port())));

        auto session = Session::open(c.settings());
        QVERIFY_RESULT(session);
        auto version = (*session)->scalar(QStringLiteral("SELECT version()"));
        QVERIFY_RESULT(version);
        QVERIFY(version->startsWith(QStringLiteral("PostgreSQL ") + c.serverVersion()));
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT current_user")).value_or(QString()), QStringLiteral("postgres"));
        QCOMPARE((*session)->scalar(QStringLiteral("SHOW listen_addresses")).value_or(QStringLiteral("?")), QString());
        QCOMPARE((*session)->scalar(QStringLiteral("SHOW fsync")).value_or(QString()), QStringLiteral("off"));
        QCOMPARE((*session)->scalar(QStringLiteral("SHOW server_encoding")).value_or(QString()), QStringLiteral("UTF8"));
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')::text"))
                     .value_or(QString()),
                 c.hasPgvector() ? QStringLiteral("true") : QStringLiteral("false"));
        // Never the server as root.
        QCOMPARE((*session)->scalar(QStringLiteral("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).value_or(QString()),
                 QStringLiteral("true"));

        // The URL form reaches the same server.
        auto fromUrl = ConnectionSettings::parse(c.url());
        QVERIFY2(fromUrl, qPrintable(c.url()));
        QCOMPARE(queryOne(*fromUrl, QStringLiteral("SELECT current_database()")), QStringLiteral("postgres"));
        qInfo() << "url:" << c.url() << "pgvector:" << c.hasPgvector();
    }

    void createDatabase()
    {
        ScratchCluster &c = test::server();
        const QString name = QStringLiteral("Odd \"name\"; DROP DATABASE postgres");
        auto created = c.createDatabase(name);
        QVERIFY_RESULT(created);
        QCOMPARE(queryOne(*created, QStringLiteral("SELECT current_database()")), name);
        auto again = c.createDatabase(name);
        QVERIFY(!again);
        QCOMPARE(again.error().sqlState, QStringLiteral("42P04"));

        auto a = test::freshDatabase(QStringLiteral("Scratch Test"));
        auto b = test::freshDatabase(QStringLiteral("Scratch Test"));
        QVERIFY2(a && b, "freshDatabase failed");
        QVERIFY(a->databaseName() != b->databaseName());
        QVERIFY(a->databaseName().startsWith(QStringLiteral("scratch_test_")));
        QCOMPARE(queryOne(*b, QStringLiteral("SELECT current_database()")), b->databaseName());
        QVERIFY(QFileInfo::exists(test::sourceDir() + QStringLiteral("/CMakeLists.txt")));
    }

    void firstDatabaseIsTheTemplatesSpare()
    {
        // A cluster from the template carries a spare database; the first createDatabase()
        // renames it (no copy of template1), the next ones create.
        auto started = ScratchCluster::start();
        QVERIFY_RESULT(started);
        ScratchCluster &c = **started;
        const auto spares = [&] { return queryOne(c.settings(), QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'revisor_spare'")); };
        QCOMPARE(spares(), QStringLiteral("1"));
        auto first = c.createDatabase(QStringLiteral("first"));
        QVERIFY_RESULT(first);
        QCOMPARE(spares(), QStringLiteral("0"));
        QCOMPARE(queryOne(*first, QStringLiteral("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")), QStringLiteral("0"));
        auto second = c.createDatabase(QStringLiteral("second"));
        QVERIFY_RESULT(second);
        QCOMPARE(queryOne(*second, QStringLiteral("SELECT current_database()")), QStringLiteral("second"));
        // Copies of the template start from a clean shutdown: no recovery in the log.
        QFile log(c.logFile());
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY2(!log.readAll().contains("automatic recovery"), "the template was not shut down cleanly");
    }

    void twoClustersSideBySide()
    {
        auto first = ScratchCluster::start();
        auto second = ScratchCluster::start();
        QVERIFY2(first && second, "two clusters must start");
        QVERIFY((*first)->directory() != (*second)->directory());
        QVERIFY((*first)->postmasterPid() != (*second)->postmasterPid());
        auto s1 = Session::open((*first)->settings());
        auto s2 = Session::open((*second)->settings());
        QVERIFY(s1 && s2);
        QVERIFY((*s1)->exec(QStringLiteral("CREATE TABLE only_in_first (id int)")));
        QCOMPARE((*s1)->scalar(QStringLiteral("SELECT to_regclass('only_in_first') IS NOT NULL")).value_or(QString()), QStringLiteral("t"));
        QCOMPARE((*s2)->scalar(QStringLiteral("SELECT to_regclass('only_in_first') IS NOT NULL")).value_or(QString()), QStringLiteral("f"));
    }

    void stopRemovesDirectory()
    {
        auto started = ScratchCluster::start();
        QVERIFY(started);
        const QString dir = (*started)->directory();
        const qint64 pid = (*started)->postmasterPid();
        QVERIFY(pid > 0 && !processGone(pid));
        QVERIFY((*started)->stop());
        QVERIFY(!QFileInfo::exists(dir));
        QVERIFY(waitProcessGone(pid));
        QVERIFY(!(*started)->isRunning());
        QVERIFY((*started)->stop());  // idempotent
    }

    void readyCopiesAreTakenAndRefilled()
    {
        // In the default place (a private one here, so that no parallel test takes a copy), a
        // cluster started from the template leaves two ready copies of it behind, made in the
        // background; the next cluster takes one by a rename, and only one it can trust.
        auto base = makeBaseDir();
        const QByteArray saved = qgetenv("REVISOR_SCRATCH_DIR");
        qputenv("REVISOR_SCRATCH_DIR", QFile::encodeName(base->path()));
        QDir dir(base->path());
        const auto copies = [&](bool building) {
            QStringList out;
            for (const QString &name : dir.entryList({QStringLiteral("revisor-copy-*")}, QDir::Dirs | QDir::NoDotAndDotDot)) {
                if (name.contains(QLatin1String(".build-")) == building)
                    out << name;
            }
            return out;
        };
        const auto settled = [&] { return copies(true).isEmpty() ? copies(false).size() : -1; };
        const auto restore = qScopeGuard([&] {
            // Unfinished copies would race the removal of the base directory.
            QTRY_VERIFY_WITH_TIMEOUT(copies(true).isEmpty(), 60'000);
            saved.isNull() ? qunsetenv("REVISOR_SCRATCH_DIR") : qputenv("REVISOR_SCRATCH_DIR", saved);
        });

        auto first = ScratchCluster::start();
        QVERIFY_RESULT(first);
        QTRY_COMPARE_WITH_TIMEOUT(settled(), 2, 60'000);
        const QStringList before = copies(false);
        auto second = ScratchCluster::start();
        QVERIFY_RESULT(second);
        const QStringList after = copies(false);
        QVERIFY2(std::any_of(before.begin(), before.end(), [&](const QString &name) { return !after.contains(name); }),
                 "the second cluster did not take a ready copy");
        QCOMPARE(queryOne((*second)->settings(), QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'revisor_spare'")),
                 QStringLiteral("1"));
        QTRY_COMPARE_WITH_TIMEOUT(settled(), 2, 60'000);

        // Copies others could write to are left alone.
        const QStringList loose = copies(false);
        for (const QString &name : loose)
            QVERIFY(QFile::setPermissions(dir.filePath(name), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                                  | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup));
        auto third = ScratchCluster::start();
        QVERIFY_RESULT(third);
        for (const QString &name : loose)
            QVERIFY2(dir.exists(name), qPrintable(name + QStringLiteral(" was taken though its group can write to it")));
        QCOMPARE(queryOne((*third)->settings(), QStringLiteral("SELECT 1")), QStringLiteral("1"));
    }

    void sweepRemovesAbandonedCopies()
    {
        auto base = makeBaseDir();
        QProcess done;
        done.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
        QVERIFY(done.waitForFinished());
        const qint64 deadPid = done.readAll().trimmed().toLongLong();
        QVERIFY(deadPid > 0 && processGone(deadPid));
        QDir dir(base->path());
        const QString abandoned = QStringLiteral("revisor-copy-%1-15.0-2.build-%2").arg(getuid()).arg(deadPid);
        const QString underway = QStringLiteral("revisor-copy-%1-15.0-2.build-%2").arg(getuid()).arg(QCoreApplication::applicationPid());
        const QString ready = QStringLiteral("revisor-copy-%1-15.0-2.%2").arg(getuid()).arg(deadPid);
        for (const QString &name : {abandoned, underway, ready})
            QVERIFY(dir.mkdir(name));
        QCOMPARE(ScratchCluster::sweepStale(base->path()), 0);
        QVERIFY(!dir.exists(abandoned));
        QVERIFY(dir.exists(underway));
        QVERIFY(dir.exists(ready));   // a finished copy belongs to no process
    }

    void timings()
    {
        for (const bool useTemplate : {true, false}) {
            ScratchCluster::Options options;
            options.useTemplate = useTemplate;
            qint64 startTotal = 0, stopTotal = 0;
            const int rounds = 3;
            for (int i = 0; i < rounds; ++i) {
                QElapsedTimer t;
                t.start();
                auto c = ScratchCluster::start(options);
                QVERIFY_RESULT(c);
                startTotal += t.restart();
                QVERIFY((*c)->stop());
                stopTotal += t.elapsed();
            }
            qInfo("%s: start %lld ms, stop %lld ms (mean of %d)", useTemplate ? "template copy" : "initdb",
                  startTotal / rounds, stopTotal / rounds, rounds);
            QVERIFY(startTotal / rounds < 30'000);  // generous: a loaded 2-core machine
            QVERIFY(stopTotal / rounds < 5'000);
        }
    }

    void sweepKeepsLiveAndRemovesDead()
    {
        auto base = makeBaseDir();
        ScratchCluster::Options options;
        options.baseDir = base->path();
        auto live = ScratchCluster::start(options);
        QVERIFY_RESULT(live);
        QCOMPARE(ScratchCluster::sweepStale(base->path()), 0);
        QVERIFY(QFileInfo::exists((*live)->directory()));

        // A dead owner: the pid of a process that has exited.
        QProcess done;
        done.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
        QVERIFY(done.waitForFinished());
        const qint64 deadPid = done.readAll().trimmed().toLongLong();
        QVERIFY(deadPid > 0 && processGone(deadPid));
        QFile owner((*live)->directory() + QStringLiteral("/revisor-owner"));
        QVERIFY(owner.open(QIODevice::WriteOnly));
        owner.write(QByteArray::number(deadPid) + " 1\n");
        owner.close();
        const qint64 pid = (*live)->postmasterPid();
        const QString dir = (*live)->directory();
        QCOMPARE(ScratchCluster::sweepStale(base->path()), 1);
        QVERIFY(!QFileInfo::exists(dir));
        QVERIFY(waitProcessGone(pid));
    }

    void sweepAfterCrash()
    {
        auto base = makeBaseDir();
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const Child child = startChild(process, QStringLiteral("kill"), base->path());
        QVERIFY2(!child.directory.isEmpty(), "the child did not start a cluster");
        process.kill();  // SIGKILL: no cleanup is possible
        QVERIFY(process.waitForFinished());
        QVERIFY(QFileInfo::exists(child.directory));
        QVERIFY(!processGone(child.postmasterPid));

        QElapsedTimer t;
        t.start();
        QCOMPARE(ScratchCluster::sweepStale(base->path()), 1);
        qInfo("sweep of one crashed cluster: %lld ms", t.elapsed());
        QVERIFY(!QFileInfo::exists(child.directory));
        QVERIFY(waitProcessGone(child.postmasterPid));
    }

    void signalCleanup()
    {
        auto base = makeBaseDir();
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const Child child = startChild(process, QStringLiteral("term"), base->path());
        QVERIFY2(!child.directory.isEmpty(), "the child did not start a cluster");
        QVERIFY(process.waitForFinished(20'000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(process.exitCode(), int(SIGTERM));  // died of the signal, re-raised
        QVERIFY(waitProcessGone(child.postmasterPid));
        QVERIFY2(!QFileInfo::exists(child.directory), qPrintable(child.directory));
    }

    void clearErrors()
    {
        const QByteArray saved = qgetenv("REVISOR_PG_BINDIR");
        qputenv("REVISOR_PG_BINDIR", "/nonexistent/bin");
        auto bin = ScratchCluster::findBinDir();
        auto started = ScratchCluster::start();
        if (saved.isEmpty())
            qunsetenv("REVISOR_PG_BINDIR");
        else
            qputenv("REVISOR_PG_BINDIR", saved);
        QVERIFY(!bin);
        QVERIFY(bin.error().message.contains(QStringLiteral("/nonexistent/bin")));
        QVERIFY(!started);
        QVERIFY(started.error().message.contains(QStringLiteral("REVISOR_PG_BINDIR")));

        // A server that refuses to start: the error names the step and the server binary, and
        // carries the log's reason.
        ScratchCluster::Options badPort;
        badPort.port = 70000;
        auto refused = ScratchCluster::start(badPort);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("starting the server failed")), qPrintable(refused.error().toString()));
        QVERIFY2(refused.error().message.contains(QStringLiteral("/postgres")), qPrintable(refused.error().toString()));
        QVERIFY2(refused.error().detail.contains(QStringLiteral("70000")), qPrintable(refused.error().toString()));
        qInfo().noquote() << "example error:" << refused.error().toString();

        ScratchCluster::Options tooLong;
        tooLong.baseDir = QDir::tempPath() + QLatin1Char('/') + QString(100, QLatin1Char('x'));
        QDir().mkpath(tooLong.baseDir);
        QFile::setPermissions(tooLong.baseDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                   | QFileDevice::ExeOther | QFileDevice::ExeGroup);
        auto longStart = ScratchCluster::start(tooLong);
        const bool leftover = !QDir(tooLong.baseDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty();
        QDir(tooLong.baseDir).removeRecursively();
        QVERIFY(!longStart);
        QVERIFY2(longStart.error().message.contains(QStringLiteral("107 bytes")), qPrintable(longStart.error().toString()));
        QVERIFY(!leftover);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--scratch-child") == 0)
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestScratchCluster test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_scratchcluster.moc"
