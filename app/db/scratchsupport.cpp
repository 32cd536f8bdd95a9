#include "scratchsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace revisor::scratch {

// ---- who runs the server --------------------------------------------------------------------

// initdb and postgres refuse to run as root: as root, initdb and pg_ctl run as the
// "postgres" system user through runuser, and the cluster's files belong to it.
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

Outcome run(const QString &program, const QStringList &args, const QString &workDir, int timeoutMs)
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

Result<qint64> spawnServer(const RunAs &as, const QString &postgres, const QString &dataDir, const QString &logFile)
{
    // Everything the children need is built before fork(): between fork() and execve() in a
    // process that may have threads only async-signal-safe calls are allowed.
    const QByteArray exe = QFile::encodeName(postgres);
    const QByteArray data = QFile::encodeName(dataDir);
    const QByteArray log = QFile::encodeName(logFile);
    QByteArray dashD("-D");
    QList<QByteArray> env;
    QProcessEnvironment childEnv = childEnvironment();
    if (as.root) {
        // What runuser would set; the server reads none of it, its children (archive or
        // restore commands) might.
        if (const passwd *pw = getpwuid(as.uid)) {
            childEnv.insert(QStringLiteral("HOME"), QFile::decodeName(pw->pw_dir));
            childEnv.insert(QStringLiteral("USER"), QFile::decodeName(pw->pw_name));
            childEnv.insert(QStringLiteral("LOGNAME"), QFile::decodeName(pw->pw_name));
        }
    }
    for (const QString &entry : childEnv.toStringList())
        env << entry.toLocal8Bit();
    std::vector<char *> envp;
    for (QByteArray &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    QByteArray exeArg = exe;
    QByteArray dataArg = data;
    char *argv[] = {exeArg.data(), dashD.data(), dataArg.data(), nullptr};

    // The server starts with no signal blocked, whatever the calling thread blocks: fork()
    // and execve() keep the signal mask.
    sigset_t unblocked;
    sigemptyset(&unblocked);
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0)
        return fail(Error::database(QStringLiteral("scratch cluster: pipe failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))));
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(report[0]);
        ::close(report[1]);
        return fail(Error::database(QStringLiteral("scratch cluster: fork failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))));
    }
    if (child == 0) {
        // A session of its own, so that a terminal's Ctrl-C does not reach the server (the
        // cleanup handler stops it), and a second fork so that init reaps it, not us.
        ::setsid();
        const pid_t server = ::fork();
        if (server != 0) {
            (void)!::write(report[1], &server, sizeof server);
            ::_exit(server > 0 ? 0 : 1);
        }
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(log.constData(), O_WRONLY | O_APPEND | O_CREAT, 0600);
        if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
            ::_exit(126);
        ::close_range(3, ~0U, 0);
        ::sigprocmask(SIG_SETMASK, &unblocked, nullptr);
        if (as.root && (::setgroups(0, nullptr) != 0 || ::setgid(as.gid) != 0 || ::setuid(as.uid) != 0))
            ::_exit(126);
        if (::chdir(data.constData()) != 0)
            ::_exit(126);
        ::execve(exe.constData(), argv, envp.data());
        ::_exit(127);
    }
    ::close(report[1]);
    pid_t server = 0;
    ssize_t got = 0;
    do {
        got = ::read(report[0], &server, sizeof server);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (got != sizeof server || server <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(Error::database(QStringLiteral("scratch cluster: could not start %1").arg(postgres)));
    return qint64(server);
}

QString logTail(const QString &path, int lines)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList all = QString::fromLocal8Bit(f.readAll()).trimmed().split(QLatin1Char('\n'));
    return all.mid(qMax(0, all.size() - lines)).join(QLatin1Char('\n'));
}

Error stepError(const QString &step, const QString &binary, const Outcome &o, const QString &logFile)
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

Result<qint64> waitReady(const QString &dataDir, const QString &logFile, int timeoutMs, qint64 pid)
{
    QElapsedTimer t;
    t.start();
    QFile f(dataDir + QStringLiteral("/postmaster.pid"));
    qint64 seen = 0;
    int polls = 0;
    while (t.elapsed() <= timeoutMs) {
        if (f.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = f.readAll().split('\n');
            f.close();
            seen = lines.value(0).trimmed().toLongLong();
            if (lines.size() > 7 && lines.at(7).trimmed() == "ready" && seen > 0)
                return seen;
        }
        if (const qint64 watched = seen > 0 ? seen : pid; watched > 0 && !processAlive(watched))
            return fail(Error::database(QStringLiteral("the server (pid %1) exited while starting").arg(watched)));
        // A server that fails before writing postmaster.pid (a bad setting, a taken socket)
        // only says so in its log.
        if (seen == 0 && ++polls % 50 == 0) {
            const QString tail = logTail(logFile, 5);
            if (tail.contains(QLatin1String("FATAL:")) || tail.contains(QLatin1String("PANIC:")))
                return fail(Error::database(QStringLiteral("the server failed to start")));
        }
        QThread::usleep(2000);
    }
    return fail(Error::database(QStringLiteral("the server did not become ready within %1 s").arg(timeoutMs / 1000)));
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

namespace {

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

} // namespace

int claimCleanupSlot(const QString &directory)
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

void setCleanupPostmaster(int slot, qint64 pid)
{
    if (slot >= 0)
        g_slots[slot].postmaster.store(pid_t(pid));
}

void releaseCleanupSlot(int slot)
{
    if (slot < 0)
        return;
    g_slots[slot].postmaster.store(0);
    g_slots[slot].state.store(0);
}

namespace {

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

} // namespace

void installCleanupHandlers()
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


} // namespace revisor::scratch
