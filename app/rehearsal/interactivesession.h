#pragma once

#include "db/connectionsettings.h"
#include "db/serverinfo.h"
#include "migrations/migrationset.h"
#include "rehearsal/databasereset.h"
#include "rehearsal/moveplan.h"
#include "rehearsal/rehearsal.h"
#include "rehearsal/scalerun.h"
#include "rehearsal/relationnames.h"
#include "rehearsal/scenariotracker.h"
#include "rehearsal/sweep.h"
#include "runner/seedrunner.h"

#include <QMutex>

#include <atomic>
#include <memory>
#include <optional>

namespace revisor {

class ScratchCluster;
class Session;

/// The budgets an interactive round trip is judged against (the rehearsal's defaults).
struct SessionBudgets
{
    double rollbackMs = RehearsalOptions().rollbackBudgetMs;
    double scenarioMs = RehearsalOptions().scenarioBudgetMs;
};

/// Where the interactive session stands after an action: always about the set and the
/// database it works on now (a new set, database or baseline clears the checked round trip).
struct SessionState
{
    std::optional<ServerInfo> server;       ///< nothing when not connected
    QString setDirectory;                   ///< the set the results are about; empty: none open
    std::optional<RevisionRef> revision;    ///< read back after the action; nothing when unknown
    QString dirtyNote;                      ///< what a failed non-transactional step left; empty: clean
    RevisionRef baseline;                   ///< the revision "Apply baseline" goes to
    SessionPoints points;                   ///< the captures and their round-trip roles
    std::optional<RehearsalOutcome> outcome;  ///< the last checked round trip of this set and database
    bool outcomeFromRehearsal = false;      ///< outcome came from Run rehearsal rather than stepping
    SessionBudgets budgets;                 ///< what the round trip is judged against
};

/// What one user action did.
struct ActionResult
{
    QString action;                 ///< "connect", "step up", "seed sample", "reset"...
    QList<StepResult> steps;        ///< the steps it ran (a failed or cancelled one last)
    std::optional<Error> error;     ///< why it did not do what was asked; nothing: it did
    bool cancelled = false;         ///< the user cancelled it (error says where it stopped)
    /// True when this action completed (and checked) a round trip.
    bool completedRoundTrip = false;
    std::optional<SweepResult> sweep;  ///< what "rehearse each step" found, one row per revision
    SessionState state;             ///< the session after the action
    std::optional<ScaleRun> scaleRun;   ///< what a scale run measured
    QString scaleRunFile;           ///< where the scale run was kept

    bool ok() const { return !error.has_value(); }
};

/// What the interactive session reports while an action runs.
struct ActionProgress
{
    enum class Kind {
        Phase,        ///< a named phase starts ("starting a scratch server", "reset")
        Statement,    ///< statement `index` of `count` of a step (file:line)
        Schema,       ///< capturing the schema
        Table,        ///< fingerprinting table `text`, `index` of `count`
        Probe,        ///< running the round trip's probes
    };
    Kind kind = Kind::Phase;
    QString text;
    int index = 0;   ///< 1-based
    int count = 0;
    QString file;
    int line = 0;
};

struct InteractiveObserver
{
    RunObserver run;                                          ///< steps and statements
    std::function<void(const ActionProgress &)> progress;     ///< phases, captures, probes
};

/// The window's scenario without the window: a connection, a migration set, the captures
/// taken after each action, the round trip they form (ScenarioTracker), its probes, budgets
/// and checks, and the database reset shared with Rehearsal. Every user action is one method
/// that returns what happened and the state after it. Not thread-safe except requestCancel():
/// one thread owns an InteractiveSession and its Session.
class InteractiveSession
{
public:
    InteractiveSession();
    ~InteractiveSession();
    InteractiveSession(const InteractiveSession &) = delete;
    InteractiveSession &operator=(const InteractiveSession &) = delete;

    void setObserver(InteractiveObserver observer) { m_observer = std::move(observer); }
    /// Thread-safe: stops the running step before its next statement and cancels the running
    /// statement; a capture or probe stops at its next query. The step's transaction rolls back.
    void requestCancel();

