#pragma once

#include "core/error.h"
#include "core/revisionref.h"
#include "rehearsal/interactivesession.h"

#include <QMainWindow>

#include <variant>


class QComboBox;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;

namespace revisor::ui {

class ChecksPanel;
class DataPanel;
class DiffPanel;
class FailureBanner;
class LockModel;
class LocksPanel;
class LogModel;
class LogPanel;
class ProgressWidget;
class SchemaPanel;
class SessionController;
class SqlPanel;
class SweepDialog;
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
        QAction *seedUpgraded, *rehearseEach;
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
    /// "REAL SERVER · ..." or "Scratch server · ...": always in the menu bar's corner.
    QLabel *serverBadge() const { return m_serverBadge; }
    ProgressWidget *progress() const { return m_progress; }
    FailureBanner *failureBanner() const { return m_banner; }
    /// The last "Rehearse each step" result; nothing before the first.
    SweepDialog *sweepDialog() const { return m_sweepDialog; }

    /// Runs the whole scenario from the chosen baseline to head; on a real server only after
    /// the database name was typed (it is reset first). `confirmed` skips that question.
    void runRehearsal(bool confirmed = false);
    /// Rehearses every single step of the range selected in the timeline (one selected row:
    /// the step into it), each from an emptied database; on a real server only after the
    /// database name was typed. `confirmed` skips that question.
    void rehearseEachStep(bool confirmed = false);
    /// Reads the set on the worker; the timeline shows it when it is open (setChanged).
    void openSet(const QString &directory);

signals:
    /// Emitted when queued demo steps are all done (or one failed).
    void demoFinished(bool ok);

protected:
    /// Remembers the window's size, docks and tool bar.
    void closeEvent(QCloseEvent *event) override;

private:
    void restoreLayout();
    void createActions();
    void createPanels();
    void createMenusAndToolBar();
    void updateActions();
    void updateTitle();
    void updateServerBadge();
    void onSetChanged();
    void onRevisionChanged();
    /// The revision the baseline box names.
    RevisionRef baselineRevision() const;
    void onActionFinished(const ActionResult &result);
    /// The banner, the failed step in the timeline, the badge on the tab that explains it,
    /// and the SQL panel at the failing line.
    void showFailure(const ActionResult &result);
    void clearFailure();
    /// Logs and shows an error; a failed connect asks for a password or says why.
    void onFailed(const Error &error, bool connectFailure = false);
    void connectDialog();
    void chooseSet();
    void applyBaseline();
    /// `at`: "baseline" (Seed) or "upgraded" (Seed after upgrade).
    void seedDialog(const QString &at);
    /// Opens the statement a diff entry was caused by in the SQL panel, its line highlighted.
    void openCause(const DiffCause &cause);
    void showSweep(const SweepResult &sweep);
    void resetDatabase();
    void onResetPlanned(const QStringList &lines);
    void goToSelected();
    /// The revision selected in the timeline; nothing without an explicit selection.
    std::optional<RevisionRef> selectedRevision() const;
    /// The range of revisions selected in the timeline, lowest first; one row: the step into it.
    std::optional<std::pair<RevisionRef, RevisionRef>> selectedRange() const;
    /// Plans a move (an expression such as "-1", or a revision) and runs it once the plan
    /// is confirmed where it needs to be (MovePlan::needsConfirmation()).
    void requestMove(const std::variant<QString, RevisionRef> &target);
    void onMovePlanned(const MovePlan &plan);
    void runNextDemoStep();
    void finishDemoStepNow();
    void rememberSet(const QString &directory);
    void fillRecentMenu();

    MainWindowOptions m_options;
    SessionController *m_session;
    /// What waits for the worker's reset plan to be confirmed.
    enum class PendingReset { None, Reset, Rehearsal, Sweep } m_pendingReset = PendingReset::None;
    /// A requestMove() waits for its plan.
    bool m_pendingMove = false;
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
    QLabel *m_serverBadge = nullptr;
    FailureBanner *m_banner = nullptr;
    SweepDialog *m_sweepDialog = nullptr;
    bool m_hasBaselineSeeds = false;   ///< the open set has seeds for the baseline
    bool m_hasUpgradedSeeds = false;   ///< ... and seeds declared "-- at: upgraded"
    QMenu *m_recentMenu = nullptr;
    QStringList m_demoQueue;
    bool m_demoFailed = false;
    bool m_demoRunning = false;
};

} // namespace revisor::ui
