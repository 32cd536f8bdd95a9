#pragma once

#include "ui/session/sessionworker.h"
#include "ui/widgets/timingchart.h"

#include <QObject>
#include <QThread>

#include <optional>

namespace revisor::ui {

/// The window's side of the interactive session: owns the worker thread, posts each user
/// action to it, and keeps the SessionState that came back with the last ActionResult (plus
/// the open set and the steps of this session) for the widgets to read. The progress of a
/// running action (statements, steps, captures, locks) comes straight from worker().
class SessionController : public QObject
{
    Q_OBJECT

public:
    explicit SessionController(QObject *parent = nullptr);
    ~SessionController() override;

    /// The worker's progress signals (queued to the GUI thread): connect to them directly.
    const SessionWorker *worker() const { return m_worker; }

    /// Reads the set on the worker thread; setChanged when it is open (busy until then), or
    /// setFailed with why it could not be read (the open set stays).
    void openSet(const QString &directory);
    void connectTo(const ConnectionSettings &settings);
    void startScratch(const QString &databaseName = QStringLiteral("revisor_demo"));
    /// Moves to a target expression (+1, -1, head...) or to a revision of the set.
    void migrate(const QString &target);
    void migrate(const RevisionRef &target);
    void stepUp() { migrate(QStringLiteral("+1")); }
    void stepDown() { migrate(QStringLiteral("-1")); }
    /// Asks what a move would do; answered by worker()->movePlanned or planFailed.
    void planMove(const QString &target);
    void planMove(const RevisionRef &target);
    void seed(const Seed &seed, const QMap<QString, QString> &values);
    /// Asks what a reset would drop and keep; answered by worker()->resetPlanned or planFailed.
    void planReset();
    void reset();
    /// Runs the whole scenario on the worker (Rehearsal); on a real server the caller has
    /// had the database name typed before setting options.reset.
    void rehearse(const RehearsalOptions &options);
    /// Times the upgrade and downgrade at several volumes on the worker (InteractiveSession::
    /// scale()); each volume empties the database. The run comes back with actionFinished.
    void scale(const ScaleOptions &options);
    /// Rehearses every single step of a range on the worker (InteractiveSession::sweep); on a
    /// real server the caller has had the database name typed first.
    void sweep(const SweepOptions &options);
    /// The revision "Apply baseline" goes to; the interactive round trip starts from it.
    void setBaselineRevision(const RevisionRef &revision);
    void setStepTimeouts(const StepTimeouts &timeouts);
    StepTimeouts stepTimeouts() const { return m_timeouts; }
    /// Cancels the running statement, capture or probe; safe to call when idle.
    void cancel();

    bool isBusy() const { return m_busy; }
    bool isConnected() const { return m_state.server.has_value(); }
    bool hasSet() const { return m_set.has_value(); }
    const MigrationSet *set() const { return m_set ? &*m_set : nullptr; }
    std::optional<ServerInfo> server() const { return m_state.server; }
    /// Nothing until the worker has read the version store.
    std::optional<RevisionRef> currentRevision() const { return m_state.revision; }
    bool revisionKnown() const { return m_state.revision.has_value(); }
    /// What a failed step that is not transactional left half-way; empty when clean.
    QString dirtyNote() const { return m_state.dirtyNote; }
    bool canStepUp() const;
    bool canStepDown() const;
    /// The database is above the baseline: a seed declared "-- at: upgraded" may run.
    bool isAboveBaseline() const;
    /// The settings of the last connectTo() (to retry with a password).
    ConnectionSettings lastRequestedSettings() const { return m_requested; }
    /// The steps that ran in this session (successful and failed), oldest first.
    const QList<StepResult> &steps() const { return m_steps; }
    /// The bars of the timing chart for steps(), oldest first.
    QList<TimingBar> stepTimings() const;

    const SessionState &state() const { return m_state; }
    const SessionPoints &points() const { return m_state.points; }
    /// The last checked round trip of this set, database and baseline.
    const std::optional<RehearsalOutcome> &outcome() const { return m_state.outcome; }
    bool outcomeFromRehearsal() const { return m_state.outcomeFromRehearsal; }
    bool hasSessionResult() const { return m_state.outcome.has_value(); }
    RehearsalResult sessionResult() const { return m_state.outcome ? m_state.outcome->result : RehearsalResult{}; }

signals:
    void busyChanged(bool busy);
    /// server() changed (connected, or to another database).
    void connectionChanged();
    void setChanged();
    void setFailed(const revisor::Error &error);
    void currentRevisionChanged();
    void pointsChanged();
    /// outcome() / sessionResult() changed.
    void sessionResultChanged();
    /// An action came back; the state above is already updated.
    void actionFinished(const revisor::ActionResult &result);

private:
    void apply(const ActionResult &result);
    void apply(const SessionState &state);
    void setLoaded(const MigrationSet &set);
    void post(std::function<ActionResult(InteractiveSession &)> action);
    template <typename F>
    void postCall(F &&call);

    QThread m_thread;
    SessionWorker *m_worker = nullptr;
    std::optional<MigrationSet> m_set;
    SessionState m_state;
    bool m_busy = false;
    int m_queued = 0;   ///< calls posted to the worker and not yet done
    QList<StepResult> m_steps;
    ConnectionSettings m_requested;
    StepTimeouts m_timeouts;
};

} // namespace revisor::ui
