#include "probe.h"

#include "rehearsal/probecopy.h"
#include "schema/snapshot.h"

#include <QElapsedTimer>

#include <cmath>

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

ProbeResult chooseReupgradeProbe(const ScenarioFacts &f, double repeatUnderMs)
{
    ProbeResult p;
    p.from = f.baselineRevision;
    p.to = f.targetRevision;
    const double upgradeMs = f.durationOf(QStringLiteral("upgrade"));
    const auto repeated = [&p](const QString &why) {
        p.choice = QStringLiteral("the upgrade repeated in full: %1").arg(why);
        return p;
    };
    if (!f.completed(QStringLiteral("upgrade")))
        return repeated(QStringLiteral("the upgrade did not complete"));
    if (std::isinf(repeatUnderMs))
        return repeated(QStringLiteral("--full-probes asks for it"));
    if (upgradeMs < repeatUnderMs)
        return repeated(QStringLiteral("the upgrade took %1 ms, under the %2 ms below which it is always repeated")
                            .arg(upgradeMs, 0, 'f', 0).arg(repeatUnderMs, 0, 'f', 0));
    if (!f.baseline.captured || !f.rolledBack.captured || f.finalRevision != f.baselineRevision)
        return repeated(QStringLiteral("the rollback did not return to the baseline revision"));
    if (!sameSchema(f.baseline.schema, f.rolledBack.schema))
        return repeated(QStringLiteral("the schema after the rollback differs from the baseline's"));
    const QList<TableComparison> tables = compareCaptures(f.baseline.data, f.rolledBack.data);
    for (const TableComparison &t : tables) {
        if (!t.matches())
            return repeated(QStringLiteral("the data of %1 differs from the baseline's").arg(t.table));
    }
    if (f.baseline.data.sequences != f.rolledBack.data.sequences)
        return repeated(QStringLiteral("a sequence is not at its baseline value"));
    p.inferred = true;
    p.ok = true;
    p.choice = QStringLiteral(
                   "the rollback restored the baseline exactly (identical schema; rows and fingerprints of %1 table(s) and %2 "
                   "sequence value(s) equal), and the upgrade completed from that state in %3 ms, so repeating it would run the same "
                   "steps on the same state. Not proved: what the captures do not see (roles and other objects outside the "
                   "database, the version table's rows, large objects, dead rows and other physical state) and steps whose outcome "
                   "depends on the time or on other sessions; --full-probes repeats it")
                   .arg(tables.size()).arg(f.baseline.data.sequences.size()).arg(upgradeMs, 0, 'f', 0);
    return p;
}

RoundTripProbes runRoundTripProbes(Session &session, Runner &runner, const MigrationSet &set,
                                   const RevisionRef &baseline, const RevisionRef &target, const ProbeResult &reupgrade)
{
    RoundTripProbes probes;
    auto below = set.resolveTarget(baseline, QStringLiteral("-1"));
    if (below)
        probes.downgrade = runProbe(session, runner, set, baseline, *below);
    else
        probes.downgrade.detail = below.error().message;
    if (reupgrade.inferred) {
        probes.reupgrade = reupgrade;
        return probes;
    }
    probes.reupgrade = runProbe(session, runner, set, baseline, target);
    probes.reupgrade.choice = reupgrade.choice;
    return probes;
}

} // namespace revisor
