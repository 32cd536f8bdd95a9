#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"

#include <QString>

#include <memory>
#include <utility>

namespace revisor {

namespace scratch {
struct RunAs;
}

/// How to create a ScratchCluster (outside the class so that `= {}` works as a default argument).
struct ScratchClusterOptions
{
    QString baseDir;          ///< where revisor-scratch-* directories go; default defaultBaseDir()
    int port = 0;             ///< 0: pick a number; only names the socket (no TCP)
    bool useTemplate = true;  ///< copy a cached initdb'ed data directory instead of running initdb
};

/// A throwaway PostgreSQL cluster: initdb (or a copy of a cached initdb template) in a private
/// 0700 directory, served on a unix socket only (listen_addresses = ''), trust authentication,
/// superuser "postgres", durability switched off for speed. Stopped and removed by the
/// destructor, by stop(), by installSignalCleanup() on SIGINT/SIGTERM/SIGHUP, or by a later
/// start's sweep when the owning process died. As root, initdb and the server run as the
/// "postgres" system user (PostgreSQL refuses to run as root).
class ScratchCluster
{
public:
    using Options = ScratchClusterOptions;

    /// Sweeps stale clusters under baseDir, creates the cluster, starts it (pg_ctl -w) and
    /// checks that it answers. Errors name the step and binary that failed, its output and
    /// the tail of the server log.
    static Result<std::unique_ptr<ScratchCluster>> start(const Options &options = {});

    ~ScratchCluster();
    ScratchCluster(const ScratchCluster &) = delete;
    ScratchCluster &operator=(const ScratchCluster &) = delete;

    /// Immediate shutdown (SIGQUIT to the postmaster) and removal of the directory. Idempotent.
    Status stop();
    bool isRunning() const { return m_postmasterPid > 0; }

    /// Settings to connect to a database of this cluster (socket directory, port, postgres).
    ConnectionSettings settings(const QString &database = QStringLiteral("postgres")) const;
    /// The same as a libpq URL: postgresql://postgres@/db?host=%2Ftmp%2F...&port=N
    QString url(const QString &database = QStringLiteral("postgres")) const;

    /// Creates a database (the first one of a cluster started from a template is the template's
    /// spare database, renamed); returns the settings to reach it.
    Result<ConnectionSettings> createDatabase(const QString &name);
    /// Drops the database (ending its connections) and creates it again, empty.
    Result<ConnectionSettings> recreateDatabase(const QString &name);

    bool hasPgvector() const { return m_hasPgvector; }   ///< 'vector' in pg_available_extensions
    QString serverVersion() const { return m_serverVersion; }  ///< e.g. "15.18"
    QString directory() const { return m_directory; }          ///< the cluster's top directory
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;
    int port() const { return m_port; }
    qint64 postmasterPid() const { return m_postmasterPid; }

    /// The directory with initdb and pg_ctl: $REVISOR_PG_BINDIR, else `pg_config --bindir` if it
    /// holds initdb, else the newest /usr/lib/postgresql/*/bin.
    static Result<QString> findBinDir();

    /// $REVISOR_SCRATCH_DIR; else /dev/shm when it is a tmpfs with at least 4 GiB free (the
    /// start and every write then wait for no disk, at the price of holding the scratch data
    /// in memory); else QDir::tempPath().
    static QString defaultBaseDir();

    /// Removes revisor-scratch-* directories under baseDir (default defaultBaseDir()) whose
    /// owning process is gone, stopping their server first (pg_ctl stop -m immediate).
    /// Returns how many directories were removed.
    static int sweepStale(const QString &baseDir = {});

    /// On SIGINT, SIGTERM and SIGHUP: stop every live cluster of this process immediately,
    /// remove their directories, then die of the signal as if no handler had been installed.
    /// Signals that are ignored (nohup) stay ignored. Safe to call more than once.
    static void installSignalCleanup();

private:
    ScratchCluster() = default;
    Status initialize(const Options &options);
    /// Takes a ready copy of the template from baseDir or copies it (or runs initdb when templ
    /// is empty), configures and starts the server; returns the milliseconds spent preparing
    /// and starting.
    Result<std::pair<qint64, qint64>> prepareAndStart(const scratch::RunAs &as, const QString &templ, const QString &baseDir);

    QString m_directory;
    QString m_binDir;
    int m_port = 0;
    qint64 m_postmasterPid = 0;
    int m_slot = -1;   // index in the signal-cleanup registry
    QString m_serverVersion;
    bool m_hasPgvector = false;
};

} // namespace revisor
