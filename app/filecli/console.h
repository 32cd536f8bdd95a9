#pragma once

#include "core/error.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

namespace revisor::cli {

/// What every command prints with and parses by: the streams, the arguments, --help, and
/// errors as exit codes. It needs no database, so the launcher's commands run with it alone;
/// Context (cli/) adds the options of the database and migration-set commands.
struct Console
{
    QTextStream out{stdout};
    QTextStream err{stderr};
    QStringList arguments;   ///< program name, command, then the command's arguments
    QString command;

    /// Adds --help and parses; on --help prints help and returns 0 through `exitCode`; on
    /// error prints and returns 2.
    bool parse(QCommandLineParser &parser, const QString &synopsis, int *exitCode);
    /// Prints an error (to stderr) and returns its exit code.
    int report(const Error &error);
    void progress(const QString &line);
};

} // namespace revisor::cli
