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

/// Captures schema, data fingerprints and the values of the suite's query_equals checks due
/// at `pointName` (all of them when pointName is empty), in one REPEATABLE READ snapshot. The
/// version store's own tables are left out.
Result<InspectionPoint> capturePoint(Session &session, const VersionStore &store, const CheckSuite &suite,
                                     const QString &pointName, const RevisionRef &revision, const CaptureObserver &observer = {});

} // namespace revisor
