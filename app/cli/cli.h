#pragma once

#include <QStringList>

namespace revisor {

/// True when the arguments name a command-line verb (or --help/--version), so main() can
/// choose between the command line and the window before creating an application object.
bool isCliInvocation(const QStringList &arguments);

/// Runs the command line; returns the process exit code (0 ok, 1 check failed or diff found,
/// 2 bad input, 3 database error).
int runCli(const QStringList &arguments);

} // namespace revisor
