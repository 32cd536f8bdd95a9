#pragma once

#include "schema/catalogreader.h"
#include "schema/repairscript.h"

namespace revisor {

/// A repair script tried on the database: applied inside a transaction that is rolled back,
/// the schema captured in it and compared with the baseline.
struct RepairVerification
{
    RepairScript script;
    bool ran = false;
    SchemaDiff remaining;       ///< baseline -> repaired; empty when the script repairs everything
    QStringList failed;         ///< statements the server refused, with its error
    QString error;              ///< why it could not be tried

    bool verified() const { return ran && remaining.isEmpty() && failed.isEmpty(); }
    /// "repair verified: 0 differences", or what remains and what failed.
    QString summary() const;
};

/// Builds the script that brings the session's schema (`current`) back to `baseline` and
/// proves it: every statement under its own savepoint inside one transaction, a snapshot in
/// that transaction, ROLLBACK. The database is left as it was.
RepairVerification verifyRepair(Session &session, const Snapshot &current, const Snapshot &baseline, const SnapshotOptions &options);

} // namespace revisor
