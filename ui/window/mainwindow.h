#pragma once

#include "core/error.h"
#include "core/revisionref.h"

#include <QMainWindow>


class QComboBox;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;

namespace revisor::ui {

class ChecksPanel;
class DataPanel;
class DiffPanel;
class LockModel;
class LocksPanel;
class LogModel;
class LogPanel;
class ProgressWidget;
class SchemaPanel;
class SessionController;
class SqlPanel;
class TimelineModel;
class TimingPanel;

/// How the window starts (from the command line).
struct MainWindowOptions
{
    QString setDirectory;       ///< migration set to open; empty: the last one, else the bundled one
    bool scratch = false;       ///< start a scratch server and connect at once
    QStringList demoSteps;      ///< run after connecting: baseline, seed, up, down, reset, rehearse, tab:NAME
};

/// The desktop inspector's window. It only wires things together: the SessionController holds
/// the state and talks to the worker thread, the models and panels show it, and the actions
/// below turn clicks into controller calls.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Actions
    {
        QAction *connect, *scratch, *openSet, *exportReport, *quit;
        QAction *reset, *baseline, *seed, *stepUp, *stepDown, *goTo, *rehearsal, *cancel, *timeouts;
    };

    explicit MainWindow(const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    SessionController *session() const { return m_session; }
    const Actions &actions() const { return m_actions; }
    TimelineModel *timelineModel() const { return m_timeline; }
    QTableView *timelineView() const { return m_timelineView; }
    LogModel *logModel() const { return m_log; }
    LockModel *lockModel() const { return m_locks; }
    SqlPanel *sqlPanel() const { return m_sqlPanel; }
    TimingPanel *timingPanel() const { return m_timingPanel; }
    SchemaPanel *schemaPanel() const { return m_schemaPanel; }
    DiffPanel *diffPanel() const { return m_diffPanel; }
    ChecksPanel *checksPanel() const { return m_checksPanel; }
    DataPanel *dataPanel() const { return m_dataPanel; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *baselineBox() const { return m_baseline; }
    ProgressWidget *progress() const { return m_progress; }
    /// The last error reported (cleared when new work starts).
    std::optional<Error> lastError() const { return m_lastError; }

    /// Runs the whole scenario from the chosen baseline to head; on a real server only after
    /// the database name was typed (it is reset first). `confirmed` skips that question.
    void runRehearsal(bool confirmed = false);
    /// Opens a migration set; errors are shown and returned.
    bool openSet(const QString &directory);

signals:
    /// Emitted when queued demo steps are all done (or one failed).
    void demoFinished(bool ok);

private:
    void createActions();
    void createPanels();
    void createMenusAndToolBar();
    void updateActions();
    void updateTitle();
    void onSetChanged();
    void onRevisionChanged();
    /// The revision the baseline box names.
    RevisionRef baselineRevision() const;
    void onFailed(const Error &error);
    void connectDialog();
    void chooseSet();
    void applyBaseline();
    void seedDialog();
    void resetDatabase();
    void onResetPlanned(const QStringList &lines);
    void goToSelected();
    void runNextDemoStep();
    void finishDemoStepNow();
    void rememberSet(const QString &directory);
    void fillRecentMenu();

    MainWindowOptions m_options;
    SessionController *m_session;
    /// What waits for the worker's reset plan to be confirmed.
    enum class PendingReset { None, Reset, Rehearsal } m_pendingReset = PendingReset::None;
    Actions m_actions{};
    TimelineModel *m_timeline;
    LogModel *m_log;
    LockModel *m_locks;
    QTableView *m_timelineView = nullptr;
    QComboBox *m_baseline = nullptr;
    QTabWidget *m_tabs = nullptr;
    SqlPanel *m_sqlPanel = nullptr;
    SchemaPanel *m_schemaPanel = nullptr;
    DiffPanel *m_diffPanel = nullptr;
    ChecksPanel *m_checksPanel = nullptr;
    DataPanel *m_dataPanel = nullptr;
    LocksPanel *m_locksPanel = nullptr;
    TimingPanel *m_timingPanel = nullptr;
    LogPanel *m_logPanel = nullptr;
    ProgressWidget *m_progress = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    std::optional<Error> m_lastError;
    QStringList m_demoQueue;
    bool m_demoFailed = false;
    bool m_demoRunning = false;
    bool m_connecting = false;
};

} // namespace revisor::ui
