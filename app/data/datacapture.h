#pragma once

#include "core/error.h"
#include "core/tablename.h"
#include "data/tabledata.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace revisor {

class Session;

/// What captureData() reads.
struct DataCaptureOptions
{
    /// Tables left out: a migration tool's bookkeeping (VersionStore::ownTables()), whose
    /// content changes by design. An empty schema matches the name in any schema.
    QList<TableName> leaveOut;
    /// Above this many rows a table keeps only a summary over all its columns: no row names,
    /// and no comparison over a different column set.
    qint64 rowDetailLimit = 2000000;
    /// Connections a large table's scan is split over (ranges of its heap blocks, one snapshot):
    /// 0 = one per core, at most 4; 1 = never split.
    int parallelScans = 0;
    /// The connections a split scan uses: parallelScans, or for 0 one per core, at most 4.
    int scanConnections() const;
    /// Tables smaller than this (heap + TOAST) per connection are not split.
    qint64 parallelMinBytes = 32ll << 20;
    /// The caller's open transaction may export its snapshot to other connections: the caller
    /// began it REPEATABLE READ and holds no savepoint (pg_export_snapshot fails inside one,
    /// and a failed statement would abort the caller's transaction). Transactions that wrote
    /// something are never shared, whatever this says.
    bool parallelInCallersTransaction = false;
    /// Tables that belong to an extension (pg_depend 'e', e.g. PostGIS' spatial_ref_sys).
    bool includeExtensionTables = false;
    /// Row counts only (count(*)), no fingerprints: a point whose content no check compares.
    bool rowsOnly = false;
    /// An earlier capture that stands for this one where nothing wrote a table since: such a
    /// table is taken over as captured (TableStats::reusedFrom = reuseFrom) instead of read,
    /// when it is still the same relation in the same file (same oid and relfilenode, which
    /// TRUNCATE and rewrites change), has the same columns, and its name is not among
    /// writtenRelations. The caller vouches that these name every relation written since.
    const DataCapture *reuse = nullptr;
    QString reuseFrom;
    /// Relations written since `reuse` was captured, as pg_locks readers name them
    /// (quote_ident(schema) || '.' || quote_ident(name); see backendlocks.h).
    QStringList writtenRelations;
    /// Called before each table is scanned (index from 0, table count, "schema.name").
    std::function<void(int, int, const QString &)> progress;
};

/// Row counts and content hashes of every user table (ordinary tables and partitions; not
/// partitioned parents, whose rows are their partitions'; not pg_catalog, information_schema,
/// pg_toast, temporary schemas, the tables options.leaveOut names), all read in one snapshot: inside the
/// session's transaction when one is open (used as is: its isolation level decides, so a
/// caller that wants one snapshot opens it REPEATABLE READ), otherwise in
/// BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY ... COMMIT. The table list comes from one
/// catalog query; each table is one binary COPY (FROM ONLY) whose values are hashed on the
/// client as they stream (tabledata.h), a large one split into block ranges read by several
/// connections that share the snapshot (pg_export_snapshot; see DataCaptureOptions). The
/// settings that shape values' text form are pinned with set_config(..., local) for the
/// duration (on every connection) and restored afterwards.
Result<DataCapture> captureData(Session &session, const DataCaptureOptions &options = {});

} // namespace revisor
