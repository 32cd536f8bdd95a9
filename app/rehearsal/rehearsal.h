#pragma once

#include "checks/checks.h"
#include "rehearsal/pointcapture.h"
#include "rehearsal/rehearsalresult.h"
#include "rehearsal/relationnames.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"

#include <atomic>

namespace revisor {

struct RehearsalOptions
{
    QString baseline;          ///< empty: the revision below the target
    QString target = QStringLiteral("head");
    QString seed;              ///< empty: "sample" when the set has it; "none": no seed
    QMap<QString, QString> seedParameters;
    /// A seed declared "-- at: upgraded", run right after the upgrade: the rows an application
    /// writes once the upgrade is live, which the rollback must keep. Empty: none.
    QString upgradedSeed;
    bool reset = false;        ///< resetDatabase() first (the caller guards this)
    /// Judge by the generic checks and the checks files' declarations only, not their
    /// assertions (a sweep's steps are not the scenario those were written for).
    bool genericChecksOnly = false;
    double rollbackBudgetMs = 30000;
    double scenarioBudgetMs = 60000;
    double upgradeBudgetMs = 0;   ///< 0: none
    double lockThresholdMs = 1000;  ///< ACCESS EXCLUSIVE held longer is highlighted (locks.exclusive)
    int lockTimeoutMs = 30000;
    /// The re-upgrade probe repeats an upgrade that took less than this; a longer one is not
    /// repeated when the rollback restored the baseline exactly (chooseReupgradeProbe()).
    /// Infinity: always repeated (--full-probes).
    double repeatUpgradeUnderMs = 2000;
    StepTimeouts stepTimeouts;  ///< lock_timeout / statement_timeout of every step
};

/// The target (head, an id, ...) and the baseline below it (empty: the revision just below
/// the target), resolved from base; errors when the baseline is not below the target.
Result<std::pair<RevisionRef, RevisionRef>> resolveBaselineAndTarget(const MigrationSet &set, const QString &baseline,
                                                                     const QString &target);

struct RehearsalObserver
{
    RunObserver run;                                   ///< steps and statements
    std::function<void(const QString &)> progress;     ///< one line per phase
};

/// Everything a rehearsal produced: the report value, and the facts (snapshots, captures)
/// that the window shows in its panels.
struct RehearsalOutcome
{
    RehearsalResult result;
    ScenarioFacts facts;
};

/// The seed's scenario on any set: reset, baseline, seed, snapshot + fingerprints, upgrade,
/// snapshot + fingerprints, downgrade, snapshot + fingerprints, probes (in a transaction that
/// is rolled back), checks.
class Rehearsal
{
public:
    Rehearsal(Session &session, const MigrationSet &set, RehearsalOptions options = {});

    void setObserver(RehearsalObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe.
    void requestCancel();

    /// Fails only for bad input (unknown revision, bad checks file) or when the database
    /// cannot be reached; a failing step is part of the outcome (error + failing checks).
    Result<RehearsalOutcome> run();

private:
    /// The engine reset (resetDatabase), its plan told as progress lines.
    Status reset();
    Status capture(InspectionPoint &point, const QString &name, const RevisionRef &revision, const PointCaptureOptions &options = {});
    /// Runs one phase; its failed step (or what kept it from running) is the error.
    Status runPhase(const QString &name, const RevisionRef &target);
    /// Runs the upgraded seed and counts, per table, the rows it added.
    Status runUpgradedSeed(const Seed &seed);
    void progress(const QString &line);

    Session &m_session;
    const MigrationSet &m_set;
    RehearsalOptions m_options;
    RehearsalObserver m_observer;
    CheckSuite m_suite;
    ScenarioFacts m_facts;
    RelationNames m_relationNames;   ///< as the latest capture saw them
    RehearsalResult m_result;
    std::unique_ptr<Runner> m_runner;
    std::atomic_bool m_cancel = false;
};

} // namespace revisor
