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

/// data.sequence-behind: after the rollback, a sequence (serial, identity, nextval() default)
/// would hand out a value the column it feeds already holds. A sequence that merely moved
/// forward is data.sequences' warning.
CheckResult sequencesAheadOfData(const ScenarioFacts &facts);
/// The sequences ("schema.name") behind their column's values after the rollback.
QStringList sequencesBehindTheirData(const ScenarioFacts &facts);

/// Generic checks, then the suite's, failing first.
QList<CheckResult> runAllChecks(const ScenarioFacts &facts, const CheckSuite &suite);

} // namespace revisor
