#include "scratchcluster.h"

#include "db/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcScratch, "revisor.db.scratch", QtInfoMsg)

namespace revisor {

namespace {

const QString kOwnerFile = QStringLiteral("revisor-owner");
const QString kScratchPrefix = QStringLiteral("revisor-scratch-");
const QString kTemplatePrefix = QStringLiteral("revisor-template-");
constexpr int kStepTimeoutMs = 120'000;

// ---- who runs the server --------------------------------------------------------------------

// PostgreSQL refuses to run as root (PITFALLS 16): as root, initdb and pg_ctl run as the
// "postgres" system user through runuser, and the cluster's files belong to it.
struct RunAs
{
    bool root = false;
    uid_t uid = 0;
    gid_t gid = 0;
    QString runuser;
};

Result<RunAs> runAs()
{
    RunAs r;
    r.root = geteuid() == 0;
    r.uid = geteuid();
    r.gid = getegid();
    if (!r.root)
        return r;
    const passwd *pw = getpwnam("postgres");
    if (!pw)
        return fail(Error::database(QStringLiteral("scratch cluster: running as root needs a 'postgres' system user "
                                                   "to run the server (PostgreSQL refuses to run as root)")));
    r.uid = pw->pw_uid;
    r.gid = pw->pw_gid;
    r.runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (r.runuser.isEmpty())
        r.runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
    if (r.runuser.isEmpty())
        return fail(Error::database(QStringLiteral("scratch cluster: running as root needs runuser (util-linux) to start the server as 'postgres'")));
    return r;
}

bool chownTo(const QString &path, const RunAs &as)
{
    return !as.root || ::chown(QFile::encodeName(path).constData(), as.uid, as.gid) == 0;
}

// As root the server user must be able to reach the base directory.
bool reachableBy(const QString &dir, const RunAs &as)
{
    if (!as.root)
        return true;
    for (QString d = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());; d = QFileInfo(d).path()) {
        struct stat st{};
        if (::stat(QFile::encodeName(d).constData(), &st) != 0)
            return false;
        const bool ok = (st.st_uid == as.uid && (st.st_mode & S_IXUSR)) || (st.st_gid == as.gid && (st.st_mode & S_IXGRP))
            || (st.st_mode & S_IXOTH);
        if (!ok)
            return false;
        if (d == QLatin1String("/"))
            return true;
    }
}

// ---- child processes ------------------------------------------------------------------------

struct Outcome
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QString output;
    QString errorString;
    bool ok() const { return started && !timedOut && exitCode == 0; }
};

QProcessEnvironment childEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"PGDATA", "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGOPTIONS", "PGSERVICE"})
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    // A set TZ spares initdb its scan of /usr/share/zoneinfo; sessions pin their own TimeZone.
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    return env;
}

Outcome run(const QString &program, const QStringList &args, const QString &workDir, int timeoutMs = kStepTimeoutMs)
{
    Outcome o;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setProcessEnvironment(childEnvironment());
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    if (!p.waitForStarted()) {
        o.errorString = p.errorString();
        return o;
    }
    o.started = true;
    if (!p.waitForFinished(timeoutMs)) {
        o.timedOut = true;
        p.kill();
        p.waitForFinished(2000);
    }
    o.output = QString::fromLocal8Bit(p.readAll()).trimmed();
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return o;
}

// Runs a PostgreSQL binary as the server user.
Outcome runPg(const RunAs &as, const QString &binary, const QStringList &args, const QString &workDir)
{
    if (!as.root)
        return run(binary, args, workDir);
    return run(as.runuser, QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), binary} + args, workDir);
}

QString logTail(const QString &path, int lines = 20)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList all = QString::fromLocal8Bit(f.readAll()).trimmed().split(QLatin1Char('\n'));
    return all.mid(qMax(0, all.size() - lines)).join(QLatin1Char('\n'));
}

Error stepError(const QString &step, const QString &binary, const Outcome &o, const QString &logFile = {})
{
    const QString why = !o.started ? QStringLiteral("could not run it: %1").arg(o.errorString)
        : o.timedOut              ? QStringLiteral("timed out after %1 s").arg(kStepTimeoutMs / 1000)
        : o.exitCode < 0          ? QStringLiteral("it crashed")
                                  : QStringLiteral("exit code %1").arg(o.exitCode);
    Error e = Error::database(QStringLiteral("scratch cluster: %1 failed (%2): %3").arg(step, binary, why));
    QStringList detail;
    if (!o.output.isEmpty())
        detail << o.output;
    if (const QString tail = logFile.isEmpty() ? QString() : logTail(logFile); !tail.isEmpty())
        detail << QStringLiteral("server log %1, last lines:\n%2").arg(logFile, tail);
    e.detail = detail.join(QLatin1Char('\n'));
    return e;
}

