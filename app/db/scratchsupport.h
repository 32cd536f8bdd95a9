#pragma once

#include "core/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sys/types.h>

/// Internals of ScratchCluster (scratchcluster.cpp): running PostgreSQL's binaries as the
/// right user, watching processes, and the registry the signal handler cleans up from.
namespace revisor::scratch {

constexpr int kStepTimeoutMs = 120'000;

/// Who runs initdb and the server: this user, or "postgres" through runuser when root
/// (initdb and postgres refuse to run as root).
struct RunAs
{
    bool root = false;
    uid_t uid = 0;
    gid_t gid = 0;
    QString runuser;
};

Result<RunAs> runAs();
/// chown to the server user when root; a no-op otherwise.
bool chownTo(const QString &path, const RunAs &as);
/// Whether the server user can traverse every directory down to dir.
bool reachableBy(const QString &dir, const RunAs &as);

/// How a child process ended, with its merged stdout and stderr.
struct Outcome
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QString output;
    QString errorString;
    bool ok() const { return started && !timedOut && exitCode == 0; }
};

/// Runs a program to completion with stdin from /dev/null, C locale, TZ=UTC and no PG* variables.
Outcome run(const QString &program, const QStringList &args, const QString &workDir, int timeoutMs = kStepTimeoutMs);
/// Runs a PostgreSQL binary as the server user.
Outcome runPg(const RunAs &as, const QString &binary, const QStringList &args, const QString &workDir);
/// Starts `postgres -D dataDir` as the server user, detached like pg_ctl does it (a session of
/// its own, reparented to init, stdin from /dev/null, output appended to logFile), but without
/// pg_ctl, its shell and runuser. Returns the postmaster's pid without waiting for it to be
/// ready (see waitReady).
Result<qint64> spawnServer(const RunAs &as, const QString &postgres, const QString &dataDir, const QString &logFile);

QString logTail(const QString &path, int lines = 20);
/// "scratch cluster: <step> failed (<binary>): exit code N" with output and log tail as detail.
Error stepError(const QString &step, const QString &binary, const Outcome &o, const QString &logFile = {});

/// Field 22 of /proc/<pid>/stat: tells a reused pid from the original process.
QByteArray processStartTime(qint64 pid);
/// Alive and not a zombie.
bool processAlive(qint64 pid);
/// First line of <dataDir>/postmaster.pid, 0 if none.
qint64 readPostmasterPid(const QString &dataDir);
/// Waits until the postmaster of dataDir reports itself ready to accept connections (line 8 of
/// postmaster.pid, PostgreSQL 10+), polling every 2 ms: pg_ctl -w polls every 100 ms. Returns
/// its pid; fails when it (or the known pid, when given) exits first, when its log reports a
/// FATAL error before it wrote postmaster.pid, or after timeoutMs.
Result<qint64> waitReady(const QString &dataDir, const QString &logFile, int timeoutMs, qint64 pid = 0);
/// Waits until the postmaster is gone or has removed postmaster.pid; false on timeout.
bool waitGone(qint64 pid, const QString &dataDir, int timeoutMs);

/// Registers a cluster directory for removal by the signal handler; -1 if the registry is full.
int claimCleanupSlot(const QString &directory);
void setCleanupPostmaster(int slot, qint64 pid);
void releaseCleanupSlot(int slot);
/// Installs the SIGINT/SIGTERM/SIGHUP handler (see ScratchCluster::installSignalCleanup).
void installCleanupHandlers();

} // namespace revisor::scratch
