#include "scratchcluster.h"

#include "db/scratchsupport.h"
#include "db/scratchtemplate.h"
#include "db/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QUrl>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcScratch, "revisor.db.scratch", QtInfoMsg)

namespace revisor {

using namespace scratch;

namespace {

const QString kOwnerFile = QStringLiteral("revisor-owner");
const QString kScratchPrefix = QStringLiteral("revisor-scratch-");

// Free space a tmpfs must have to hold scratch clusters by default.
constexpr qint64 kMinTmpfsBytes = 4ll << 30;

// Fast and private: no fsync (a throwaway cluster need not survive a crash), no TCP, and trust
// authentication only because the server listens solely on a socket in a 0700 directory that
// only this user can reach.
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
                          // Lock slots are shared: max_locks_per_transaction x max_connections.
                          // A data capture holds ACCESS SHARE on every table (and each index
                          // the planner opens) until it commits, as pg_dump does: 10,000 tables
                          // need more than the default 64 x 50.
                          "max_locks_per_transaction = 1024\n"
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
    // pg_config's answer does not change while we run; ask once.
    static QMutex mutex;
    static QString fromPgConfig;
    static bool asked = false;
    {
        QMutexLocker lock(&mutex);
        if (!asked) {
            asked = true;
            if (const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config")); !pgConfig.isEmpty()) {
                const Outcome o = run(pgConfig, {QStringLiteral("--bindir")}, {});
                if (o.ok())
                    fromPgConfig = o.output;
            }
        }
    }
    if (!fromPgConfig.isEmpty() && complete(fromPgConfig))
        return fromPgConfig;
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
    const QString baseDir = QDir::cleanPath(options.baseDir.isEmpty() ? defaultBaseDir() : options.baseDir);
    sweepStale(baseDir);
    // Clusters of crashed runs made before the default moved to a tmpfs.
    if (options.baseDir.isEmpty() && baseDir != QDir::cleanPath(QDir::tempPath()))
        sweepStale(QDir::tempPath());

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
    m_slot = claimCleanupSlot(m_directory);

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
    QString templ;
    if (options.useTemplate) {
        // One template per user and version in the temporary directory, whatever the base.
        const QString cache = reachableBy(QDir::tempPath(), *as) ? QDir::tempPath() : baseDir;
        if (auto made = ensureTemplate(*as, m_binDir, cache))
            templ = *made;
        else
            qCInfo(lcScratch) << "not using a template:" << made.error().toString();
    }
    auto started = prepareAndStart(*as, templ, baseDir);
    if (!started && !templ.isEmpty()) {
        // Maybe a template damaged behind our back (a tmp cleaner, a full disk): retry with
        // initdb, and drop the template only if that works.
        qCWarning(lcScratch).noquote() << "starting from template" << templ << "failed, retrying with initdb:" << started.error().toString();
        if (m_postmasterPid > 0 && ::kill(pid_t(m_postmasterPid), SIGQUIT) == 0)
            waitGone(m_postmasterPid, dataDirectory(), 10'000);
        m_postmasterPid = 0;
        QDir(dataDirectory()).removeRecursively();
        QFile::remove(logFile());
        const QString suspect = std::exchange(templ, QString());
        started = prepareAndStart(*as, templ, baseDir);
        if (started) {
            QDir(suspect).removeRecursively();
            removeCopies(suspect, *as, baseDir);
        }
    }
    if (!started)
        return fail(started.error());
    const bool copied = !templ.isEmpty();
    const qint64 prepareMs = started->first;
    const qint64 startMs = started->second;
    step.restart();

    auto session = Session::open(settings(), QStringLiteral("revisor-scratch"));
    if (!session) {
        Error e = session.error();
        e.message = QStringLiteral("scratch cluster: the server started but does not answer: ") + e.message;
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
    qCInfo(lcScratch).noquote() << QStringLiteral("PostgreSQL %1 scratch cluster in %2: %3 ms (%4 %5 ms, server start %6 ms, check %7 ms)")
                                       .arg(m_serverVersion, m_directory)
                                       .arg(total.elapsed())
                                       .arg(copied ? QStringLiteral("template copy") : QStringLiteral("initdb"))
                                       .arg(prepareMs)
                                       .arg(startMs)
                                       .arg(step.elapsed());
    // The copy for the next cluster is made now, in the background, not when it starts. Only
    // in the default place, where the next clusters will look: a base directory chosen for
    // one cluster (a test's) may be gone by the time a copy is finished.
    if (copied && baseDir == QDir::cleanPath(defaultBaseDir()))
        prepareCopies(templ, *as, baseDir);
    return {};
}

Result<std::pair<qint64, qint64>> ScratchCluster::prepareAndStart(const RunAs &as, const QString &templ, const QString &baseDir)
{
    QElapsedTimer step;
    step.start();
    if (!templ.isEmpty() && takeCopy(templ, as, baseDir, dataDirectory())) {
        qCDebug(lcScratch) << "took a ready copy of" << templ;
    } else if (!templ.isEmpty()) {
        const Outcome o = run(QStringLiteral("cp"), {QStringLiteral("-a"), templ, dataDirectory()}, m_directory);
        if (!o.ok())
            return fail(stepError(QStringLiteral("copying the template"), QStringLiteral("cp -a ") + templ, o));
    } else if (auto made = runInitdb(as, m_binDir, dataDirectory(), m_directory); !made) {
        return fail(made.error());
    }
    const qint64 prepareMs = step.restart();

    QFile conf(dataDirectory() + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append) || conf.write(serverConfig(socketDirectory(), m_port)) < 0)
        return fail(Error::database(QStringLiteral("scratch cluster: cannot write %1: %2").arg(conf.fileName(), conf.errorString())));
    conf.close();

    // The server is started directly, not through runuser and pg_ctl (each a process start,
    // tens of milliseconds on a busy machine), and its readiness polled every 2 ms (pg_ctl -w
    // polls every 100 ms).
    const QString postgres = m_binDir + QStringLiteral("/postgres");
    const auto spawned = spawnServer(as, postgres, dataDirectory(), logFile());
    if (!spawned)
        return fail(spawned.error());
    m_postmasterPid = *spawned;
    setCleanupPostmaster(m_slot, m_postmasterPid);
    if (const auto ready = waitReady(dataDirectory(), logFile(), 60'000, m_postmasterPid); !ready) {
        Error e = ready.error();
        e.message = QStringLiteral("scratch cluster: starting the server failed (%1): %2").arg(postgres, e.message);
        e.detail = QStringLiteral("server log %1, last lines:\n%2").arg(logFile(), logTail(logFile()));
        return fail(e);
    }
    return std::pair{prepareMs, step.elapsed()};
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
    releaseCleanupSlot(m_slot);
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
    // The template's spare database, while there is one, becomes this one: a rename instead
    // of a copy of template1.
    auto spare = (*session)->scalar(QStringLiteral("SELECT count(*) FROM pg_catalog.pg_database WHERE datname = $1"), {kSpareDatabase});
    if (!spare)
        return fail(spare.error());
    const QString sql = *spare == QLatin1String("1") && name != kSpareDatabase
        ? QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(kSpareDatabase, (*session)->quoteIdent(name))
        // CREATE DATABASE cannot run in a transaction block (SQLSTATE 25001); one statement, autocommit.
        : QStringLiteral("CREATE DATABASE ") + (*session)->quoteIdent(name);
    if (auto created = (*session)->exec(sql); !created)
        return fail(created.error());
    return settings(name);
}

Result<ConnectionSettings> ScratchCluster::recreateDatabase(const QString &name)
{
    auto session = Session::open(settings(), QStringLiteral("revisor-scratch"));
    if (!session)
        return fail(session.error());
    if (auto dropped = (*session)->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg((*session)->quoteIdent(name))); !dropped)
        return fail(dropped.error());
    return createDatabase(name);
}

QString ScratchCluster::defaultBaseDir()
{
    const QString chosen = qEnvironmentVariable("REVISOR_SCRATCH_DIR");
    if (!chosen.isEmpty())
        return chosen;
    // A scratch cluster needs no durability (fsync is off), and on a disk busy with other
    // writes its first copy alone can take seconds; in memory it takes milliseconds. Only a
    // roomy tmpfs: a rehearsal's data lives there until the cluster stops.
    const QStorageInfo shm(QStringLiteral("/dev/shm"));
    if (shm.isValid() && shm.isReady() && !shm.isReadOnly() && shm.fileSystemType() == "tmpfs"
        && shm.bytesAvailable() >= kMinTmpfsBytes && QFileInfo(QStringLiteral("/dev/shm")).isWritable())
        return QStringLiteral("/dev/shm");
    return QDir::tempPath();
}

int ScratchCluster::sweepStale(const QString &baseDir)
{
    const QString base = QDir::cleanPath(baseDir.isEmpty() ? defaultBaseDir() : baseDir);
    auto as = runAs();
    if (!as)
        return 0;
    int removed = 0;
    const QFileInfoList entries = QDir(base).entryInfoList({kScratchPrefix + QLatin1Char('*'), kTemplatePrefix + QStringLiteral("*.build-*"),
                                                           kCopyPrefix + QStringLiteral("*.build-*")},
                                                          QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QFileInfo &entry : entries) {
        const QString dir = entry.absoluteFilePath();
        struct stat st{};
        // Only directories this user (or, as root, the server user) made: the owner file may
        // not be trusted otherwise.
        if (entry.isSymLink() || ::lstat(QFile::encodeName(dir).constData(), &st) != 0
            || (st.st_uid != as->uid && st.st_uid != geteuid()))
            continue;
        if (!entry.fileName().startsWith(kScratchPrefix)) {
            if (isAbandonedBuild(entry.fileName()))
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
    scratch::installCleanupHandlers();
}

} // namespace revisor