// ---- processes ------------------------------------------------------------------------------

// Field 22 of /proc/<pid>/stat: the start time, which tells a reused pid from the owner.
QByteArray processStartTime(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.value(19);
}

// Alive and not a zombie (an orphaned postmaster is reaped by init, maybe late).
bool processAlive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return true;
    const QByteArray stat = f.readAll();
    return stat.mid(stat.lastIndexOf(')') + 2, 1) != "Z";
}

qint64 readPostmasterPid(const QString &dataDir)
{
    QFile f(dataDir + QStringLiteral("/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readLine().trimmed().toLongLong();
}

// SIGQUIT is PostgreSQL's immediate shutdown; the postmaster removes postmaster.pid on exit.
bool waitGone(qint64 pid, const QString &dataDir, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    const QString pidFile = dataDir + QStringLiteral("/postmaster.pid");
    while (processAlive(pid) && QFileInfo::exists(pidFile)) {
        if (t.elapsed() > timeoutMs)
            return false;
        QThread::usleep(2000);
    }
    return true;
}

// ---- signal cleanup registry ----------------------------------------------------------------

// Everything the signal handler needs is prepared here at start, so that the handler only
// makes async-signal-safe calls: kill, access, nanosleep, _Fork, execv, waitpid, raise.
constexpr int kSlots = 32;
constexpr int kPathMax = 256;

struct CleanupSlot
{
    std::atomic<int> state{0};  // 0 free, 1 being filled, 2 live
    std::atomic<pid_t> postmaster{0};
    char directory[kPathMax];
    char pidFile[kPathMax + 32];
    char *argv[5];
};

CleanupSlot g_slots[kSlots];
char g_rm[kPathMax] = "/bin/rm";
char g_rmFlags[] = "-rf";
char g_endOfOptions[] = "--";

int claimSlot(const QString &directory)
{
    const QByteArray dir = QFile::encodeName(directory);
    if (dir.size() + 32 >= kPathMax)
        return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (!g_slots[i].state.compare_exchange_strong(expected, 1))
            continue;
        CleanupSlot &s = g_slots[i];
        std::snprintf(s.directory, sizeof s.directory, "%s", dir.constData());
        std::snprintf(s.pidFile, sizeof s.pidFile, "%s/data/postmaster.pid", dir.constData());
        s.argv[0] = g_rm;
        s.argv[1] = g_rmFlags;
        s.argv[2] = g_endOfOptions;
        s.argv[3] = s.directory;
        s.argv[4] = nullptr;
        s.postmaster.store(0);
        s.state.store(2);
        return i;
    }
    return -1;
}

void releaseSlot(int slot)
{
    if (slot < 0)
        return;
    g_slots[slot].postmaster.store(0);
    g_slots[slot].state.store(0);
}

extern "C" void cleanupOnSignal(int sig)
{
    const int savedErrno = errno;
    for (CleanupSlot &s : g_slots) {
        if (s.state.load() == 2 && s.postmaster.load() > 0)
            ::kill(s.postmaster.load(), SIGQUIT);
    }
    // Wait (at most 5 s) for each postmaster to finish its immediate shutdown.
    for (int round = 0; round < 500; ++round) {
        bool waiting = false;
        for (CleanupSlot &s : g_slots) {
            const pid_t pid = s.postmaster.load();
            if (s.state.load() == 2 && pid > 0 && ::access(s.pidFile, F_OK) == 0 && ::kill(pid, 0) == 0)
                waiting = true;
        }
        if (!waiting)
            break;
        const timespec pause{0, 10'000'000};
        ::nanosleep(&pause, nullptr);
    }
    for (CleanupSlot &s : g_slots) {
        if (s.state.load() != 2)
            continue;
        const pid_t child = ::_Fork();
        if (child == 0) {
            ::execv(s.argv[0], s.argv);
            ::_exit(127);
        }
        if (child > 0) {
            while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
    }
    errno = savedErrno;
    // Installed with SA_RESETHAND: the default action is back, and the signal is blocked
    // until this handler returns, so the process then dies of it.
    ::raise(sig);
}

// ---- binaries and template ------------------------------------------------------------------

QString versionOf(const QString &binDir)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    QMutexLocker lock(&mutex);
    if (auto it = cache.constFind(binDir); it != cache.constEnd())
        return *it;
    const Outcome o = run(binDir + QStringLiteral("/pg_ctl"), {QStringLiteral("--version")}, {});
    const QString version = QRegularExpression(QStringLiteral("\\(PostgreSQL\\) (\\S+)")).match(o.output).captured(1);
    if (!version.isEmpty())
        cache.insert(binDir, version);
    return version;
}

Status runInitdb(const RunAs &as, const QString &binDir, const QString &dataDir, const QString &workDir)
{
    const QString initdb = binDir + QStringLiteral("/initdb");
    const Outcome o = runPg(as, initdb,
                            {QStringLiteral("-D"), dataDir, QStringLiteral("--no-sync"), QStringLiteral("--no-instructions"),
                             QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"), QStringLiteral("postgres"),
                             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C")},
                            workDir);
    if (!o.ok())
        return fail(stepError(QStringLiteral("initdb"), initdb, o));
    return {};
}

// A template is trusted only if it belongs to the server user and nobody else can write to
// it: its postgresql.conf runs code as that user.
bool templateUsable(const QString &path, const RunAs &as)
{
    struct stat st{};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != as.uid
        || (st.st_mode & 077) != 0)
        return false;
    for (const char *file : {"PG_VERSION", "global/pg_control", "postgresql.conf", "base"}) {
        if (!QFileInfo::exists(path + QLatin1Char('/') + QLatin1String(file)))
            return false;
    }
    return true;
}

// The cached initdb'ed data directory for this user and server version, built on first use.
Result<QString> ensureTemplate(const RunAs &as, const QString &binDir, const QString &baseDir)
{
    const QString version = versionOf(binDir);
    if (version.isEmpty())
        return fail(Error::database(QStringLiteral("scratch cluster: cannot tell the version of %1/pg_ctl").arg(binDir)));
    const QString path = QStringLiteral("%1/%2%3-%4").arg(baseDir, kTemplatePrefix).arg(getuid()).arg(version);
    if (templateUsable(path, as))
        return path;
    if (QFileInfo(path).exists()) {
        struct stat st{};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || st.st_uid != as.uid)
            return fail(Error::database(QStringLiteral("scratch cluster: %1 is not ours; not using it as a template").arg(path)));
        qCInfo(lcScratch) << "rebuilding broken template" << path;
        QDir(path).removeRecursively();
    }
    const QString build = QStringLiteral("%1.build-%2").arg(path).arg(QCoreApplication::applicationPid());
    QDir(build).removeRecursively();
    if (::mkdir(QFile::encodeName(build).constData(), 0700) != 0 || !chownTo(build, as))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot create %1: %2").arg(build, QString::fromLocal8Bit(std::strerror(errno)))));
    if (auto made = runInitdb(as, binDir, build, baseDir); !made) {
        QDir(build).removeRecursively();
        return fail(made.error());
    }
    // Atomic publication; when another process won the race, use theirs.
    if (::rename(QFile::encodeName(build).constData(), QFile::encodeName(path).constData()) != 0)
        QDir(build).removeRecursively();
    if (!templateUsable(path, as))
        return fail(Error::database(QStringLiteral("scratch cluster: template %1 is unusable after initdb").arg(path)));
    return path;
}

