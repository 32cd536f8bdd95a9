#include "scratchtemplate.h"

#include "db/scratchsupport.h"
#include "db/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcScratch)

namespace revisor::scratch {

namespace {

// Ready copies kept per template: one for the next cluster, one for a second started at the
// same time (ctest -j2).
constexpr int kReadyCopies = 2;

const QString kBuildInfix = QStringLiteral(".build-");

// A template is trusted only if it belongs to the server user and nobody else can write to
// it: its postgresql.conf runs code as that user.
bool templateUsable(const QString &path, const RunAs &as, const QString &version)
{
    struct stat st{};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != as.uid
        || (st.st_mode & 077) != 0)
        return false;
    for (const char *file : {"PG_VERSION", "global/pg_control", "postgresql.conf", "base"}) {
        if (!QFileInfo::exists(path + QLatin1Char('/') + QLatin1String(file)))
            return false;
    }
    // PG_VERSION holds the major version ("15"); a template of another major is useless.
    QFile pgVersion(path + QStringLiteral("/PG_VERSION"));
    if (!pgVersion.open(QIODevice::ReadOnly))
        return false;
    const QString major = QString::fromLatin1(pgVersion.readAll()).trimmed();
    return !major.isEmpty() && (version == major || version.startsWith(major + QLatin1Char('.')));
}

// Creates kSpareDatabase in a freshly initdb'ed template (server started once, then shut down
// cleanly so that copies start without recovery): the first createDatabase() of each scratch
// cluster renames it, a catalog update, instead of copying template1 (CREATE DATABASE, 0.1 to
// 0.3 s).
Status addSpareDatabase(const RunAs &as, const QString &binDir, const QString &dataDir)
{
    QFile conf(dataDir + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::ReadOnly))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot read %1").arg(conf.fileName())));
    const QByteArray original = conf.readAll();
    conf.close();
    const int port = int(QRandomGenerator::global()->bounded(20000, 60000));
    const auto writeConf = [&](const QByteArray &text) {
        return conf.open(QIODevice::WriteOnly | QIODevice::Truncate) && conf.write(text) == text.size() && (conf.close(), true);
    };
    if (!writeConf(original + QStringLiteral("\nlisten_addresses = ''\nport = %1\nunix_socket_directories = %2\nfsync = off\n")
                                  .arg(port).arg(quoteConf(dataDir)).toUtf8()))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot write %1").arg(conf.fileName())));
    const QString pgCtl = binDir + QStringLiteral("/pg_ctl");
    const QString log = dataDir + QStringLiteral("/template.log");
    const Outcome started = runPg(as, pgCtl, {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-D"),
                                              dataDir, QStringLiteral("-l"), log}, dataDir);
    if (!started.ok())
        return fail(stepError(QStringLiteral("starting the template"), pgCtl, started, log));
    ConnectionSettings settings;
    settings.setValue(QStringLiteral("host"), dataDir);
    settings.setValue(QStringLiteral("port"), QString::number(port));
    settings.setValue(QStringLiteral("user"), QStringLiteral("postgres"));
    settings.setValue(QStringLiteral("dbname"), QStringLiteral("postgres"));
    Status created;
    if (auto session = Session::open(settings, QStringLiteral("revisor-scratch"))) {
        if (auto r = (*session)->exec(QStringLiteral("CREATE DATABASE ") + kSpareDatabase); !r)
            created = fail(r.error());
    } else {
        created = fail(session.error());
    }
    const Outcome stopped = runPg(as, pgCtl, {QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                                              QStringLiteral("-s"), QStringLiteral("-D"), dataDir}, dataDir);
    if (!created)
        return created;
    if (!stopped.ok())
        return fail(stepError(QStringLiteral("stopping the template"), pgCtl, stopped, log));
    QFile::remove(log);
    QFile::remove(dataDir + QStringLiteral("/postmaster.opts"));
    if (!writeConf(original))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot write %1").arg(conf.fileName())));
    return {};
}

// "revisor-copy-0-15.20-2" for the template ".../revisor-template-0-15.20-2".
QString copyStem(const QString &templ)
{
    return kCopyPrefix + QFileInfo(templ).fileName().mid(kTemplatePrefix.size());
}

// Trusted like the template: a directory of the server user's that nobody else can write to
// (its postgresql.conf runs code as that user).
bool trustedCopy(const QString &path, const RunAs &as)
{
    struct stat st{};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == as.uid && (st.st_mode & 077) == 0;
}

// This user's trusted ready copies (not builds) in baseDir, of any template.
QStringList readyCopies(const RunAs &as, const QString &baseDir)
{
    QStringList ready;
    const QString mine = kCopyPrefix + QString::number(getuid()) + QLatin1Char('-');
    for (const QString &name : QDir(baseDir).entryList({mine + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (!name.contains(kBuildInfix) && trustedCopy(baseDir + QLatin1Char('/') + name, as))
            ready << name;
    }
    return ready;
}

} // namespace

QString quoteConf(const QString &value)
{
    return QLatin1Char('\'') + QString(value).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

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
                             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                             // 1 MB WAL segments instead of 16: the first segment is part of
                             // every copy of the template.
                             QStringLiteral("--wal-segsize=1")},
                            workDir);
    if (!o.ok())
        return fail(stepError(QStringLiteral("initdb"), initdb, o));
    return {};
}

