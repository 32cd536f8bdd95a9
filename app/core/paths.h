#pragma once

#include <QString>

namespace revisor {

/// The program's version string (the project version).
QString versionString();

/// Directory holding the bundled migration sets: next to the executable's install prefix
/// (share/revisor/migrations), else the source tree's migrations/ for a build tree.
QString bundledMigrationsDir();

/// The default set: bundledMigrationsDir()/codebase_mcp.
QString defaultMigrationSetDir();

} // namespace revisor
