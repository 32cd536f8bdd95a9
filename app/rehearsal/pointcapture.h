#pragma once

#include "checks/checkspec.h"
#include "checks/scenariofacts.h"
#include "db/session.h"
#include "runner/versionstore.h"

namespace revisor {

/// What a capture reports while it runs: the schema read starts, then each table is
/// fingerprinted (index from 0, table count, "schema.name").
struct CaptureObserver
{
    std::function<void()> schema;
    std::function<void(int, int, const QString &)> table;
};

/// How much a point captures beyond its schema.
struct PointCaptureOptions
{
    /// Row counts only, no fingerprints: the point after the upgrade, whose content no check
    /// compares (only its row counts and which tables exist).
    bool rowsOnly = false;
    /// An earlier point whose fingerprints stand for this one's where no step wrote a table
    /// since: taken over only when the schema is identical to that point's (a type change,
    /// such as an enum label renamed, changes values' text without touching the table) and the
    /// table is the same relation in the same file (DataCaptureOptions::reuse).
    const InspectionPoint *reuseFrom = nullptr;
    /// The relations the steps since reuseFrom wrote, as pg_locks readers name them
    /// (writtenSince() in capturereuse.h).
    QStringList writtenRelations;
    QString notReused;  ///< non-empty: why nothing is taken over from reuseFrom
};

/// Captures schema, data fingerprints and the values of the suite's query_equals checks due
/// at `pointName` (all of them when pointName is empty), in one REPEATABLE READ snapshot. The
/// version store's own tables are left out.
Result<InspectionPoint> capturePoint(Session &session, const VersionStore &store, const CheckSuite &suite,
                                     const QString &pointName, const RevisionRef &revision, const CaptureObserver &observer = {},
                                     const PointCaptureOptions &options = {});

} // namespace revisor
