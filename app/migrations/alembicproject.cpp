#include "alembicproject.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace revisor {

namespace {

const QString IniName = QStringLiteral("alembic.ini");

bool isScriptFolder(const QDir &dir)
{
    return QFileInfo(dir.filePath(QStringLiteral("env.py"))).isFile()
        && QFileInfo(dir.filePath(QStringLiteral("versions"))).isDir();
}

// The [alembic] section's value of `key` in an ini text, with %(here)s expanded as Alembic
// expands it (the ini's folder); empty when absent.
QString iniValue(const QString &text, const QString &key, const QString &here)
{
    bool inSection = false;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            inSection = line == QLatin1String("[alembic]");
            continue;
        }
        if (!inSection || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        const qsizetype sep = line.indexOf(QRegularExpression(QStringLiteral("[=:]")));
        if (sep > 0 && line.left(sep).trimmed() == key)
            return line.mid(sep + 1).trimmed().replace(QStringLiteral("%(here)s"), here).replace(QStringLiteral("%%"), QStringLiteral("%"));
    }
    return {};
}

// ConfigParser interpolates '%': a literal one is written twice.
QString iniEscaped(QString value)
{
    return value.replace(QLatin1Char('%'), QStringLiteral("%%"));
}

} // namespace

QString AlembicProject::label() const
{
    return QStringLiteral("Alembic project %1").arg(root);
}

bool looksLikeAlembicProject(const QDir &dir)
{
    return QFileInfo(dir.filePath(IniName)).isFile()
        || (isScriptFolder(dir) && QFileInfo(dir.filePath(QStringLiteral("script.py.mako"))).isFile());
}

Result<AlembicProject> locateAlembicProject(const QString &directory, const QString &alembicCommand)
{
    AlembicProject project;
    const QDir dir(directory);
    project.command = alembicCommand.trimmed().isEmpty() ? QStringList{QStringLiteral("alembic")}
                                                         : QProcess::splitCommand(alembicCommand);
    if (project.command.isEmpty())
        return fail(Error::usage(QStringLiteral("--alembic: no command given")));
    // A script folder opened by itself: the project's alembic.ini is usually one level up.
    QString ini = dir.filePath(IniName);
    if (!QFileInfo(ini).isFile() && isScriptFolder(dir)) {
        const QString above = QDir(dir.absolutePath() + QStringLiteral("/..")).filePath(IniName);
        ini = QFileInfo(above).isFile() ? QFileInfo(above).absoluteFilePath() : QString();
    }
    if (!ini.isEmpty() && QFileInfo(ini).isFile()) {
        QFile f(ini);
        if (!f.open(QIODevice::ReadOnly))
            return fail(Error::input(ini, 0, QStringLiteral("cannot read: %1").arg(f.errorString())));
        const QString text = QString::fromUtf8(f.readAll());
        project.iniFile = QFileInfo(ini).absoluteFilePath();
        project.root = QFileInfo(ini).absolutePath();
        const QString location = iniValue(text, QStringLiteral("script_location"), project.root);
        if (location.isEmpty())
            return fail(Error::input(project.iniFile, 0, QStringLiteral("no script_location in the [alembic] section")));
        // Alembic resolves a relative script_location against the folder it runs in, which
        // for Revisor is the ini's folder. A package resource ("pkg:folder") is left to it.
        project.scriptLocation = location.contains(QLatin1Char(':')) && !QFileInfo(location).isAbsolute()
                                     ? location
                                     : QDir(project.root).absoluteFilePath(location);
        const QString table = iniValue(text, QStringLiteral("version_table"), project.root);
        project.versionTable = table.isEmpty() ? QStringLiteral("alembic_version") : table;
        if (isScriptFolder(dir) && QDir(project.scriptLocation) != dir)
            return fail(Error::input(project.iniFile, 0, QStringLiteral("its script_location %1 is not the script folder %2 that was opened")
                                                             .arg(project.scriptLocation, dir.absolutePath())));
        return project;
    }
    if (!isScriptFolder(dir))
        return fail(Error::input(directory, 0, QStringLiteral("not an Alembic project: no alembic.ini, and not a script folder (env.py, versions/)")));
    project.root = dir.absolutePath();
    project.scriptLocation = dir.absolutePath();
    project.versionTable = QStringLiteral("alembic_version");
    return project;
}

