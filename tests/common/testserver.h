#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"
#include "db/scratchcluster.h"

#include <QString>

#include <memory>

namespace revisor {
class Session;
}

namespace revisor::test {

/// The scratch PostgreSQL cluster of this test process, started on first use and stopped at
/// exit (and on SIGINT/SIGTERM/SIGHUP). If it cannot start, the process aborts with qFatal and
/// the reason: a missing server is a failure, never a skip.
ScratchCluster &server();

/// Creates a new, uniquely named database on server(): "<prefix>_<n>", prefix reduced to
/// [a-z0-9_].
Result<ConnectionSettings> freshDatabase(const QString &prefix);

/// A session on `settings`; the process aborts with the reason when it cannot connect.
std::unique_ptr<Session> openSession(const ConnectionSettings &settings);

/// The source tree: $REVISOR_SOURCE_DIR (set by ctest), else the tree this file was built from.
QString sourceDir();

} // namespace revisor::test
