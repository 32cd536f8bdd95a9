#pragma once

#include "checks/checkresult.h"
#include "checks/checkspec.h"
#include "checks/scenariofacts.h"

namespace revisor {

/// The checks every rehearsal runs: schema after rollback identical to the baseline, data
/// preserved, the data-loss ledger of dropped-and-restored tables, the version table back at
/// the baseline, the further-downgrade and re-upgrade probes, and the time budgets.
QList<CheckResult> genericChecks(const ScenarioFacts &facts);

/// One declarative check judged against the facts.
CheckResult evaluateCheck(const CheckSpec &spec, const ScenarioFacts &facts);

/// Generic checks, then the suite's, failing first.
QList<CheckResult> runAllChecks(const ScenarioFacts &facts, const CheckSuite &suite);

} // namespace revisor