QString quoteConf(const QString &value)
{
    return QLatin1Char('\'') + QString(value).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

// Fast and private (PITFALLS 17, 18): no TCP, trust only on a 0700 socket directory.
QByteArray serverConfig(const QString &socketDir, int port)
{
    return QStringLiteral("\n# Revisor scratch cluster\n"
                          "listen_addresses = ''\n"
                          "port = %1\n"
                          "unix_socket_directories = %2\n"
                          "unix_socket_permissions = 0700\n"
                          "fsync = off\n"
                          "synchronous_commit = off\n"
                          "full_page_writes = off\n"
                          "wal_level = minimal\n"
                          "max_wal_senders = 0\n"
                          "max_connections = 50\n"
                          "shared_buffers = 64MB\n"
                          "log_timezone = 'UTC'\n"
                          "timezone = 'UTC'\n")
        .arg(port)
        .arg(quoteConf(socketDir))
        .toUtf8();
}

} // namespace

// ---- ScratchCluster -------------------------------------------------------------------------

Result<QString> ScratchCluster::findBinDir()
{
    static const QStringList needed{QStringLiteral("initdb"), QStringLiteral("pg_ctl"), QStringLiteral("postgres")};
    auto complete = [](const QString &dir) {
        return std::all_of(needed.begin(), needed.end(), [&](const QString &b) { return QFileInfo(dir + QLatin1Char('/') + b).isExecutable(); });
    };
    const QString overridden = qEnvironmentVariable("REVISOR_PG_BINDIR");
    if (!overridden.isEmpty()) {
        if (complete(overridden))
            return overridden;
        return fail(Error::database(QStringLiteral("REVISOR_PG_BINDIR=%1 does not contain initdb, pg_ctl and postgres").arg(overridden)));
    }
    if (const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config")); !pgConfig.isEmpty()) {
        const Outcome o = run(pgConfig, {QStringLiteral("--bindir")}, {});
        if (o.ok() && complete(o.output))
            return o.output;
    }
    // Debian and Ubuntu install each major version side by side.
    QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return a.toDouble() > b.toDouble(); });
    for (const QString &v : versions) {
        const QString dir = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
        if (complete(dir))
            return dir;
    }
    return fail(Error::database(QStringLiteral("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install the "
                                               "postgresql package or set REVISOR_PG_BINDIR to their directory")));
}

