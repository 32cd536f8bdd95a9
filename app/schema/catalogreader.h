#pragma once

#include "core/error.h"
#include "core/tablename.h"
#include "schema/snapshot.h"

#include <QString>

namespace revisor {

class Session;

/// What a snapshot leaves out.
struct SnapshotOptions
{
    /// Tables left out: a migration tool's bookkeeping (VersionStore::ownTables()), whose
    /// content changes by design. An empty schema matches the name in any schema.
    QList<TableName> leaveOut;
    /// Schemas left out when they hold nothing but tables left out (Sqitch's registry
    /// schema): a migration tool's, not the database's.
    QStringList leaveOutSchemas;
    /// Constraints plus indexes (the system's included, some 300) above which the two largest
    /// catalog queries run on a second connection sharing the capture's snapshot, beside the
    /// others; -1: never. Only in a transaction of the capture's own.
    int secondConnectionAbove = 2000;
};

/// Captures the schema of the session's database: every user schema (not pg_catalog,
/// information_schema, pg_toast or temporary schemas), without extension members and the
/// tables options.leaveOut names. A fixed handful of set-based catalog queries (catalog/*.sql resources), run
/// in one REPEATABLE READ READ ONLY transaction unless the session is already in a
/// transaction, in which case they run in it (and see its uncommitted changes).
Result<Snapshot> captureSnapshot(Session &session, const SnapshotOptions &options = {});

/// The catalog query for one object kind ("tables", "columns"...): the resource
/// ":/revisor/catalog/<kind>.<major>.sql" when the server has one, else "<kind>.sql".
Result<QString> catalogQuery(const QString &kind, int serverVersionNum);

} // namespace revisor
