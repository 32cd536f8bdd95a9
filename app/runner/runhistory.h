#pragma once

#include "migrations/migrationset.h"
#include "runner/versionstore.h"

namespace revisor {

/// SHA-256 (hex) of the exact script text of one direction of a revision.
QString scriptSha256(const Revision &revision, bool up);

/// What the recorded history says about the set as it is now: revisions whose up script
/// changed since it was applied (Flyway's validate), and revisions inserted into the chain
/// below one the database passed (they never ran here). One line per finding.
QStringList historyWarnings(const MigrationSet &set, const RevisionRef &current, const QList<HistoryEntry> &history);

} // namespace revisor
