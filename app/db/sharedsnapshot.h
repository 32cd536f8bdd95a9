#pragma once

#include "core/error.h"
#include "db/readsettings.h"

#include <memory>

namespace revisor {

class ConnectionSettings;
class Session;

/// A connection of its own that reads what another transaction reads: `snapshotId` comes from
/// pg_export_snapshot() in a REPEATABLE READ transaction that has written nothing (another
/// connection cannot see uncommitted rows). Opened on the calling thread, which then owns it,
/// in a REPEATABLE READ READ ONLY transaction with `pinned` set for it (pinSettings()); the
/// caller ends it (ROLLBACK) or closes the session.
Result<std::unique_ptr<Session>> openInSnapshot(const ConnectionSettings &settings, const QString &snapshotId,
                                                const Settings &pinned = readSettings());

} // namespace revisor