// The cached initdb'ed data directory for this user and server version, built on first use.
Result<QString> ensureTemplate(const RunAs &as, const QString &binDir, const QString &baseDir)
{
    const QString version = versionOf(binDir);
    if (version.isEmpty())
        return fail(Error::database(QStringLiteral("scratch cluster: cannot tell the version of %1/pg_ctl").arg(binDir)));
    // "-2": the layout (1 MB WAL segments, a spare database); older templates are not used.
    const QString path = QStringLiteral("%1/%2%3-%4-2").arg(baseDir, kTemplatePrefix).arg(getuid()).arg(version);
    if (templateUsable(path, as, version))
        return path;
    if (QFileInfo(path).exists()) {
        struct stat st{};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || st.st_uid != as.uid)
            return fail(Error::database(QStringLiteral("scratch cluster: %1 is not ours; not using it as a template").arg(path)));
        qCInfo(lcScratch) << "rebuilding broken template" << path;
        QDir(path).removeRecursively();
    }
    QElapsedTimer timer;
    timer.start();
    const QString build = path + kBuildInfix + QString::number(QCoreApplication::applicationPid());
    QDir(build).removeRecursively();
    if (::mkdir(QFile::encodeName(build).constData(), 0700) != 0 || !chownTo(build, as))
        return fail(Error::database(QStringLiteral("scratch cluster: cannot create %1: %2").arg(build, QString::fromLocal8Bit(std::strerror(errno)))));
    if (auto made = runInitdb(as, binDir, build, baseDir); !made) {
        QDir(build).removeRecursively();
        return fail(made.error());
    }
    if (auto spare = addSpareDatabase(as, binDir, build); !spare) {
        QDir(build).removeRecursively();
        return fail(spare.error());
    }
    // Atomic publication; when another process won the race, use theirs.
    if (::rename(QFile::encodeName(build).constData(), QFile::encodeName(path).constData()) != 0)
        QDir(build).removeRecursively();
    if (!templateUsable(path, as, version))
        return fail(Error::database(QStringLiteral("scratch cluster: template %1 is unusable after initdb").arg(path)));
    qCInfo(lcScratch) << "built template" << path << "in" << timer.elapsed() << "ms";
    return path;
}

bool takeCopy(const QString &templ, const RunAs &as, const QString &baseDir, const QString &dataDir)
{
    const QString stem = copyStem(templ) + QLatin1Char('.');
    for (const QString &name : readyCopies(as, baseDir)) {
        // rename() is atomic: of two clusters starting at once, each gets its own copy; the
        // check after it covers a copy swapped in between.
        if (name.startsWith(stem)
            && ::rename(QFile::encodeName(baseDir + QLatin1Char('/') + name).constData(), QFile::encodeName(dataDir).constData()) == 0) {
            if (trustedCopy(dataDir, as))
                return true;
            QDir(dataDir).removeRecursively();
        }
    }
    return false;
}

void prepareCopies(const QString &templ, const RunAs &as, const QString &baseDir)
{
    const QString stem = copyStem(templ);
    int present = 0;
    for (const QString &name : readyCopies(as, baseDir)) {
        if (name.startsWith(stem + QLatin1Char('.')))
            ++present;
        else if (name.section(QLatin1Char('.'), 0, 0) != stem)   // another version or layout
            QDir(baseDir + QLatin1Char('/') + name).removeRecursively();
    }
    present += QDir(baseDir).entryList({stem + kBuildInfix + QLatin1Char('*')}, QDir::Dirs | QDir::Hidden).size();
    // The copy is built under a name with the copying shell's pid, so that a sweep can tell
    // an abandoned build, and published by a rename, so that no one takes a partial copy. cp
    // -a keeps the server user's ownership and the 0700 modes.
    static const QString script = QStringLiteral("b=\"$1%1$$\"; cp -a -- \"$0\" \"$b\" && mv -T -- \"$b\" \"$1.$$\" || rm -rf -- \"$b\"")
                                      .arg(kBuildInfix);
    for (int i = present; i < kReadyCopies; ++i) {
        QProcess p;
        p.setProgram(QStringLiteral("/bin/sh"));
        p.setArguments({QStringLiteral("-c"), script, templ, baseDir + QLatin1Char('/') + stem});
        p.setStandardInputFile(QProcess::nullDevice());
        p.setStandardOutputFile(QProcess::nullDevice());
        p.setStandardErrorFile(QProcess::nullDevice());
        p.setWorkingDirectory(baseDir);
        if (!p.startDetached())
            qCInfo(lcScratch) << "cannot prepare a copy of" << templ << ":" << p.errorString();
    }
}

void removeCopies(const QString &templ, const RunAs &as, const QString &baseDir)
{
    const QString stem = copyStem(templ) + QLatin1Char('.');
    for (const QString &name : readyCopies(as, baseDir)) {
        if (name.startsWith(stem))
            QDir(baseDir + QLatin1Char('/') + name).removeRecursively();
    }
}

bool isAbandonedBuild(const QString &name)
{
    if (!(name.startsWith(kTemplatePrefix) || name.startsWith(kCopyPrefix)) || !name.contains(kBuildInfix))
        return false;
    return !processAlive(name.section(kBuildInfix, -1).toLongLong());
}

} // namespace revisor::scratch
