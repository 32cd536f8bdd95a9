#pragma once

#include "checks/scenariofacts.h"
#include "runner/runner.h"

namespace revisor {

/// Runs the steps from `from` to `to` inside a transaction that is rolled back afterwards, so
/// the database is left as it was: the further-downgrade and re-upgrade probes of a rehearsal
/// and of the window's interactive session. `runner` must work on `session`.
ProbeResult runProbe(Session &session, Runner &runner, const MigrationSet &set, const RevisionRef &from, const RevisionRef &to);

/// Whether the rehearsal's re-upgrade probe must repeat the upgrade. It need not when the
/// rollback restored the baseline exactly (identical schema, every table's rows and
/// fingerprint, every sequence, the version) and the upgrade, run from that very state,
/// completed: the probe would run the same steps on the same state. Yet an upgrade that took
/// less than `repeatUnderMs` is repeated anyway (it is cheap, and it also proves what the
/// captures cannot see). Returns the inferred outcome (inferred, ok), or a result with only
/// `choice` set: why the probe runs in full.
ProbeResult chooseReupgradeProbe(const ScenarioFacts &facts, double repeatUnderMs);

/// The further downgrade (-1 below `baseline`) and the re-upgrade to `target`, both from the
/// rolled-back state at `baseline`. `reupgrade` is chooseReupgradeProbe()'s answer: an inferred
/// re-upgrade is taken as is, otherwise it runs and keeps the choice.
struct RoundTripProbes
{
    ProbeResult downgrade;
    ProbeResult reupgrade;
};
RoundTripProbes runRoundTripProbes(Session &session, Runner &runner, const MigrationSet &set,
                                   const RevisionRef &baseline, const RevisionRef &target, const ProbeResult &reupgrade = {});

} // namespace revisor
