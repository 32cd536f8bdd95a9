#pragma once

#include <QStringList>

namespace revisor {

/// True when the arguments name a command-line verb (or --help/--version), so main() can
/// choose between the command line and the window before creating an application object.
bool isCliInvocation(const QStringList &arguments);

/// True when the call writes a report that QtGui draws (html or pdf in --format): main() then
/// creates a QGuiApplication on the offscreen platform instead of a QCoreApplication, which
/// every other call keeps (no platform plugin to load, no display-related warnings).
bool cliDrawsReports(const QStringList &arguments);

/// Runs the command line; returns the process exit code (0 ok, 1 check failed or diff found,
/// 2 bad input, 3 database error).
int runCli(const QStringList &arguments);

} // namespace revisor
