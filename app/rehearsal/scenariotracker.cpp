#include "scenariotracker.h"

#include "checks/checks.h"
#include "db/readsettings.h"
#include "db/session.h"

namespace revisor {

namespace {

// The time of the steps that completed: a cancelled or failed attempt is not part of the
// scenario the budgets judge (the user tried again; the attempt stays in the session's steps).
double totalMs(const QList<StepResult> &steps)
{
    double ms = 0;
    for (const StepResult &s : steps) {
        if (s.completed())
            ms += s.durationMs;
    }
    return ms;
}

Phase phaseOf(const QString &name, const QList<StepResult> &steps)
{
    return Phase{name, steps, totalMs(steps)};
}

InspectionPoint named(InspectionPoint point, const QString &name)
{
    point.name = name;
    return point;
}

} // namespace

void ScenarioTracker::setMigrationSet(const MigrationSet &set)
{
    m_set = set;
}

void ScenarioTracker::setBaselineRevision(const RevisionRef &revision)
{
    if (revision == m_baselineRevision)
        return;
    m_baselineRevision = revision;
    if (m_stage == Stage::Upgraded) {
        m_stage = Stage::Idle;
        m_baseline = m_upgraded = m_rolledBack = -1;
    }
}

void ScenarioTracker::setSeedParameters(const QString &seed, const QMap<QString, QString> &parameters)
{
    m_seed = seed;
    m_seedParameters = parameters;
}

QString ScenarioTracker::labelFor(const QList<StepResult> &steps, const RevisionRef &revision)
{
    int up = 0, down = 0;
    QString seed;
    bool failed = false;
    for (const StepResult &s : steps) {
        failed |= !s.completed();
        if (s.kind == StepResult::Kind::Upgrade)
            ++up;
        else if (s.kind == StepResult::Kind::Downgrade)
            ++down;
        else
            seed = s.revision;
    }
    QString what;
    if (steps.isEmpty())
        what = QStringLiteral("current state");
    else if (!seed.isEmpty() && up + down == 0)
        what = QStringLiteral("after seed %1").arg(seed);
    else if (down == 0)
        what = up == 1 ? QStringLiteral("after step up") : QStringLiteral("after %1 steps up").arg(up);
    else if (up == 0)
        what = down == 1 ? QStringLiteral("after step down") : QStringLiteral("after %1 steps down").arg(down);
    else
        what = QStringLiteral("after %1 steps").arg(steps.size());
    if (failed)
        what += QStringLiteral(", failed");
    return QStringLiteral("%1 (%2)").arg(what, revision.label());
}

void ScenarioTracker::record(const QList<StepResult> &steps, const InspectionPoint &point, const QString &label, bool seedAtUpgraded)
{
    const int previous = int(m_points.size()) - 1;
    m_points << TrackedPoint{label.isEmpty() ? labelFor(steps, point.revision) : label, point};
    const int me = int(m_points.size()) - 1;
    // Heights in the set (0 = base); nothing for a revision the set does not have.
    const auto at = m_set.height(point.revision);
    const auto base = m_set.height(m_baselineRevision);
    const bool known = at && base;

    if (m_stage != Stage::Upgraded) {
        const bool fromBaseline = previous >= 0 && m_points.at(previous).point.revision == m_baselineRevision;
        if (fromBaseline && known && *at > *base) {
            // The first step up beyond the baseline: the round trip starts from the capture before it.
            m_stage = Stage::Upgraded;
            m_baseline = previous;
            m_upgraded = me;
            m_rolledBack = -1;
            m_target = point.revision;
            m_phases.clear();
            if (!m_pendingMigrations.isEmpty())
                m_phases << phaseOf(QStringLiteral("baseline"), m_pendingMigrations);
            if (!m_pendingSeeds.isEmpty())
                m_phases << phaseOf(QStringLiteral("seed"), m_pendingSeeds);
            m_pendingMigrations.clear();
            m_pendingSeeds.clear();
            m_upgradeSteps = steps;
            m_downgradeSteps.clear();
            m_upgradedSeedSteps.clear();
            m_upgradedSeed.clear();
            m_writtenAfterUpgrade.clear();
            setRepair({}, {}, false);
            m_downgradeProbe = {};
            m_reupgradeProbe = {};
            m_probesDone = false;
            return;
        }
        // Attempts that failed or were cancelled before the round trip started changed nothing
        // it is about; they are not among its phases.
        for (const StepResult &s : steps) {
            if (s.completed())
                (s.kind == StepResult::Kind::Seed ? m_pendingSeeds : m_pendingMigrations) << s;
        }
        return;
    }

    // Upgraded: going further up moves the target; coming back down to (or below) the
    // baseline completes the round trip. A seed here writes what the application would once
    // the upgrade is live: the rows it adds are the ones the rollback must keep.
    bool seeded = false;
    for (const StepResult &s : steps) {
        if (s.kind == StepResult::Kind::Upgrade) {
            m_upgradeSteps << s;
        } else if (s.kind == StepResult::Kind::Downgrade) {
            m_downgradeSteps << s;
        } else if (seedAtUpgraded && s.completed() && previous >= 0) {
            recordUpgradedSeed(s, m_points.at(previous).point, point);
            seeded = true;
        }
    }
    // The upgraded capture, which the rollback is judged against, holds the seed's rows.
    if (seeded && m_downgradeSteps.isEmpty())
        m_upgraded = me;
    if (const auto target = m_set.height(m_target); at && target && *at > *target) {
        m_upgraded = me;
        m_target = point.revision;
    } else if (known && *at <= *base && !m_downgradeSteps.isEmpty()) {
        m_rolledBack = me;
        m_stage = Stage::RolledBack;
        m_probesDone = false;
    }
}

void ScenarioTracker::recordUpgradedSeed(const StepResult &seed, const InspectionPoint &before, const InspectionPoint &after)
{
    m_upgradedSeedSteps << seed;
    m_upgradedSeed = seed.revision;
    for (const TableComparison &t : compareCaptures(before.data, after.data)) {
        const qint64 added = t.rowsAfter - qMax<qint64>(0, t.rowsBefore);
        if (added > 0)
            m_writtenAfterUpgrade[t.table] += added;
    }
}

void ScenarioTracker::databaseReset()
{
    m_stage = Stage::Idle;
    m_baseline = m_upgraded = m_rolledBack = -1;
    m_target = {};
    m_pendingMigrations.clear();
    m_pendingSeeds.clear();
    m_phases.clear();
    m_upgradeSteps.clear();
    m_downgradeSteps.clear();
    m_upgradedSeedSteps.clear();
    m_upgradedSeed.clear();
    m_writtenAfterUpgrade.clear();
    setRepair({}, {}, false);
    m_probesDone = false;
}

void ScenarioTracker::adopt(const ScenarioFacts &facts)
{
    databaseReset();
    m_baselineRevision = facts.baselineRevision;
    m_target = facts.targetRevision;
    const int first = int(m_points.size());
    m_points << TrackedPoint{QStringLiteral("rehearsal baseline (%1)").arg(facts.baseline.revision.label()), facts.baseline}
             << TrackedPoint{QStringLiteral("rehearsal upgraded (%1)").arg(facts.upgraded.revision.label()), facts.upgraded}
             << TrackedPoint{QStringLiteral("rehearsal rolled back (%1)").arg(facts.rolledBack.revision.label()), facts.rolledBack};
    m_baseline = first;
    m_upgraded = first + 1;
    m_rolledBack = first + 2;
    for (const Phase &p : facts.phases) {
        if (p.name == QLatin1String("upgrade"))
            m_upgradeSteps = p.steps;
        else if (p.name == QLatin1String("downgrade"))
            m_downgradeSteps = p.steps;
        else
            m_phases << p;
    }
    m_downgradeProbe = facts.downgradeProbe;
    m_reupgradeProbe = facts.reupgradeProbe;
    m_upgradedSeed = facts.upgradedSeed;
    m_writtenAfterUpgrade = facts.writtenAfterUpgrade;
    setRepair(facts.repairSql, facts.repairSummary, facts.repairVerified);
    m_probesDone = true;
    m_stage = Stage::RolledBack;
}

void ScenarioTracker::setRepair(const QString &sql, const QString &summary, bool verified)
{
    m_repairSql = sql;
    m_repairSummary = summary;
    m_repairVerified = verified;
}

void ScenarioTracker::setProbes(const ProbeResult &downgrade, const ProbeResult &reupgrade)
{
    m_downgradeProbe = downgrade;
    m_reupgradeProbe = reupgrade;
    m_probesDone = true;
}

QString ScenarioTracker::stateText() const
{
    const QString base = m_baselineRevision.label();
    switch (m_stage) {
    case Stage::Upgraded:
        return QStringLiteral("Upgraded %1 → %2: step down to %1 to check the round trip.").arg(base, m_target.label());
    case Stage::RolledBack: {
        const QString final = m_points.at(m_rolledBack).point.revision.label();
        return QStringLiteral("Round trip %1 → %2 → %3 checked.").arg(base, m_target.label(), final);
    }
    case Stage::Idle:
        break;
    }
    if (!m_points.isEmpty() && m_points.last().point.revision == m_baselineRevision)
        return QStringLiteral("At the baseline %1: seed if you like, then step up; the round trip is checked when you step back down to %1.").arg(base);
    return QStringLiteral("Apply the baseline %1, seed, step up, then step down: the round trip is checked when the database is back at %1.").arg(base);
}

SessionPoints ScenarioTracker::view() const
{
    SessionPoints v;
    v.points = m_points;
    v.upgraded = m_upgraded;
    v.rolledBack = m_rolledBack;
    v.baselineFixed = m_stage != Stage::Idle;
    v.baseline = m_baseline;
    if (!v.baselineFixed) {
        for (int i = int(m_points.size()) - 1; i >= 0 && v.baseline < 0; --i) {
            if (m_points.at(i).point.revision == m_baselineRevision)
                v.baseline = i;
        }
    }
    v.state = stateText();
    return v;
}

ScenarioFacts ScenarioTracker::facts() const
{
    ScenarioFacts f;
    f.baselineRevision = m_baselineRevision;
    f.targetRevision = m_target;
    f.expectedDataLoss = m_suite.expectedDataLoss;
    f.rollbackBudgetMs = m_rollbackBudgetMs;
    f.scenarioBudgetMs = m_scenarioBudgetMs;
    f.declarations = m_suite.declarations;
    if (m_stage == Stage::Idle)
        return f;
    f.baseline = named(m_points.at(m_baseline).point, QStringLiteral("baseline"));
    f.upgraded = named(m_points.at(m_upgraded).point, QStringLiteral("upgraded"));
    f.finalRevision = m_points.last().point.revision;
    f.phases = m_phases;
    f.phases << phaseOf(QStringLiteral("upgrade"), m_upgradeSteps);
    if (!m_upgradedSeedSteps.isEmpty())
        f.phases << phaseOf(QStringLiteral("seed-upgraded"), m_upgradedSeedSteps);
    f.upgradedSeed = m_upgradedSeed;
    f.writtenAfterUpgrade = m_writtenAfterUpgrade;
    f.repairSql = m_repairSql;
    f.repairSummary = m_repairSummary;
    f.repairVerified = m_repairVerified;
    if (!m_downgradeSteps.isEmpty())
        f.phases << phaseOf(QStringLiteral("downgrade"), m_downgradeSteps);
    // Step time, capture time and probes: the user's pauses between clicks do not count.
    f.scenarioMs = f.baseline.captureMs + f.upgraded.captureMs;
    for (const Phase &p : f.phases)
        f.scenarioMs += p.durationMs;
    if (m_rolledBack >= 0) {
        f.rolledBack = named(m_points.at(m_rolledBack).point, QStringLiteral("rolled_back"));
        f.finalRevision = f.rolledBack.revision;
        f.scenarioMs += f.rolledBack.captureMs;
    }
    f.downgradeProbe = m_downgradeProbe;
    f.reupgradeProbe = m_reupgradeProbe;
    f.scenarioMs += m_downgradeProbe.durationMs + m_reupgradeProbe.durationMs;
    return f;
}

QList<CheckResult> ScenarioTracker::checks() const
{
    return runAllChecks(facts(), m_suite);
}

RehearsalResult ScenarioTracker::result(const RehearsalResult &context) const
{
    RehearsalResult r = context;
    if (r.setName.isEmpty())
        r.setName = m_set.name();
    if (r.setDirectory.isEmpty())
        r.setDirectory = m_set.directory();
    const ScenarioFacts f = facts();
    r.baselineRevision = f.baselineRevision;
    r.targetRevision = f.targetRevision;
    r.seed = m_seed.isEmpty() ? QStringLiteral("none") : m_seed;
    r.seedParameters = m_seedParameters;
    for (const Phase &p : f.phases) {
        if (!p.steps.isEmpty() && !r.startedAt.isValid())
            r.startedAt = p.steps.first().startedAt;
    }
    fillResultFromFacts(r, f, m_suite);
    r.rollbackCauses = findDiffCauses(r.rollbackDiff, m_set, f.baselineRevision, f.targetRevision);
    return r;
}

void fillResultFromFacts(RehearsalResult &result, const ScenarioFacts &facts, const CheckSuite &suite)
{
    result.finalRevision = facts.finalRevision;
    result.scenarioMs = facts.scenarioMs;
    result.budgets = {facts.rollbackBudgetMs, facts.scenarioBudgetMs};
    result.phases = facts.phases;
    result.downgradeProbe = facts.downgradeProbe;
    result.reupgradeProbe = facts.reupgradeProbe;
    result.captures.clear();
    for (const InspectionPoint *p : {&facts.baseline, &facts.upgraded, &facts.rolledBack}) {
        if (p->captured)
            result.captures << RehearsalResult::CaptureCost{p->name, p->captureMs, p->schemaMs, p->dataMs, p->data.stats, p->dataNote};
    }
    // A point that was never captured has nothing to compare: diffing its empty snapshot
    // would list every object of the baseline as removed.
    const bool upgraded = facts.baseline.captured && facts.upgraded.captured;
    const bool rolledBack = facts.baseline.captured && facts.rolledBack.captured;
    result.tables = rolledBack ? compareCaptures(facts.baseline.data, facts.rolledBack.data) : QList<TableComparison>{};
    result.rowsUpgraded.clear();
    for (const TableData &t : facts.upgraded.data.tables)
        result.rowsUpgraded.insert(t.qualifiedName(), t.rows);
    result.upgradeDiff = upgraded ? diffSnapshots(facts.baseline.schema, facts.upgraded.schema) : SchemaDiff{};
    result.rollbackDiff = rolledBack ? diffSnapshots(facts.baseline.schema, facts.rolledBack.schema) : SchemaDiff{};
    result.checks = runAllChecks(facts, suite);
}

void readServerContext(Session &session, RehearsalResult &result)
{
    auto pgvector = session.scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')"));
    result.pgvector = pgvector && *pgvector == QLatin1String("t");
    // The values were read with Revisor's read settings (the migrations ran with the
    // database's own); the encodings and collation are the database's.
    for (const auto &[name, value] : readSettings())
        result.sessionSettings.insert(name, value);
    auto settings = session.exec(QStringLiteral(
        "SELECT name, setting FROM pg_settings WHERE name IN ('server_encoding', 'client_encoding', 'lc_collate') ORDER BY name"));
    if (settings) {
        for (const QStringList &row : settings->rows)
            result.sessionSettings.insert(row.value(0), row.value(1));
    }
    if (result.serverVersion.isEmpty())
        result.serverVersion = session.serverVersion();
    if (result.database.isEmpty())
        result.database = session.settings().redacted();
}

} // namespace revisor