Result<std::unique_ptr<ScratchCluster>> ScratchCluster::start(const Options &options)
{
    std::unique_ptr<ScratchCluster> cluster(new ScratchCluster);
    // On failure the destructor stops what was started and removes the directory.
    if (auto ok = cluster->initialize(options); !ok)
        return fail(ok.error());
    return cluster;
}

Status ScratchCluster::initialize(const Options &options)
{
    QElapsedTimer total;
    total.start();
    const QString baseDir = QDir::cleanPath(options.baseDir.isEmpty() ? QDir::tempPath() : options.baseDir);
    sweepStale(baseDir);

    auto bin = findBinDir();
    if (!bin)
        return fail(bin.error());
    m_binDir = *bin;
    auto as = runAs();
    if (!as)
        return fail(as.error());
    if (!reachableBy(baseDir, *as))
        return fail(Error::database(QStringLiteral("scratch cluster: the postgres user cannot reach %1; use a base directory "
                                                   "such as /tmp").arg(baseDir)));

    QTemporaryDir top(baseDir + QLatin1Char('/') + kScratchPrefix + QStringLiteral("XXXXXX"));
    if (!top.isValid())
        return fail(Error::database(QStringLiteral("scratch cluster: cannot create a directory in %1: %2").arg(baseDir, top.errorString())));
    top.setAutoRemove(false);
    m_directory = top.path();
    m_slot = claimSlot(m_directory);

    m_port = options.port > 0 ? options.port : int(QRandomGenerator::global()->bounded(20000, 60000));
    const QString socketFile = socketDirectory() + QStringLiteral("/.s.PGSQL.%1").arg(m_port);
    if (QFile::encodeName(socketFile).size() > 107)
        return fail(Error::database(QStringLiteral("scratch cluster: socket path %1 is longer than 107 bytes; use a shorter base directory").arg(socketFile)));

    QFile owner(m_directory + QLatin1Char('/') + kOwnerFile);
    if (!owner.open(QIODevice::WriteOnly)
        || owner.write(QByteArray::number(QCoreApplication::applicationPid()) + ' ' + processStartTime(QCoreApplication::applicationPid()) + '\n') < 0)
        return fail(Error::database(QStringLiteral("scratch cluster: cannot write %1: %2").arg(owner.fileName(), owner.errorString())));
    owner.close();
    if (::mkdir(QFile::encodeName(socketDirectory()).constData(), 0700) != 0 || !chownTo(socketDirectory(), *as)
        || !chownTo(m_directory, *as))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot prepare %1: %2").arg(m_directory, QString::fromLocal8Bit(std::strerror(errno)))));

    QElapsedTimer step;
    step.start();
    bool copied = false;
    if (options.useTemplate) {
        auto templ = ensureTemplate(*as, m_binDir, baseDir);
        if (templ) {
            const Outcome o = run(QStringLiteral("cp"), {QStringLiteral("-a"), *templ, dataDirectory()}, m_directory);
            if (!o.ok())
                return fail(stepError(QStringLiteral("copying the template"), QStringLiteral("cp -a ") + *templ, o));
            copied = true;
        } else {
            qCInfo(lcScratch) << "not using a template:" << templ.error().toString();
        }
    }
    if (!copied) {
        if (auto made = runInitdb(*as, m_binDir, dataDirectory(), m_directory); !made)
            return fail(made.error());
    }
    const qint64 prepareMs = step.restart();

    QFile conf(dataDirectory() + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append) || conf.write(serverConfig(socketDirectory(), m_port)) < 0)
        return fail(Error::database(QStringLiteral("scratch cluster: cannot write %1: %2").arg(conf.fileName(), conf.errorString())));
    conf.close();

    const QString pgCtl = m_binDir + QStringLiteral("/pg_ctl");
    const Outcome started = runPg(*as, pgCtl,
                                  {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                                   QStringLiteral("-s"), QStringLiteral("-D"), dataDirectory(), QStringLiteral("-l"), logFile()},
                                  m_directory);
    m_postmasterPid = readPostmasterPid(dataDirectory());
    if (m_slot >= 0)
        g_slots[m_slot].postmaster.store(pid_t(m_postmasterPid));
    if (!started.ok())
        return fail(stepError(QStringLiteral("pg_ctl start"), pgCtl, started, logFile()));
    const qint64 startMs = step.restart();

    auto session = Session::open(settings(), QStringLiteral("revisor-scratch"));
    if (!session) {
        Error e = session.error();
        e.detail = QStringLiteral("server log %1, last lines:\n%2").arg(logFile(), logTail(logFile()));
        return fail(e);
    }
    auto facts = (*session)->exec(QStringLiteral(
        "SELECT split_part(current_setting('server_version'), ' ', 1),"
        " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')::text"));
    if (!facts)
        return fail(facts.error());
    m_serverVersion = facts->value(0, 0);
    m_hasPgvector = facts->value(0, 1) == QLatin1String("true");
    qCInfo(lcScratch).noquote() << QStringLiteral("PostgreSQL %1 scratch cluster in %2: %3 ms (%4 %5 ms, pg_ctl start %6 ms, check %7 ms)")
                                       .arg(m_serverVersion, m_directory)
                                       .arg(total.elapsed())
                                       .arg(copied ? QStringLiteral("template copy") : QStringLiteral("initdb"))
                                       .arg(prepareMs)
                                       .arg(startMs)
                                       .arg(step.elapsed());
    return {};
}

