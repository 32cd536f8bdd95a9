#include "probe.h"

#include "rehearsal/probecopy.h"

#include <QElapsedTimer>

namespace revisor {

ProbeResult runProbe(Session &session, Runner &runner, const MigrationSet &set, const RevisionRef &from, const RevisionRef &to)
{
    ProbeResult p;
    p.from = from;
    p.to = to;
    auto steps = set.plan(from, to);
    if (!steps) {
        p.detail = steps.error().message;
        return p;
    }
    // A revision that is not transactional cannot run inside the probe's transaction: the
    // whole range is probed on a copy of the database instead.
    for (const PlannedStep &step : *steps) {
        if (!step.revision.transactional)
            return runProbeOnCopy(session, set, from, to, QStringLiteral("revision %1 is not transactional").arg(step.revision.id));
    }
    QElapsedTimer timer;
    timer.start();
    if (auto b = session.exec(QStringLiteral("BEGIN")); !b) {
        p.detail = b.error().toString();
        return p;
    }
    p.ran = true;
    RunOutcome outcome = runner.runSteps(*steps, true);
    (void)session.exec(QStringLiteral("ROLLBACK"));
    p.durationMs = timer.nsecsElapsed() / 1e6;
    p.ok = outcome.completed();
    if (const Error *e = outcome.error())
        p.detail = e->toString();
    return p;
}

RoundTripProbes runRoundTripProbes(Session &session, Runner &runner, const MigrationSet &set,
                                   const RevisionRef &baseline, const RevisionRef &target)
{
    RoundTripProbes probes;
    auto below = set.resolveTarget(baseline, QStringLiteral("-1"));
    if (below)
        probes.downgrade = runProbe(session, runner, set, baseline, *below);
    else
        probes.downgrade.detail = below.error().message;
    probes.reupgrade = runProbe(session, runner, set, baseline, target);
    return probes;
}

} // namespace revisor
