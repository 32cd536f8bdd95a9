#pragma once

#include "databaseworker.h"

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
    void migrate(const QString &target);
    void stepUp() { migrate(QStringLiteral("+1")); }
    void stepDown() { migrate(QStringLiteral("-1")); }
    void seed(const Seed &seed, const QMap<QString, QString> &values);
    void reset();
    /// Cancels the running statement; safe to call when idle.
    void cancel();

    bool isBusy() const { return m_busy; }
    bool isConnected() const { return m_info.has_value(); }
    bool hasSet() const { return m_set.has_value(); }
    const MigrationSet *set() const { return m_set ? &*m_set : nullptr; }
    std::optional<ServerInfo> server() const { return m_info; }
    /// "" = base; meaningful only when revisionKnown().
    QString currentRevision() const { return m_current; }
    bool revisionKnown() const { return m_revisionKnown; }
    /// Index of the current revision in the chain (-1 base, -2 unknown/not in the set).
    int currentIndex() const;
    bool canStepUp() const;
    bool canStepDown() const;
    /// The settings of the last connectTo() (to retry with a password).
    ConnectionSettings lastRequestedSettings() const { return m_requested; }
    /// The steps that ran in this session (successful and failed), oldest first.
    const QList<StepResult> &steps() const { return m_steps; }

signals:
    void busyChanged(bool busy);
    void connectionChanged();
    void setChanged();
    void currentRevisionChanged(const QString &revision);
    void stepStarted(const QString &what);
    void statementStarted(int index, int count, const QString &file, int line, const QString &sql);
    void statementFinished(const revisor::StatementRun &run);
    void stepFinished(const revisor::StepResult &step);
    void failed(const revisor::Error &error);

private:
    template <typename F>
    void post(F &&work);

    QThread m_thread;
    DatabaseWorker *m_worker = nullptr;
    std::optional<MigrationSet> m_set;
    std::optional<ServerInfo> m_info;
    QString m_current;
    bool m_revisionKnown = false;
    bool m_busy = false;
    QList<StepResult> m_steps;
    ConnectionSettings m_requested;
};

} // namespace revisor::ui