Result<std::unique_ptr<AlembicConfig>> AlembicConfig::create(const AlembicProject &project, const QString &url)
{
    std::unique_ptr<AlembicConfig> config(new AlembicConfig);
    // Named with this process's id, so that a leftover folder (or a test's before/after
    // listing) can tell whose it is.
    config->m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/revisor-alembic-%1-XXXXXX").arg(QCoreApplication::applicationPid()));
    if (!config->m_dir->isValid())
        return fail(Error::database(QStringLiteral("cannot create a private folder for Alembic's configuration: %1").arg(config->m_dir->errorString())));
    QFile::setPermissions(config->m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QString text;
    if (!project.iniFile.isEmpty()) {
        QFile in(project.iniFile);
        if (!in.open(QIODevice::ReadOnly))
            return fail(Error::input(project.iniFile, 0, QStringLiteral("cannot read: %1").arg(in.errorString())));
        text = QString::fromUtf8(in.readAll());
    } else {
        text = QStringLiteral("[alembic]\nscript_location = %1\n").arg(iniEscaped(project.scriptLocation));
    }
    // The copy lives elsewhere, so %(here)s must still mean the project's folder: a [DEFAULT]
    // value overrides the one Alembic derives from the file's location.
    const QString here = QStringLiteral("here = %1\n").arg(iniEscaped(project.root));
    static const QRegularExpression defaultSection(QStringLiteral("^\\[DEFAULT\\][ \\t]*\\n"), QRegularExpression::MultilineOption);
    if (const auto m = defaultSection.match(text); m.hasMatch())
        text.insert(m.capturedEnd(), here);
    else
        text.prepend(QStringLiteral("[DEFAULT]\n") + here + QLatin1Char('\n'));
    // sqlalchemy.url replaced in (or added to) the [alembic] section.
    static const QRegularExpression urlLine(QStringLiteral("^[ \\t]*sqlalchemy\\.url[ \\t]*[=:].*$"), QRegularExpression::MultilineOption);
    const QString urlSetting = QStringLiteral("sqlalchemy.url = %1").arg(iniEscaped(url));
    if (text.contains(urlLine)) {
        text.replace(urlLine, urlSetting);
    } else {
        static const QRegularExpression alembicSection(QStringLiteral("^\\[alembic\\][ \\t]*\\n"), QRegularExpression::MultilineOption);
        const auto m = alembicSection.match(text);
        if (!m.hasMatch())
            return fail(Error::input(project.iniFile, 0, QStringLiteral("no [alembic] section")));
        text.insert(m.capturedEnd(), urlSetting + QLatin1Char('\n'));
    }
    config->m_path = QDir(config->m_dir->path()).filePath(IniName);
    QFile out(config->m_path);
    if (!out.open(QIODevice::WriteOnly) || !out.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
        || out.write(text.toUtf8()) < 0)
        return fail(Error::database(QStringLiteral("cannot write Alembic's private configuration %1: %2").arg(config->m_path, out.errorString())));
    return config;
}

AlembicConfig::~AlembicConfig() = default;

AlembicRun runAlembic(const AlembicProject &project, const QString &configFile, const QStringList &args,
                      const QProcessEnvironment &environment, const std::function<void(qint64)> &onStarted,
                      const std::function<bool()> &cancelled)
{
    AlembicRun run;
    QProcess p;
    p.setWorkingDirectory(project.root);
    p.setProcessEnvironment(environment);
    p.setStandardInputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start(project.command.first(), project.command.mid(1) + QStringList{QStringLiteral("-c"), configFile} + args);
    if (!p.waitForStarted(30000)) {
        run.output = QStringLiteral("cannot start '%1': %2").arg(project.command.join(QLatin1Char(' ')), p.errorString());
        return run;
    }
    run.started = true;
    if (onStarted)
        onStarted(p.processId());
    // Both channels read as they come, so the log keeps Alembic's order and a chatty child
    // never blocks on a full pipe.
    QByteArray out, all;
    const auto drain = [&] {
        const QByteArray o = p.readAllStandardOutput();
        const QByteArray e = p.readAllStandardError();
        out += o;
        all += e + o;
    };
    while (!p.waitForFinished(50)) {
        drain();
        if (p.state() == QProcess::NotRunning)
            break;
        if (cancelled && cancelled()) {
            p.kill();
            p.waitForFinished(5000);
            all += "\n(cancelled: Revisor stopped Alembic)\n";
            break;
        }
    }
    drain();
    run.durationMs = timer.nsecsElapsed() / 1e6;
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.output = QString::fromUtf8(all);
    run.standardOutput = QString::fromUtf8(out);
    return run;
}

QString lastAlembicMessage(const QString &output)
{
    const QStringList lines = output.split(QLatin1Char('\n'));
    QString last;
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("FAILED:")))
            return line;
        if (last.isEmpty())
            last = line;
    }
    // A traceback ends with "SomeError: message" after its frames; the SQL of a failing
    // statement follows sqlalchemy's error line ("[SQL: ...]", "(Background on ...)").
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const QString line = lines.at(i);
        static const QRegularExpression exceptionLine(QStringLiteral("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Failure|Warning)\\b.*"));
        if (exceptionLine.match(line).hasMatch())
            return line.trimmed();
    }
    return last;
}

std::pair<QString, int> failingScriptFrame(const QString &output, const QString &scriptLocation)
{
    static const QRegularExpression frame(QStringLiteral("File \"([^\"]+)\", line (\\d+)"));
    const QString folder = QDir(scriptLocation).absolutePath() + QLatin1Char('/');
    std::pair<QString, int> found{QString(), 0};
    for (auto it = frame.globalMatch(output); it.hasNext();) {
        const auto m = it.next();
        const QString file = QFileInfo(m.captured(1)).absoluteFilePath();
        if (file.startsWith(folder))
            found = {file, m.captured(2).toInt()};
    }
    return found;
}

Error alembicRunError(const AlembicProject &project, const QStringList &args, const AlembicRun &run)
{
    const auto [file, line] = failingScriptFrame(run.output, project.scriptLocation);
    const QString why = !run.started ? run.output
                        : run.exitCode < 0 ? QStringLiteral("Alembic crashed: %1").arg(lastAlembicMessage(run.output))
                                           : lastAlembicMessage(run.output);
    Error e = Error::input(file.isEmpty() ? project.root : file, line,
                           QStringLiteral("%1: '%2 %3' failed (exit %4): %5")
                               .arg(project.label(), project.command.join(QLatin1Char(' ')), args.join(QLatin1Char(' ')))
                               .arg(run.exitCode).arg(why.isEmpty() ? QStringLiteral("no output") : why));
    // The end of Alembic's output (the traceback's last frames), not all of it.
    if (run.started)
        e.detail = run.output.trimmed().split(QLatin1Char('\n')).mid(std::max<qsizetype>(0, run.output.trimmed().count(QLatin1Char('\n')) - 11)).join(QLatin1Char('\n'));
    return e;
}

} // namespace revisor
