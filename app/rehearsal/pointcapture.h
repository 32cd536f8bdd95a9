#pragma once

#include "checks/checkspec.h"
#include "checks/scenariofacts.h"
#include "db/session.h"

namespace revisor {

/// Captures schema, data fingerprints and the values of the suite's query_equals checks due
/// at `pointName` (all of them when pointName is empty), in one REPEATABLE READ snapshot.
Result<InspectionPoint> capturePoint(Session &session, const CheckSuite &suite, const QString &pointName,
                                     const QString &revision);

} // namespace revisor
