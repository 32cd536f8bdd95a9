#pragma once

#include "checks/scenariofacts.h"
#include "runner/runner.h"

namespace revisor {

/// Runs the steps from `from` to `to` on a disposable copy of the session's database
/// (CREATE DATABASE ... TEMPLATE, dropped afterwards): the probe of a range that holds a
/// revision which is not transactional (CREATE INDEX CONCURRENTLY, `transactional: false`) and
/// so cannot run inside a transaction that is rolled back. `why` names that revision.
/// When no copy can be made (the role may not create databases, other sessions are connected
/// to the database, the server refuses), the probe is not run and its detail says why: a
/// skipped probe, never a failed one. The session must not be in a transaction.
ProbeResult runProbeOnCopy(Session &session, const MigrationSet &set, const RevisionRef &from, const RevisionRef &to,
                           const QString &why);

} // namespace revisor
