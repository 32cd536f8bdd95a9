#pragma once

#include "checks/checkspec.h"
#include "checks/scenariofacts.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsalresult.h"

namespace revisor {

class Session;

/// A capture the interactive session took after an action, with a name people can read:
/// "after step up (002)".
struct TrackedPoint
{
    QString label;
    InspectionPoint point;
};

/// What the window shows of the tracker: every capture, and which of them play the roles
/// of the round trip (-1 when none yet).
struct SessionPoints
{
    QList<TrackedPoint> points;
    int baseline = -1;          ///< the scenario's baseline, or the latest capture at the baseline revision
    bool baselineFixed = false; ///< true once a step up beyond the baseline started the round trip
    int upgraded = -1;
    int rolledBack = -1;
    QString state;              ///< one sentence: where the round trip stands, what to do next
    const TrackedPoint *latest() const { return points.isEmpty() ? nullptr : &points.last(); }
};

/// Turns an interactive session (apply baseline, seed, step up, step down, in any order) into
/// the facts a rehearsal gathers, so the same checks judge it. Fed with each action's steps and
/// a capture taken after it, it keeps:
///  - baseline: the last capture at the baseline revision before the first step up beyond it;
///  - upgraded: the capture at the highest revision reached above the baseline;
///  - rolled back: the capture when stepping down reaches the baseline revision again (or
///    goes below it), which completes the round trip.
/// The probes are run by the owner (needsProbes(), then setProbes()). No database access.
class ScenarioTracker
{
public:
    enum class Stage { Idle, Upgraded, RolledBack };

    void setMigrationSet(const MigrationSet &set);
    void setSuite(const CheckSuite &suite) { m_suite = suite; }
    const CheckSuite &suite() const { return m_suite; }
    /// The revision "Apply baseline" goes to. Changing it mid-way starts over.
    void setBaselineRevision(const RevisionRef &revision);
    RevisionRef baselineRevision() const { return m_baselineRevision; }
    void setSeedParameters(const QString &seed, const QMap<QString, QString> &parameters);
    /// The budgets the round trip's facts carry (budget.rollback, budget.scenario).
    void setBudgets(double rollbackMs, double scenarioMs)
    {
        m_rollbackBudgetMs = rollbackMs;
        m_scenarioBudgetMs = scenarioMs;
    }

    /// One action's steps (may be empty or failed) and the capture taken after it.
    /// `label` overrides the generated label ("after reset"). `seedAtUpgraded`: the action was
    /// a seed declared "-- at: upgraded"; above the baseline, its rows are the ones written
    /// after the upgrade that the rollback must keep.
    void record(const QList<StepResult> &steps, const InspectionPoint &point, const QString &label = {}, bool seedAtUpgraded = false);
    /// The database was emptied: the round trip in progress and the pending steps are dropped
    /// (the captures stay listed).
    void databaseReset();
    /// Takes over a finished rehearsal's three captures, so stepping can go on from there.
    void adopt(const ScenarioFacts &facts);

    Stage stage() const { return m_stage; }
    bool isComplete() const { return m_stage == Stage::RolledBack; }
    /// The round trip is complete and its probes have not run yet.
    bool needsProbes() const { return isComplete() && !m_probesDone; }
    RevisionRef targetRevision() const { return m_target; }
    void setProbes(const ProbeResult &downgrade, const ProbeResult &reupgrade);
    /// The repair script of the completed round trip's differences and what trying it showed.
    void setRepair(const QString &sql, const QString &summary, bool verified);

    SessionPoints view() const;
    ScenarioFacts facts() const;
    QList<CheckResult> checks() const;
    /// The report value of the round trip; `context` provides what the tracker cannot know
    /// (database, server version, pgvector, session settings), the rest is filled in.
    RehearsalResult result(const RehearsalResult &context = {}) const;

    /// "after step up (002)", "after seed sample (005)", "current state (base)"...
    static QString labelFor(const QList<StepResult> &steps, const RevisionRef &revision);

private:
    QString stateText() const;
    void recordUpgradedSeed(const StepResult &seed, const InspectionPoint &before, const InspectionPoint &after);

    MigrationSet m_set;
    CheckSuite m_suite;
    RevisionRef m_baselineRevision;
    QString m_seed;
    QMap<QString, QString> m_seedParameters;
    double m_rollbackBudgetMs = ScenarioFacts().rollbackBudgetMs;
    double m_scenarioBudgetMs = ScenarioFacts().scenarioBudgetMs;

    QList<TrackedPoint> m_points;
    Stage m_stage = Stage::Idle;
    int m_baseline = -1, m_upgraded = -1, m_rolledBack = -1;
    RevisionRef m_target;
    QList<StepResult> m_pendingMigrations, m_pendingSeeds; ///< before the round trip starts
    QList<Phase> m_phases;            ///< baseline and seed phases of the round trip
    QList<StepResult> m_upgradeSteps, m_downgradeSteps;
    /// Seeds run above the baseline (declared "-- at: upgraded"): the rows an application
    /// writes once the upgrade is live, per table.
    QList<StepResult> m_upgradedSeedSteps;
    QString m_upgradedSeed;
    QMap<QString, qint64> m_writtenAfterUpgrade;
    QString m_repairSql, m_repairSummary;
    bool m_repairVerified = false;
    ProbeResult m_downgradeProbe, m_reupgradeProbe;
    bool m_probesDone = false;
};

/// Fills a result's scenario fields from the facts: revisions, phases, probes, table
/// comparisons (baseline vs rolled back), row counts when upgraded, both diffs, and the checks.
void fillResultFromFacts(RehearsalResult &result, const ScenarioFacts &facts, const CheckSuite &suite);

/// Reads whether pgvector is installed and the pinned session settings into `result`.
void readServerContext(Session &session, RehearsalResult &result);

} // namespace revisor
