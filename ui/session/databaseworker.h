#pragma once

#include "db/connectionsettings.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "rehearsal/scenariotracker.h"
#include "runner/seedrunner.h"
#include "runner/stepresult.h"

#include <QMap>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

namespace revisor {
class Rehearsal;
class Runner;
class ScratchCluster;
class Session;
}

namespace revisor::ui {

/// Everything the window needs to know about the server it is connected to.
struct ServerInfo
{
    QString version;          ///< e.g. "15.18"
    bool hasPgvector = false;  ///< 'vector' in pg_available_extensions
    QString database;
    QString display;           ///< redacted URL, or "scratch server" text
    bool scratch = false;
};

/// Opens a session and reads what ServerInfo holds: used by "Test connection" (on a pool
/// thread) and by the worker.
Result<ServerInfo> probeServer(Session &session);

/// Does all database work of the window on its own thread, with its own Session (opened on
/// that thread). Every public slot must be invoked queued (QMetaObject::invokeMethod with a
/// functor on this object); results come back through queued signals. Only cancel() may be
/// called from another thread.
class DatabaseWorker : public QObject
{
    Q_OBJECT

public:
    DatabaseWorker();
    ~DatabaseWorker() override;

    /// Thread-safe: stops the running step before its next statement and cancels the running
    /// statement (PQcancel). The step's transaction rolls back; the revision stays.
    void cancel();

    // Worker-thread slots (invoke queued).
    void connectTo(const revisor::ConnectionSettings &settings);
    /// Starts a throwaway cluster (owned by this worker, stopped when it is destroyed),
    /// creates a database in it and connects.
    void startScratch(const QString &databaseName);
    void setMigrationSet(const revisor::MigrationSet &set);
    /// lock_timeout / statement_timeout for the steps from now on.
    void setStepTimeouts(const revisor::StepTimeouts &timeouts) { m_timeouts = timeouts; }
    /// Reads the version table and reports it; nullopt when it cannot.
    std::optional<RevisionRef> refreshRevision();
    /// Moves to a target expression (+1, -1, head...), or to a revision of the set.
    void migrate(const QString &target);
    void migrateTo(const revisor::RevisionRef &target);
    void seed(const revisor::Seed &seed, const QMap<QString, QString> &values);
    /// Reports what reset() would drop and keep on a real server (resetPlanned).
    void planReset();
    /// Scratch: drops and re-creates the database. Otherwise the engine's resetDatabase().
    void reset();
    /// The revision "Apply baseline" goes to: the interactive round trip starts from there.
    void setBaselineRevision(const revisor::RevisionRef &revision);
    /// Runs the whole scenario (revisor::Rehearsal) on this session; the caller has confirmed
    /// options.reset on a real server.
    void rehearse(const revisor::RehearsalOptions &options);

signals:
    void busyChanged(bool busy);
    void connected(const revisor::ui::ServerInfo &info);
    void stepStarted(const QString &what);
    void statementStarted(int index, int count, const QString &file, int line, const QString &sql);
    void statementFinished(const revisor::StatementRun &run);
    void stepFinished(const revisor::StepResult &step);
    void currentRevisionChanged(const revisor::RevisionRef &revision);
    /// Before currentRevisionChanged: what a failed step that is not transactional left
    /// ("002 after statement 3 of 5 ..."), empty when the database is clean.
    void dirtyNoteChanged(const QString &note);
    void failed(const revisor::Error &error);
    /// What a reset would do, one line per item (ResetPlan::describe()).
    void resetPlanned(const QStringList &lines);
    /// The running step waits for a lock: who holds it (LockWait::toText()).
    void lockWaiting(const QString &text);
    /// After every action: the captures of this session and their roles in the round trip.
    void pointsChanged(const revisor::SessionPoints &points);
    /// A round trip was completed and checked: by stepping (rehearsal = false) or by Run rehearsal.
    void outcomeReady(const revisor::RehearsalOutcome &outcome, bool rehearsal);

private:
    bool requireSession();
    void runMigration(const std::function<Result<RunOutcome>(Runner &)> &move);
    void setActive(Runner *runner);
    RunObserver observer();
    Status reopen();
    /// Reads the revision back, captures schema and data, feeds the tracker (running the
    /// round trip's probes when it completes) and reports the points.
    void finishAction(const QList<StepResult> &steps, const QString &label = {});
    void clearTracker();
    RehearsalResult resultContext();

    std::unique_ptr<ScratchCluster> m_cluster;
    std::unique_ptr<Session> m_session;
    ConnectionSettings m_settings;
    std::unique_ptr<MigrationSet> m_set;
    ServerInfo m_info;
    ScenarioTracker m_tracker;
    StepTimeouts m_timeouts;

    // What cancel() reaches from the GUI thread.
    QMutex m_cancelMutex;
    Runner *m_activeRunner = nullptr;
    Session *m_activeSession = nullptr;
    Rehearsal *m_activeRehearsal = nullptr;
    std::atomic_bool m_cancelSeed = false;
};

} // namespace revisor::ui
