#include "rehearsal.h"

#include "rehearsal/capturereuse.h"
#include "rehearsal/databasereset.h"
#include "rehearsal/pointcapture.h"
#include "rehearsal/probe.h"
#include "rehearsal/relationnames.h"
#include "rehearsal/scenariohazards.h"
#include "rehearsal/repairverify.h"
#include "rehearsal/scenariotracker.h"
#include "data/datacapture.h"

#include <QElapsedTimer>

namespace revisor {

Rehearsal::Rehearsal(Session &session, const MigrationSet &set, RehearsalOptions options)
    : m_session(session), m_set(set), m_options(std::move(options))
{
}

void Rehearsal::requestCancel()
{
    m_cancel = true;
    if (m_runner)
        m_runner->requestCancel();
    else
        m_session.cancel();
}

void Rehearsal::progress(const QString &line)
{
    if (m_observer.progress)
        m_observer.progress(line);
}

Status Rehearsal::reset()
{
    auto done = resetDatabase(m_session, m_options.lockTimeoutMs, &m_cancel, [this](const ResetPlan &plan) {
        for (const QString &line : plan.describe())
            progress(line);
    });
    if (!done)
        return fail(done.error());
    return {};
}

Status Rehearsal::capture(InspectionPoint &point, const QString &name, const RevisionRef &revision, const PointCaptureOptions &options)
{
    progress(QStringLiteral("capturing schema and %1 at %2 (%3)")
                 .arg(options.rowsOnly ? QStringLiteral("row counts") : QStringLiteral("data"), name, revision.label()));
    auto captured = capturePoint(m_session, m_runner->versionStore(), m_suite, name, revision, {}, options);
    if (!captured)
        return fail(captured.error());
    point = *captured;
    // The relations the next step may drop, so that its locks on them can be named.
    if (auto names = readRelationNames(m_session))
        m_relationNames = *names;
    return {};
}

Status Rehearsal::runPhase(const QString &name, const RevisionRef &target)
{
    progress(QStringLiteral("%1: to %2").arg(name, target.label()));
    QElapsedTimer timer;
    timer.start();
    auto outcome = m_runner->migrate(target);
    if (!outcome)
        return fail(outcome.error());
    QList<StepResult> steps = outcome->steps;
    for (StepResult &step : steps)
        nameDroppedRelations(step, m_relationNames);
    m_facts.phases << Phase{name, steps, timer.nsecsElapsed() / 1e6};
    m_facts.finalRevision = outcome->finalRevision;
    if (const Error *e = outcome->error())
        return fail(*e);
    return {};
}

Status Rehearsal::runUpgradedSeed(const Seed &seed)
{
    progress(QStringLiteral("seed at the upgraded revision: %1").arg(seed.name));
    DataCaptureOptions options;
    options.leaveOut = m_runner->versionStore().ownTables();
    options.rowsOnly = true;  // only the rows it added are used
    auto before = captureData(m_session, options);
    if (!before)
        return fail(before.error());
    auto seeded = runSeed(m_session, seed, m_options.seedParameters, m_cancel, m_observer.run);
    if (!seeded)
        return fail(seeded.error());
    m_facts.phases << Phase{QStringLiteral("seed-upgraded"), {*seeded}, seeded->durationMs};
    if (!seeded->completed())
        return fail(*seeded->error);
    auto after = captureData(m_session, options);
    if (!after)
        return fail(after.error());
    for (const TableComparison &t : compareCaptures(*before, *after)) {
        const qint64 added = t.rowsAfter - qMax<qint64>(0, t.rowsBefore);
        if (added > 0)
            m_facts.writtenAfterUpgrade.insert(t.table, added);
    }
    return {};
}

Result<std::pair<RevisionRef, RevisionRef>> resolveBaselineAndTarget(const MigrationSet &set, const QString &baselineText,
                                                                     const QString &targetText)
{
    auto target = set.resolveTarget(RevisionRef::base(), targetText);
    if (!target)
        return fail(target.error());
    const qsizetype targetHeight = *set.height(*target);
    RevisionRef baseline;
    if (baselineText.isEmpty()) {
        if (targetHeight == 0)
            return fail(Error::usage(QStringLiteral("target %1 has no revision below it to serve as the baseline; give --baseline").arg(target->label())));
        baseline = set.at(targetHeight - 1);
    } else {
        auto resolved = set.resolveTarget(RevisionRef::base(), baselineText);
        if (!resolved)
            return fail(resolved.error());
        baseline = *resolved;
    }
    if (*set.height(baseline) >= targetHeight)
        return fail(Error::usage(QStringLiteral("baseline %1 must be below the target %2").arg(baseline.label(), target->label())));
    return std::pair{baseline, *target};
}

Result<RehearsalOutcome> Rehearsal::run()
{
    auto suite = loadCheckSuite(m_set);
    if (!suite)
        return fail(suite.error());
    m_suite = *suite;
    if (m_options.genericChecksOnly)
        m_suite.checks.clear();
    auto ends = resolveBaselineAndTarget(m_set, m_options.baseline, m_options.target);
    if (!ends)
        return fail(ends.error());
    const RevisionRef baseline = ends->first;
    const RevisionRef target = ends->second;
    QString seed = m_options.seed;
    if (seed.isEmpty())
        seed = m_set.seedNames().contains(QStringLiteral("sample")) ? QStringLiteral("sample") : QStringLiteral("none");
    std::optional<Seed> seedFile;
    if (seed != QLatin1String("none")) {
        auto read = readSeed(m_set, seed);
        if (!read)
            return fail(read.error());
        seedFile = *read;
        if (seedFile->at == QLatin1String("upgraded"))
            return fail(Error::input(seedFile->file, 0, QStringLiteral("seed '%1' runs at the upgraded revision (-- at: upgraded); give it with --seed-upgraded").arg(seed)));
    }
    std::optional<Seed> upgradedSeed;
    if (!m_options.upgradedSeed.isEmpty()) {
        auto read = readSeed(m_set, m_options.upgradedSeed);
        if (!read)
            return fail(read.error());
        if (read->at != QLatin1String("upgraded"))
            return fail(Error::input(read->file, 0, QStringLiteral("seed '%1' does not declare '-- at: upgraded'; it runs at the baseline").arg(m_options.upgradedSeed)));
        upgradedSeed = *read;
    }

    m_facts = {};
    m_facts.baselineRevision = baseline;
    m_facts.targetRevision = target;
    m_facts.expectedDataLoss = m_suite.expectedDataLoss;
    m_facts.declarations = m_suite.declarations;
    m_facts.upgradedSeed = m_options.upgradedSeed;
    m_facts.rollbackBudgetMs = m_options.rollbackBudgetMs;
    m_facts.scenarioBudgetMs = m_options.scenarioBudgetMs;
    m_facts.upgradeBudgetMs = m_options.upgradeBudgetMs;
    m_facts.lockThresholdMs = m_options.lockThresholdMs;
    m_result = {};
    m_result.setName = m_set.name();
    m_result.setDirectory = m_set.directory();
    m_result.database = m_session.settings().redacted();
    m_result.serverVersion = m_session.serverVersion();
    m_result.baselineRevision = baseline;
    m_result.targetRevision = target;
    m_result.seed = seed;
    m_result.seedParameters = m_options.seedParameters;
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    m_result.lockThresholdMs = m_options.lockThresholdMs;
    m_result.budgets = {m_options.rollbackBudgetMs, m_options.scenarioBudgetMs};

    RunnerOptions runnerOptions;
    runnerOptions.lockTimeoutMs = m_options.lockTimeoutMs;
    runnerOptions.timeouts = m_options.stepTimeouts;
    m_runner = std::make_unique<Runner>(m_session, m_set, runnerOptions);
    m_facts.versionTable = m_runner->versionStore().name();
    for (qsizetype h = *m_set.height(baseline) + 1; h <= *m_set.height(target); ++h) {
        const Revision *r = m_set.find(m_set.at(h));
        if (r && downHasNoEffect(*r))
            m_facts.noEffectDowns << QStringLiteral("%1 (%2)").arg(r->id, r->sectionFile(false));
    }
    RunObserver observer = namingDroppedRelations(m_observer.run, &m_relationNames);
    m_relationNames.clear();
    m_runner->setObserver(observer);

    QElapsedTimer scenario;
    scenario.start();
    // A scenario that stops early still reports what it saw: the root cause first (the
    // scenario.completed failure and the headline name the step and its file:line), then the
    // checks, those whose step never ran skipped with that cause as their reason.
    const auto finishWithError = [&](const Error &e) -> Result<RehearsalOutcome> {
        m_result.error = e;
        m_facts.scenarioMs = scenario.nsecsElapsed() / 1e6;
        m_facts.stoppedBy = describeStop(m_facts.phases, baseline, target, &e, m_set.directory());
        readServerContext(m_session, m_result);
        fillResultFromFacts(m_result, m_facts, m_suite);
        m_result.rollbackCauses = findDiffCauses(m_result.rollbackDiff, m_set, baseline, target);
        CheckResult stopped;
        stopped.id = QStringLiteral("scenario.completed");
        stopped.title = QStringLiteral("every step of the scenario ran");
        stopped.status = CheckResult::Status::Fail;
        stopped.detail = m_facts.stoppedBy + QLatin1Char('\n') + e.toString();
        stopped.objects << e.revision;
        stopped.origin = QStringLiteral("generic");
        m_result.checks.prepend(stopped);
        m_result.hazards = scenarioHazards(m_set, m_facts);
        return RehearsalOutcome{m_result, m_facts};
    };
    if (m_options.reset) {
        if (auto r = reset(); !r)
            return fail(r.error());
    }
    auto current = m_runner->currentRevision();
    if (!current)
        return fail(current.error());
    if (m_set.height(*current) > m_set.height(baseline))
        return fail(Error::usage(QStringLiteral("the database is at %1, above the baseline %2: reset it first (--reset) or downgrade it")
                                     .arg(current->label(), baseline.label())));

    if (auto ran = runPhase(QStringLiteral("baseline"), baseline); !ran)
        return finishWithError(ran.error());
    if (seedFile) {
        progress(QStringLiteral("seed: %1").arg(seed));
        auto seeded = runSeed(m_session, *seedFile, m_options.seedParameters, m_cancel, m_observer.run);
        if (!seeded)
            return fail(seeded.error());
        m_facts.phases << Phase{QStringLiteral("seed"), {*seeded}, seeded->durationMs};
        if (!seeded->completed())
            return finishWithError(*seeded->error);
    }
    if (auto c = capture(m_facts.baseline, QStringLiteral("baseline"), baseline); !c)
        return finishWithError(c.error());
    const qsizetype phasesAtBaseline = m_facts.phases.size();
    if (auto ran = runPhase(QStringLiteral("upgrade"), target); !ran)
        return finishWithError(ran.error());
    if (upgradedSeed) {
        if (auto seeded = runUpgradedSeed(*upgradedSeed); !seeded)
            return finishWithError(seeded.error());
    }
    // The checks use the upgraded point's schema, row counts and which tables exist, never its
    // content: fingerprinting it would cost as much as the baseline's for nothing.
    PointCaptureOptions rowsOnly;
    rowsOnly.rowsOnly = true;
    if (auto c = capture(m_facts.upgraded, QStringLiteral("upgraded"), target, rowsOnly); !c)
        return finishWithError(c.error());
    if (auto ran = runPhase(QStringLiteral("downgrade"), baseline); !ran)
        return finishWithError(ran.error());
    // What no step wrote since the baseline keeps the baseline's fingerprint.
    const WrittenRelations written = writtenBy(m_facts.phases.mid(phasesAtBaseline));
    PointCaptureOptions reuse;
    reuse.reuseFrom = &m_facts.baseline;
    reuse.writtenRelations = written.relations;
    reuse.notReused = written.incomplete;
    if (auto c = capture(m_facts.rolledBack, QStringLiteral("rolled_back"), m_facts.finalRevision, reuse); !c)
        return finishWithError(c.error());
    if (!sameSchema(m_facts.baseline.schema, m_facts.rolledBack.schema)) {
        progress(QStringLiteral("repair script: applied in a transaction that is rolled back, then diffed again"));
        const RepairVerification repair = verifyRepair(m_session, m_facts.rolledBack.schema, m_facts.baseline.schema,
                                                       SnapshotOptions{m_runner->versionStore().ownTables(), m_runner->versionStore().ownSchemas()});
        m_facts.repairSql = repair.script.toSql();
        m_facts.repairSummary = repair.summary();
        m_facts.repairVerified = repair.verified();
    }

    const ProbeResult reupgrade = chooseReupgradeProbe(m_facts, m_options.repeatUpgradeUnderMs);
    progress(reupgrade.inferred ? QStringLiteral("probes: a further downgrade -1, rolled back; the re-upgrade is not repeated (%1)").arg(reupgrade.choice)
                                : QStringLiteral("probes: a further downgrade -1 and a re-upgrade, each rolled back"));
    // Probe steps are rolled back: they must not show up as steps of the scenario.
    m_runner->setObserver({});
    const RoundTripProbes probes = runRoundTripProbes(m_session, *m_runner, m_set, baseline, target, reupgrade);
    m_facts.downgradeProbe = probes.downgrade;
    m_facts.reupgradeProbe = probes.reupgrade;
    m_facts.scenarioMs = scenario.nsecsElapsed() / 1e6;

    readServerContext(m_session, m_result);
    fillResultFromFacts(m_result, m_facts, m_suite);
    m_result.rollbackCauses = findDiffCauses(m_result.rollbackDiff, m_set, baseline, target);
    m_result.hazards = scenarioHazards(m_set, m_facts);
    progress(QStringLiteral("done in %1 ms: %2 check(s), %3 failed").arg(m_facts.scenarioMs, 0, 'f', 0)
                 .arg(m_result.checks.size()).arg(m_result.count(CheckResult::Status::Fail)));
    return RehearsalOutcome{m_result, m_facts};
}

} // namespace revisor
