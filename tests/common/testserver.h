#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"
#include "db/scratchcluster.h"

#include <QString>

namespace revisor::test {

/// The scratch PostgreSQL cluster of this test process, started on first use and stopped at
/// exit (and on SIGINT/SIGTERM/SIGHUP). If it cannot start, the process aborts with qFatal and
/// the reason: a missing server is a failure, never a skip.
ScratchCluster &server();

/// Creates a new, uniquely named database on server(): "<prefix>_<n>", prefix reduced to
/// [a-z0-9_].
Result<ConnectionSettings> freshDatabase(const QString &prefix);

/// The source tree: $REVISOR_SOURCE_DIR (set by ctest), else the tree this file was built from.
QString sourceDir();

} // namespace revisor::test
