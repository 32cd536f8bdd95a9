#pragma once

#include "core/error.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace revisor {

/// An Alembic project as Revisor runs it: where its configuration and scripts are, and the
/// command that runs the project's own Alembic.
struct AlembicProject
{
    QString root;            ///< the folder Alembic runs in (alembic.ini's folder)
    QString iniFile;         ///< the project's alembic.ini; empty when only a script folder was given
    QString scriptLocation;  ///< the script folder (env.py, versions/), absolute
    QStringList command;     ///< program and leading arguments: {"alembic"} or --alembic split
    QString versionTable;    ///< alembic_version unless set

    /// As messages name it: "Alembic project /path/to/project".
    QString label() const;
};

/// Whether `dir` is an Alembic project folder (alembic.ini) or script folder (env.py,
/// script.py.mako and versions/). Looks at names only.
bool looksLikeAlembicProject(const QDir &dir);

/// Finds the project of `directory`: its alembic.ini and the script_location it names, or, for
/// a script folder, the alembic.ini beside it (else Revisor writes a minimal one when it runs).
/// `alembicCommand` is --alembic ("alembic" on PATH when empty).
Result<AlembicProject> locateAlembicProject(const QString &directory, const QString &alembicCommand);

/// A private, owner-only copy of the project's alembic.ini for one or more Alembic runs, with
/// sqlalchemy.url replaced by `url` (which carries no password: libpq reads that from the
/// child's environment). Removed, with its folder, when destroyed.
class AlembicConfig
{
public:
    static Result<std::unique_ptr<AlembicConfig>> create(const AlembicProject &project, const QString &url);
    ~AlembicConfig();
    QString path() const { return m_path; }

private:
    AlembicConfig() = default;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

/// One run of the project's Alembic.
struct AlembicRun
{
    bool started = false;
    int exitCode = -1;        ///< -1 when it crashed or could not start
    QString output;           ///< stdout and stderr as they interleaved
    QString standardOutput;   ///< stdout alone (rendered SQL, history)
    double durationMs = 0;
    bool ok() const { return started && exitCode == 0; }
};

/// Runs `project.command -c config args...` in the project's root with `environment`.
/// `onStarted` gets the child's pid (to watch it); `cancelled` is polled and kills the child.
AlembicRun runAlembic(const AlembicProject &project, const QString &configFile, const QStringList &args,
                      const QProcessEnvironment &environment, const std::function<void(qint64 pid)> &onStarted = {},
                      const std::function<bool()> &cancelled = {});

/// Alembic's own last word in `output`: the "FAILED: ..." line, else the last line of a Python
/// traceback, else the last non-empty line.
QString lastAlembicMessage(const QString &output);

/// The innermost frame of a Python traceback in `output` that lies in `scriptLocation` (the
/// revision file or env.py that failed): its file and line; empty file when there is none.
std::pair<QString, int> failingScriptFrame(const QString &output, const QString &scriptLocation);

/// The error for an Alembic run that failed: names the project, the command and Alembic's own
/// last message; file and line of the failing script frame when there is one.
Error alembicRunError(const AlembicProject &project, const QStringList &args, const AlembicRun &run);

} // namespace revisor