ScratchCluster::~ScratchCluster()
{
    if (auto stopped = stop(); !stopped)
        qCWarning(lcScratch).noquote() << stopped.error().toString();
}

Status ScratchCluster::stop()
{
    if (m_directory.isEmpty())
        return {};
    releaseSlot(m_slot);
    m_slot = -1;
    if (m_postmasterPid <= 0)
        m_postmasterPid = readPostmasterPid(dataDirectory());
    if (m_postmasterPid > 0 && ::kill(pid_t(m_postmasterPid), SIGQUIT) == 0 && !waitGone(m_postmasterPid, dataDirectory(), 10'000)) {
        ::kill(pid_t(m_postmasterPid), SIGKILL);
        waitGone(m_postmasterPid, dataDirectory(), 2000);
    }
    m_postmasterPid = 0;
    const QString directory = std::exchange(m_directory, QString());
    if (!QDir(directory).removeRecursively())
        return fail(Error::database(QStringLiteral("scratch cluster: could not remove %1").arg(directory)));
    return {};
}

QString ScratchCluster::dataDirectory() const
{
    return m_directory + QStringLiteral("/data");
}

QString ScratchCluster::socketDirectory() const
{
    return m_directory + QStringLiteral("/sock");
}

QString ScratchCluster::logFile() const
{
    return m_directory + QStringLiteral("/server.log");
}

ConnectionSettings ScratchCluster::settings(const QString &database) const
{
    ConnectionSettings s;
    s.setValue(QStringLiteral("host"), socketDirectory());
    s.setValue(QStringLiteral("port"), QString::number(m_port));
    s.setValue(QStringLiteral("user"), QStringLiteral("postgres"));
    s.setValue(QStringLiteral("dbname"), database);
    return s;
}

QString ScratchCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://postgres@/%1?host=%2&port=%3")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(database)),
             QString::fromLatin1(QUrl::toPercentEncoding(socketDirectory(), "/")))
        .arg(m_port);
}

