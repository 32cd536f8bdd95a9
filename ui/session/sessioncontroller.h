#pragma once

#include "ui/session/databaseworker.h"
#include "ui/widgets/timingchart.h"

#include <QObject>
#include <QThread>

#include <optional>

namespace revisor::ui {

/// The window's state on the GUI thread: the open migration set, the connection, the
/// database's current revision, whether work runs, and the steps of this session. Owns the
/// worker thread; every database call goes to the worker queued, every answer comes back
/// queued. Widgets read the state here and never talk to the worker.
class SessionController : public QObject
{
    Q_OBJECT

public:
    explicit SessionController(QObject *parent = nullptr);
    ~SessionController() override;

    Status openSet(const QString &directory);
    void connectTo(const ConnectionSettings &settings);
    void startScratch(const QString &databaseName = QStringLiteral("revisor_demo"));
    /// Moves to a target expression (+1, -1, head...) or to a revision of the set.
    void migrate(const QString &target);
    void migrate(const RevisionRef &target);
    void stepUp() { migrate(QStringLiteral("+1")); }
    void stepDown() { migrate(QStringLiteral("-1")); }
    void seed(const Seed &seed, const QMap<QString, QString> &values);
    /// Asks the worker what a reset would drop and keep; answered by resetPlanned().
    void planReset();
    void reset();
    /// Runs the whole scenario on the worker (Rehearsal); on a real server the caller has
    /// had the database name typed before setting options.reset.
    void rehearse(const RehearsalOptions &options);
    /// The revision "Apply baseline" goes to; the interactive round trip starts from it.
    void setBaselineRevision(const RevisionRef &revision);
    /// Step timeouts for the next steps and rehearsals.
    void setStepTimeouts(const StepTimeouts &timeouts);
    StepTimeouts stepTimeouts() const { return m_timeouts; }
    /// Cancels the running statement; safe to call when idle.
    void cancel();

    bool isBusy() const { return m_busy; }
    bool isConnected() const { return m_info.has_value(); }
    bool hasSet() const { return m_set.has_value(); }
    const MigrationSet *set() const { return m_set ? &*m_set : nullptr; }
    std::optional<ServerInfo> server() const { return m_info; }
    /// Nothing until the worker has read the version store.
    std::optional<RevisionRef> currentRevision() const { return m_current; }
    bool revisionKnown() const { return m_current.has_value(); }
    /// What a failed step that is not transactional left half-way; empty when clean.
    QString dirtyNote() const { return m_dirtyNote; }
    bool canStepUp() const;
    bool canStepDown() const;
    /// The settings of the last connectTo() (to retry with a password).
    ConnectionSettings lastRequestedSettings() const { return m_requested; }
    /// The steps that ran in this session (successful and failed), oldest first.
    const QList<StepResult> &steps() const { return m_steps; }
    /// The bars of the timing chart for steps(), oldest first.
    QList<StepTiming> stepTimings() const;

    /// The captures of this session (one after every action) and their round-trip roles.
    const SessionPoints &points() const { return m_points; }
    /// The last checked round trip: of Run rehearsal, or of the interactive steps.
    const std::optional<RehearsalOutcome> &outcome() const { return m_outcome; }
    /// True when outcome() came from Run rehearsal rather than from stepping.
    bool outcomeFromRehearsal() const { return m_outcomeFromRehearsal; }
    /// For the exporter: the report value of the last checked round trip.
    bool hasSessionResult() const { return m_outcome.has_value(); }
    RehearsalResult sessionResult() const { return m_outcome ? m_outcome->result : RehearsalResult{}; }

signals:
    void busyChanged(bool busy);
    void connectionChanged();
    void setChanged();
    void currentRevisionChanged(const revisor::RevisionRef &revision);
    void stepStarted(const QString &what);
    void statementStarted(int index, int count, const QString &file, int line, const QString &sql);
    void statementFinished(const revisor::StatementRun &run);
    void stepFinished(const revisor::StepResult &step);
    void failed(const revisor::Error &error);
    void resetPlanned(const QStringList &lines);
    void lockWaiting(const QString &text);
    void pointsChanged();
    /// outcome() / sessionResult() changed (a round trip was checked, or a new connection cleared it).
    void sessionResultChanged();

private:
    void clearOutcome();

    template <typename F>
    void post(F &&work);

    QThread m_thread;
    DatabaseWorker *m_worker = nullptr;
    std::optional<MigrationSet> m_set;
    std::optional<ServerInfo> m_info;
    std::optional<RevisionRef> m_current;
    QString m_dirtyNote;
    bool m_busy = false;
    QList<StepResult> m_steps;
    SessionPoints m_points;
    std::optional<RehearsalOutcome> m_outcome;
    bool m_outcomeFromRehearsal = false;
    ConnectionSettings m_requested;
    StepTimeouts m_timeouts;
};

} // namespace revisor::ui
