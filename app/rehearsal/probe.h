#pragma once

#include "checks/scenariofacts.h"
#include "runner/runner.h"

namespace revisor {

/// Runs the steps from `from` to `to` inside a transaction that is rolled back afterwards, so
/// the database is left as it was: the further-downgrade and re-upgrade probes of a rehearsal
/// and of the window's interactive session. `runner` must work on `session`.
ProbeResult runProbe(Session &session, Runner &runner, const MigrationSet &set, const RevisionRef &from, const RevisionRef &to);

/// The further downgrade (-1 below `baseline`) and the re-upgrade to `target`, both from the
/// rolled-back state at `baseline`.
struct RoundTripProbes
{
    ProbeResult downgrade;
    ProbeResult reupgrade;
};
RoundTripProbes runRoundTripProbes(Session &session, Runner &runner, const MigrationSet &set,
                                   const RevisionRef &baseline, const RevisionRef &target);

} // namespace revisor