    /// Connects to `settings`. A failed connect leaves the current connection and results as
    /// they were; a successful one starts a new session (captures and results cleared).
    ActionResult connect(const ConnectionSettings &settings);
    /// Starts a throwaway cluster (owned by this session), creates `database` and connects.
    ActionResult startScratch(const QString &database);
    /// Works on `set` from now on: the captures and results of the previous set are cleared.
    ActionResult setMigrationSet(const MigrationSet &set);
    /// The revision "Apply baseline" goes to. A different one clears the checked round trip.
    ActionResult setBaseline(const RevisionRef &revision);
    void setStepTimeouts(const StepTimeouts &timeouts) { m_timeouts = timeouts; }
    void setBudgets(const SessionBudgets &budgets) { m_budgets = budgets; }

    /// What moving to `target` (an expression: +1, -1, head, an id) would do, without doing it.
    Result<MovePlan> planMove(const QString &target);
    Result<MovePlan> planMove(const RevisionRef &target);
    ActionResult migrate(const QString &target);
    ActionResult migrate(const RevisionRef &target);
    ActionResult applyBaseline() { return migrate(m_tracker.baselineRevision()); }
    /// Runs a seed. One declared "-- at: upgraded" runs only above the baseline, where its
    /// rows count as written after the upgrade (the round trip's data.after-upgrade check).
    ActionResult seed(const Seed &seed, const QMap<QString, QString> &values);
    /// What reset() would drop and keep.
    Result<ResetPlan> planReset();
    /// Empties the database (resetDatabase(), as `revisor rehearse --reset`).
    ActionResult reset();
    /// The whole scenario (Rehearsal) on this session, from the session's baseline.
    ActionResult rehearse(RehearsalOptions options);
    /// Times the upgrade and downgrade at several volumes (runScale(); each volume empties the
    /// database, so the session's captures and round trip are cleared) and keeps the run in
    /// the user's data directory.
    ActionResult scale(const ScaleOptions &options);
    /// Rehearses every single step from options.from to options.to (runSweep), each from an
    /// emptied database: the caller guards it as it guards a reset.
    ActionResult sweep(SweepOptions options);
    /// The state without doing anything.
    ActionResult state();

    bool isConnected() const { return m_session != nullptr; }
    bool isScratch() const { return m_cluster != nullptr; }
    const MigrationSet *migrationSet() const { return m_set ? &*m_set : nullptr; }

private:
    ActionResult notConnected(const QString &action);
    ActionResult runMigration(const QString &action, const std::function<Result<RunOutcome>(Runner &)> &move);
    /// Reads the revision back, captures schema and data, feeds the tracker (running the
    /// probes when the round trip completes) and fills the state.
    void finishAction(ActionResult &result, const QString &label = {});
    void readRevision(ActionResult &result);
    /// Tries the repair script of the round trip that was just completed (verifyRepair).
    void verifyRoundTripRepair();
    void fillState(ActionResult &result);
    /// Switches to a newly opened session (and the scratch cluster it runs on, if any): the
    /// previous session and cluster close, the results are cleared.
    void newSession(std::unique_ptr<Session> session, const ServerInfo &info, std::unique_ptr<ScratchCluster> cluster);
    /// Sets the error and the state on `result` and returns it.
    ActionResult failWith(ActionResult &result, const Error &error);
    void clearResults();
    void progress(ActionProgress::Kind kind, const QString &text, int index = 0, int count = 0);
    /// The session's step timeouts and budgets, for a round trip it starts.
    void withSessionSettings(RehearsalOptions &options) const;
    /// Statements and steps to the window's observer, phases as progress.
    RehearsalObserver rehearsalObserver();
    void beginAction();
    bool cancelRequested() const { return m_cancel; }
    RehearsalResult resultContext();
    void setActive(Runner *runner, Rehearsal *rehearsal = nullptr);

    InteractiveObserver m_observer;
    std::unique_ptr<ScratchCluster> m_cluster;
    std::unique_ptr<Session> m_session;
    std::optional<ServerInfo> m_info;
    std::optional<MigrationSet> m_set;
    CheckSuite m_suite;
    ScenarioTracker m_tracker;
    StepTimeouts m_timeouts;
    SessionBudgets m_budgets;
    std::optional<RevisionRef> m_revision;
    QString m_dirtyNote;
    std::optional<RehearsalOutcome> m_outcome;
    bool m_outcomeFromRehearsal = false;
    RelationNames m_relationNames;   ///< as the latest capture saw them
    bool m_seedAtUpgraded = false;   ///< the running action is a seed declared "-- at: upgraded"

    // What requestCancel() reaches from another thread.
    QMutex m_cancelMutex;
    Runner *m_activeRunner = nullptr;
    Rehearsal *m_activeRehearsal = nullptr;
    std::atomic_bool m_cancel = false;
};

} // namespace revisor