Result<ConnectionSettings> ScratchCluster::createDatabase(const QString &name)
{
    auto session = Session::open(settings(), QStringLiteral("revisor-scratch"));
    if (!session)
        return fail(session.error());
    // CREATE DATABASE cannot run in a transaction block (PITFALLS 11); one statement, autocommit.
    if (auto created = (*session)->exec(QStringLiteral("CREATE DATABASE ") + (*session)->quoteIdent(name)); !created)
        return fail(created.error());
    return settings(name);
}

int ScratchCluster::sweepStale(const QString &baseDir)
{
    const QString base = QDir::cleanPath(baseDir.isEmpty() ? QDir::tempPath() : baseDir);
    auto as = runAs();
    if (!as)
        return 0;
    int removed = 0;
    const QFileInfoList entries = QDir(base).entryInfoList({kScratchPrefix + QLatin1Char('*'), kTemplatePrefix + QStringLiteral("*.build-*")},
                                                          QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QFileInfo &entry : entries) {
        const QString dir = entry.absoluteFilePath();
        struct stat st{};
        // Only directories this user (or, as root, the server user) made: the owner file may
        // not be trusted otherwise.
        if (entry.isSymLink() || ::lstat(QFile::encodeName(dir).constData(), &st) != 0
            || (st.st_uid != as->uid && st.st_uid != geteuid()))
            continue;
        if (entry.fileName().startsWith(kTemplatePrefix)) {
            if (!processAlive(entry.fileName().section(QStringLiteral(".build-"), -1).toLongLong()))
                QDir(dir).removeRecursively();
            continue;
        }
        const QString ownerPath = dir + QLatin1Char('/') + kOwnerFile;
        struct stat ownerStat{};
        if (::lstat(QFile::encodeName(ownerPath).constData(), &ownerStat) != 0) {
            // Created but never owned: a start that died at once. Leave young ones alone.
            if (entry.lastModified().secsTo(QDateTime::currentDateTime()) > 60 && QDir(dir).removeRecursively())
                ++removed;
            continue;
        }
        if (ownerStat.st_uid != geteuid())
            continue;
        QFile owner(ownerPath);
        if (!owner.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = owner.readAll().trimmed().split(' ');
        const qint64 ownerPid = fields.value(0).toLongLong();
        const QByteArray ownerStart = fields.value(1);
        if (processAlive(ownerPid) && (ownerStart.isEmpty() || processStartTime(ownerPid) == ownerStart))
            continue;
        const QString data = dir + QStringLiteral("/data");
        if (const qint64 pm = readPostmasterPid(data); processAlive(pm)) {
            if (auto bin = findBinDir()) {
                runPg(*as, *bin + QStringLiteral("/pg_ctl"),
                      {QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
                       QStringLiteral("-t"), QStringLiteral("10"), QStringLiteral("-s"), QStringLiteral("-D"), data},
                      dir);
            }
            waitGone(pm, data, 5000);
        }
        if (QDir(dir).removeRecursively()) {
            qCInfo(lcScratch) << "removed stale scratch cluster" << dir << "of dead process" << ownerPid;
            ++removed;
        }
    }
    return removed;
}

void ScratchCluster::installSignalCleanup()
{
    static QMutex mutex;
    QMutexLocker lock(&mutex);
    if (const QString rm = QStandardPaths::findExecutable(QStringLiteral("rm")); !rm.isEmpty() && rm.size() < kPathMax)
        std::snprintf(g_rm, sizeof g_rm, "%s", QFile::encodeName(rm).constData());
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old{};
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa{};
        sa.sa_handler = cleanupOnSignal;
        sigemptyset(&sa.sa_mask);
        for (int blocked : {SIGINT, SIGTERM, SIGHUP})
            sigaddset(&sa.sa_mask, blocked);
        sa.sa_flags = SA_RESETHAND;
        ::sigaction(sig, &sa, nullptr);
    }
}

} // namespace revisor
