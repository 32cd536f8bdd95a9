#include "ui/window/mainwindow.h"

#include "ui/dialogs/connectiondialog.h"
#include "ui/session/connectionprofile.h"
#include "core/paths.h"
#include "ui/panels/inspectionpanels.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "report/reportheader.h"
#include "ui/widgets/failurebanner.h"
#include "ui/widgets/progresswidget.h"
#include "ui/widgets/theme.h"
#include "ui/widgets/uicolors.h"
#include "ui/dialogs/confirmations.h"
#include "ui/dialogs/seeddialog.h"
#include "ui/session/sessioncontroller.h"
#include "ui/session/sessionworker.h"
#include "ui/panels/scalepanel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/panels/tablepanels.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/timingpanel.h"
#include "ui/dialogs/timeoutsdialog.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include "ui/dialogs/exportdialog.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace revisor::ui {

namespace {
} // namespace

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent), m_options(options), m_session(new SessionController(this)),
      m_timeline(new TimelineModel(this)), m_log(new LogModel(this)), m_locks(new LockModel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    createActions();
    createPanels();
    createMenusAndToolBar();

    connect(m_session, &SessionController::busyChanged, this, [this](bool busy) {
        m_progress->setBusy(busy);
        updateActions();
        if (busy || !m_demoRunning)
            return;
        if (!m_demoQueue.isEmpty()) {
            runNextDemoStep();
        } else {
            m_demoRunning = false;
            emit demoFinished(!m_demoFailed);
        }
    });
    connect(m_session, &SessionController::connectionChanged, this, [this] {
        updateTitle();
        updateServerBadge();
        updateActions();
        if (m_session->isConnected() && !m_options.demoSteps.isEmpty()) {
            m_demoQueue = m_options.demoSteps;
            m_options.demoSteps.clear();
            m_demoRunning = true;
        }
    });
    connect(m_session, &SessionController::setChanged, this, &MainWindow::onSetChanged);
    connect(m_session, &SessionController::currentRevisionChanged, this, &MainWindow::onRevisionChanged);
    connect(m_session, &SessionController::actionFinished, this, &MainWindow::onActionFinished);
    connect(m_session, &SessionController::pointsChanged, this, [this] { m_sqlPanel->setPoints(m_session->points()); });
    connect(m_session, &SessionController::actionFinished, m_timingPanel, &TimingPanel::addAction);
    const SessionWorker *worker = m_session->worker();
    connect(worker, &SessionWorker::progress, this, [this](const ActionProgress &p) {
        m_progress->showProgress(p);
        if (p.kind == ActionProgress::Kind::Phase)
            m_log->addStep(p.text);
    });
    connect(worker, &SessionWorker::statementStarted, m_progress, &ProgressWidget::showStatement);
    connect(worker, &SessionWorker::statementFinished, m_log, &LogModel::addStatement);
    connect(worker, &SessionWorker::statementFinished, m_progress, &ProgressWidget::statementDone);
    connect(worker, &SessionWorker::stepFinished, this, [this](const StepResult &step) {
        m_locks->addStep(step);
        m_timingPanel->addStep(step);
        // A step another tool ran (Alembic): its own output, line by line, in the log.
        for (const QString &line : step.toolOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            m_log->addNote(line);
        statusBar()->showMessage(tr("%1 %2 in %3").arg(LockModel::stepLabel(step), step.completed() ? tr("done") : tr("failed"),
                                                       durationText(step.durationMs)), 8000);
    });
    connect(worker, &SessionWorker::planFailed, this, [this](const Error &error) {
        m_pendingReset = PendingReset::None;
        m_pendingMove = false;
        onFailed(error);
    });
    connect(worker, &SessionWorker::movePlanned, this, &MainWindow::onMovePlanned);
    connect(worker, &SessionWorker::resetPlanned, this, [this](const ResetPlan &plan) { onResetPlanned(plan.describe()); });
    connect(worker, &SessionWorker::lockWaiting, this, [this](const QString &text) {
        m_progress->showStep(text);
        m_log->addNote(text);
    });

    QString set = options.setDirectory;
    if (set.isEmpty())
        set = appSettings().value(QStringLiteral("sets/last")).toString();
    if (set.isEmpty() || !QFileInfo::exists(set))
        set = defaultMigrationSetDir();
    openSet(set);
    updateTitle();
    updateServerBadge();
    updateActions();
    if (options.scratch)
        m_session->startScratch();
    resize(1280, 800);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::restoreLayout()
{
    // Size, docks and tool bar, and the tab the user left open.
    QSettings &s = appSettings();
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/state")))
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (const QString key = QStringLiteral("window/splitters/") + splitter->objectName(); !splitter->objectName().isEmpty() && s.contains(key))
            splitter->restoreState(s.value(key).toByteArray());
    }
    const int tab = s.value(QStringLiteral("window/tab"), 0).toInt();
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [](int index) { appSettings().setValue(QStringLiteral("window/tab"), index); });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings &s = appSettings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            s.setValue(QStringLiteral("window/splitters/") + splitter->objectName(), splitter->saveState());
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        a->setStatusTip(tip);
        return a;
    };
    m_actions.connect = make(tr("&Connect..."), QKeySequence(tr("Ctrl+K")), tr("Connect to a PostgreSQL server"));
    m_actions.scratch = make(tr("&Scratch server"), {}, tr("Start a throwaway PostgreSQL server and connect to it"));
    m_actions.openSet = make(tr("&Open migration set..."), QKeySequence::Open, tr("Open a directory with versions/*.sql"));
    m_actions.exportReport = make(tr("&Export report..."), QKeySequence(tr("Ctrl+Shift+E")),
                                  tr("Write the session's report as JSON, JUnit, Markdown, HTML and PDF"));
    m_actions.quit = make(tr("&Quit"), QKeySequence::Quit, tr("Quit Revisor"));
    m_actions.reset = make(tr("&Reset"), {}, tr("Empty the database: drop and re-create it"));
    m_actions.baseline = make(tr("Apply &baseline"), QKeySequence(tr("Ctrl+B")), tr("Upgrade or downgrade to the chosen baseline revision"));
    m_actions.seed = make(tr("S&eed..."), QKeySequence(tr("Ctrl+E")), tr("Insert a seed's rows, choosing its parameters"));
    m_actions.stepUp = make(tr("Step &up"), QKeySequence(tr("Ctrl+Up")), tr("Apply the next revision (+1)"));
    m_actions.stepDown = make(tr("Step &down"), QKeySequence(tr("Ctrl+Down")), tr("Revert the current revision (-1)"));
    m_actions.goTo = make(tr("&Go to revision"), QKeySequence(tr("Ctrl+G")), tr("Upgrade or downgrade to the revision selected in the timeline"));
    m_actions.rehearsal = make(tr("Run &rehearsal"), QKeySequence(tr("Ctrl+R")),
                               tr("Reset the database, then baseline, seed, upgrade, downgrade, probes and checks in one go"));
    m_actions.cancel = make(tr("Cancel"), QKeySequence(Qt::Key_Escape), tr("Cancel the running statement; the step rolls back"));
    m_actions.timeouts = make(tr("Step &timeouts..."), {}, tr("How long a step may wait for a table lock, and how long one statement may run"));
    m_actions.cancel->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(tr("Ctrl+."))});

    connect(m_actions.connect, &QAction::triggered, this, &MainWindow::connectDialog);
    connect(m_actions.scratch, &QAction::triggered, this, [this] { m_session->startScratch(); });
    connect(m_actions.openSet, &QAction::triggered, this, &MainWindow::chooseSet);
    connect(m_actions.exportReport, &QAction::triggered, this, [this] { showExportDialog(this, m_session->sessionResult()); });
    connect(m_session, &SessionController::sessionResultChanged, this, &MainWindow::updateActions);
    connect(m_actions.quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions.reset, &QAction::triggered, this, &MainWindow::resetDatabase);
    connect(m_actions.timeouts, &QAction::triggered, this, [this] {
        StepTimeouts timeouts = m_session->stepTimeouts();
        if (editStepTimeouts(this, timeouts))
            m_session->setStepTimeouts(timeouts);
    });
    m_session->setStepTimeouts(savedStepTimeouts());
    connect(m_actions.baseline, &QAction::triggered, this, &MainWindow::applyBaseline);
    connect(m_actions.seed, &QAction::triggered, this, &MainWindow::seedDialog);
    connect(m_actions.stepUp, &QAction::triggered, m_session, &SessionController::stepUp);
    connect(m_actions.stepDown, &QAction::triggered, this, [this] { requestMove(QStringLiteral("-1")); });
    connect(m_actions.goTo, &QAction::triggered, this, &MainWindow::goToSelected);
    connect(m_actions.rehearsal, &QAction::triggered, this, [this] { runRehearsal(); });
    connect(m_actions.cancel, &QAction::triggered, m_session, &SessionController::cancel);
}

void MainWindow::createPanels()
{
    m_timelineView = makeTableView();
    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timelineView->setAlternatingRowColors(false);
    m_timelineView->horizontalHeader()->setSectionResizeMode(TimelineModel::RevisionColumn, QHeaderView::ResizeToContents);
    m_timelineView->horizontalHeader()->setSectionResizeMode(TimelineModel::StateColumn, QHeaderView::ResizeToContents);
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_timelineView, &QTableView::doubleClicked, this, [this] {
        if (m_actions.goTo->isEnabled())
            goToSelected();
    });
    auto *dock = new QDockWidget(tr("Revision timeline"), this);
    dock->setObjectName(QStringLiteral("timelineDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto *timelineBox = new QWidget;
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineView);
    auto *hint = new QLabel(tr("Base at the top, head at the bottom; the current revision is in bold. "
                               "Select a revision and use Go to revision (Ctrl+G), or double-click it."));
    hint->setWordWrap(true);
    hint->setMargin(6);
    hint->setForegroundRole(QPalette::PlaceholderText);
    timelineLayout->addWidget(hint);
    dock->setWidget(timelineBox);
    dock->setMinimumWidth(420);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_sqlPanel = new SqlPanel;
    m_schemaPanel = new SchemaPanel;
    m_diffPanel = new DiffPanel;
    m_checksPanel = new ChecksPanel;
    m_dataPanel = new DataPanel;
    m_locksPanel = new LocksPanel(m_locks);
    m_timingPanel = new TimingPanel;
    m_logPanel = new LogPanel(m_log);
    m_schemaPanel->follow(m_session);
    m_diffPanel->follow(m_session);
    m_checksPanel->follow(m_session);
    m_dataPanel->follow(m_session);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_sqlPanel, tr("SQL"));
    m_tabs->addTab(m_schemaPanel, tr("Schema"));
    m_tabs->addTab(m_diffPanel, tr("Diff"));
    m_tabs->addTab(m_checksPanel, tr("Checks"));
    m_tabs->addTab(m_dataPanel, tr("Data"));
    m_tabs->addTab(m_locksPanel, tr("Locks"));
    m_tabs->addTab(m_timingPanel, tr("Timing"));
    m_tabs->addTab(new ScalePanel(m_session), tr("Scale"));
    m_tabs->addTab(m_logPanel, tr("Log"));
    m_banner = new FailureBanner;
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_progress = new ProgressWidget(m_actions.cancel);
    statusBar()->addWidget(m_progress, 1);
    m_connectionLabel = new QLabel;
    statusBar()->addPermanentWidget(m_connectionLabel);
}

void MainWindow::createMenusAndToolBar()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions.connect);
    file->addAction(m_actions.scratch);
    file->addSeparator();
    file->addAction(m_actions.openSet);
    m_recentMenu = file->addMenu(tr("Open &recent set"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(m_actions.exportReport);
    file->addSeparator();
    file->addAction(m_actions.quit);
    QMenu *database = menuBar()->addMenu(tr("&Database"));
    for (QAction *a : {m_actions.baseline, m_actions.seed, m_actions.stepUp, m_actions.stepDown, m_actions.goTo})
        database->addAction(a);
    database->addSeparator();
    database->addAction(m_actions.rehearsal);
    database->addAction(findChild<ScalePanel *>()->runAction());
    database->addSeparator();
    database->addAction(m_actions.timeouts);
    database->addAction(m_actions.reset);
    database->addAction(m_actions.cancel);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const Theme saved = themeFromName(appSettings().value(QStringLiteral("window/theme")).toString());
    for (const auto &[value, text] : {std::pair{Theme::System, tr("&System")}, std::pair{Theme::Light, tr("&Light")}, std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction *a = theme->addAction(text);
        a->setCheckable(true);
        a->setChecked(value == saved);
        a->setObjectName(QStringLiteral("theme_") + themeName(value));
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [value] {
            applyTheme(value);
            appSettings().setValue(QStringLiteral("window/theme"), themeName(value));
        });
    }
    if (saved != Theme::System)
        applyTheme(saved);

    QToolBar *bar = addToolBar(tr("Steps"));
    bar->setObjectName(QStringLiteral("stepsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_actions.connect);
    bar->addAction(m_actions.scratch);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Baseline: ")));
    m_baseline = new QComboBox;
    m_baseline->setObjectName(QStringLiteral("baseline"));
    m_baseline->setToolTip(tr("The revision \"Apply baseline\" goes to"));
    m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_baseline, &QComboBox::currentIndexChanged, this, [this] {
        m_session->setBaselineRevision(baselineRevision());
        updateActions();
    });
    bar->addWidget(m_baseline);
    for (QAction *a : {m_actions.baseline, m_actions.seed, m_actions.stepUp, m_actions.stepDown, m_actions.goTo})
        bar->addAction(a);
    bar->addSeparator();
    bar->addAction(m_actions.rehearsal);
    bar->addSeparator();
    bar->addAction(m_actions.reset);
    bar->addAction(m_actions.cancel);
    // In the menu bar's corner: a tool bar hides what does not fit, the menu bar never does.
    m_serverBadge = new QLabel;
    m_serverBadge->setObjectName(QStringLiteral("serverBadge"));
    m_serverBadge->setMargin(3);
    menuBar()->setCornerWidget(m_serverBadge, Qt::TopRightCorner);
}

void MainWindow::updateServerBadge()
{
    // Always in sight: whether the steps change a throwaway database or a real one.
    const auto server = m_session->server();
    QString style;
    if (!server) {
        m_serverBadge->setText(tr("Not connected"));
    } else if (server->scratch) {
        m_serverBadge->setText(tr("Scratch server · %1").arg(server->database));
        style = QStringLiteral("background: %1; border-radius: 3px;").arg(colors::addedBackground().name());
    } else {
        m_serverBadge->setText(tr("REAL SERVER · %1").arg(server->display));
        style = QStringLiteral("background: %1; color: %2; font-weight: bold; border-radius: 3px;")
                    .arg(colors::errorBackground().name(), colors::errorText().name());
    }
    m_serverBadge->setStyleSheet(style);
    m_serverBadge->setToolTip(server && !server->scratch ? tr("Steps, resets and rehearsals change this database") : QString());
}

void MainWindow::runRehearsal(bool confirmed)
{
    const auto server = m_session->server();
    if (!server || !m_session->set())
        return;
    // The rehearsal starts from an empty database: a scratch one is ours to empty, a real one
    // only when the user typed its name.
    if (!confirmed && !server->scratch) {
        // Confirmed in onResetPlanned(), once the worker has said what the reset drops.
        m_pendingReset = PendingReset::Rehearsal;
        m_session->planReset();
        return;
    }
    RehearsalOptions options;
    options.baseline = m_baseline->currentData().toString();
    options.reset = true;
    m_session->rehearse(options);
}

void MainWindow::updateActions()
{
    const bool busy = m_session->isBusy();
    const bool connected = m_session->isConnected();
    const bool ready = !busy && connected && m_session->hasSet() && m_session->revisionKnown();
    const auto server = m_session->server();
    m_actions.connect->setEnabled(!busy);
    m_actions.scratch->setEnabled(!busy);
    m_actions.openSet->setEnabled(!busy);
    m_actions.exportReport->setEnabled(!busy && m_session->hasSessionResult());
    m_actions.reset->setEnabled(!busy && connected);
    m_actions.baseline->setEnabled(ready && m_baseline->count() > 0
                                   && baselineRevision() != m_session->currentRevision());
    m_actions.seed->setEnabled(ready && !m_session->set()->seedNames().isEmpty());
    m_actions.stepUp->setEnabled(ready && m_session->canStepUp());
    m_actions.stepDown->setEnabled(ready && m_session->canStepDown());
    const auto selected = selectedRevision();
    m_actions.goTo->setEnabled(ready && selected && *selected != m_session->currentRevision());
    m_actions.rehearsal->setEnabled(ready && m_baseline->count() > 1
                                    && m_baseline->currentIndex() < m_baseline->count() - 1);
    m_actions.cancel->setEnabled(busy);
    m_baseline->setEnabled(!busy);
    m_connectionLabel->setText(server ? tr("%1 · PostgreSQL %2 · pgvector %3")
                                            .arg(server->display, server->version,
                                                 server->hasPgvector ? tr("yes") : tr("no (real[] embeddings)"))
                                      : (busy ? tr("connecting...") : tr("not connected")));
}

void MainWindow::updateTitle()
{
    const MigrationSet *set = m_session->set();
    const auto server = m_session->server();
    QString title = set ? set->name() : tr("no migration set");
    if (server)
        title += QStringLiteral(" — %1").arg(server->database);
    setWindowTitle(tr("%1 — Revisor").arg(title));
}

bool MainWindow::openSet(const QString &directory)
{
    if (auto opened = m_session->openSet(directory); !opened) {
        onFailed(opened.error());
        return false;
    }
    rememberSet(directory);
    return true;
}

void MainWindow::onSetChanged()
{
    const MigrationSet *set = m_session->set();
    m_timeline->setMigrationSet(set);
    m_baseline->clear();
    if (set) {
        for (const Revision &r : set->revisions())
            m_baseline->addItem(r.id, r.id);
        // The seed scenario's baseline: the revision before head (005 for codebase_mcp).
        m_baseline->setCurrentIndex(std::max(0, int(set->revisions().size()) - 2));
    }
    onRevisionChanged();
    updateTitle();
}

void MainWindow::onRevisionChanged()
{
    if (const auto current = m_session->currentRevision())
        m_timeline->setCurrentRevision(*current);
    else
        m_timeline->clearCurrentRevision();
    m_sqlPanel->update(m_session->set(), m_session->currentRevision());
    if (const auto current = m_session->currentRevision()) {
        // A dirty database stays on screen: upgrade and downgrade refuse until it is resolved.
        if (m_session->dirtyNote().isEmpty())
            statusBar()->showMessage(tr("Database at revision %1").arg(current->label()), 5000);
        else
            statusBar()->showMessage(tr("Database at revision %1, dirty: %2 (run 'revisor resolve')").arg(current->label(), m_session->dirtyNote()));
    }
    updateActions();
}

void MainWindow::onActionFinished(const ActionResult &result)
{
    if (result.completedRoundTrip && result.state.outcome) {
        QStringList roundTrip;
        for (const Phase &p : result.state.outcome->result.phases) {
            if (p.name == QLatin1String("upgrade") || p.name == QLatin1String("downgrade")) {
                for (const StepResult &s : p.steps)
                    roundTrip << LockModel::stepLabel(s);
            }
        }
        m_locks->setRoundTripSteps(roundTrip);
    }
    if (!result.error) {
        clearFailure();
        // The step's own time and the capture after it, apart: the capture is Revisor's, not
        // the migration's.
        const TrackedPoint *latest = result.state.points.latest();
        if (!result.steps.isEmpty() && latest) {
            double stepMs = 0;
            for (const StepResult &s : result.steps)
                stepMs += s.durationMs;
            statusBar()->showMessage(tr("%1 done: steps %2, capture %3 (database at %4)")
                                         .arg(result.action, durationText(stepMs), durationText(latest->point.captureMs),
                                              result.state.revision ? result.state.revision->label() : tr("?")));
        }
        return;
    }
    showFailure(result);
    onFailed(*result.error, result.action == QLatin1String("connect") || result.action == QLatin1String("start scratch server"));
}

void MainWindow::clearFailure()
{
    m_banner->hide();
    m_timeline->setFailedRevision({});
    for (int i = 0; i < m_tabs->count(); ++i) {
        m_tabs->setTabIcon(i, {});
        m_tabs->setTabToolTip(i, {});
    }
}

void MainWindow::showFailure(const ActionResult &result)
{
    clearFailure();
    const Error &error = *result.error;
    const StepResult *failed = !result.steps.isEmpty() && !result.steps.last().completed() ? &result.steps.last() : nullptr;
    QString headline;
    if (failed && failed->kind == StepResult::Kind::Seed) {
        headline = result.cancelled ? tr("Seed %1 cancelled").arg(failed->revision) : tr("Seed %1 failed").arg(failed->revision);
    } else if (failed) {
        // A failed step's `to` is where it stayed; the target is the revision (up) or the one
        // below it (down).
        const bool up = failed->kind == StepResult::Kind::Upgrade;
        RevisionRef target(failed->revision);
        if (const MigrationSet *set = m_session->set(); !up && set) {
            if (const auto height = set->height(target); height && *height > 0)
                target = set->at(*height - 1);
        }
        const QString step = tr("%1 %2 (%3 → %4)").arg(up ? tr("Upgrade") : tr("Downgrade"), failed->revision,
                                                    failed->from.label(), target.label());
        headline = result.cancelled ? tr("%1 cancelled").arg(step) : tr("%1 failed").arg(step);
        m_timeline->setFailedRevision(failed->revision, error.toString());
    } else {
        headline = tr("%1 failed").arg(result.action);
    }
    if (const auto current = result.state.revision) {
        headline += failed && failed->statementsKept > 0
                        ? tr("; the database is at %1 with %n statement(s) of the step applied", nullptr, failed->statementsKept).arg(current->label())
                        : tr("; the database stays at %1").arg(current->label());
    }
    m_banner->showFailure(headline, error, result.cancelled);
    // The tab that explains it: the SQL panel at the failing statement, else the Log.
    const QIcon badge = style()->standardIcon(result.cancelled ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxCritical);
    QWidget *explains = m_logPanel;
    if (failed && failed->kind != StepResult::Kind::Seed && !error.file.isEmpty() && m_sqlPanel->showFailure(error.file, error.line))
        explains = m_sqlPanel;
    const int tab = m_tabs->indexOf(explains);
    m_tabs->setTabIcon(tab, badge);
    m_tabs->setTabToolTip(tab, headline);
    if (tab != m_tabs->indexOf(m_logPanel)) {
        m_tabs->setTabIcon(m_tabs->indexOf(m_logPanel), badge);
        m_tabs->setTabToolTip(m_tabs->indexOf(m_logPanel), headline);
    }
    m_tabs->setCurrentWidget(explains);
}

void MainWindow::onFailed(const Error &error, bool connectFailure)
{
    m_log->addError(error);
    if (m_demoRunning) {
        m_demoQueue.clear();
        m_demoFailed = true;
    }
    statusBar()->showMessage(error.message, 15000);
    if (!connectFailure || !isVisible())
        return;
    if (needsPassword(error)) {
        if (const auto password = askPassword(this, error.message)) {
            // Retry with the same settings plus the password; nothing is stored.
            ConnectionSettings settings = m_session->lastRequestedSettings();
            settings.setValue(QStringLiteral("password"), *password);
            m_session->connectTo(settings);
        }
    }
    // Any other connect failure is in the banner; the current connection stays as it was.
}

void MainWindow::connectDialog()
{
    ConnectionDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionChoice choice = dialog.choice();
    m_locks->clear();
    m_timingPanel->clear();
    if (choice.scratch)
        m_session->startScratch();
    else
        m_session->connectTo(choice.settings);
}

void MainWindow::chooseSet()
{
    const MigrationSet *set = m_session->set();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open migration set"),
                                                          set ? set->directory() : bundledMigrationsDir());
    if (!dir.isEmpty())
        openSet(dir);
}

void MainWindow::rememberSet(const QString &directory)
{
    QSettings &s = appSettings();
    QStringList recent = s.value(QStringLiteral("sets/recent")).toStringList();
    recent.removeAll(directory);
    recent.prepend(directory);
    s.setValue(QStringLiteral("sets/recent"), recent.mid(0, 8));
    s.setValue(QStringLiteral("sets/last"), directory);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    for (const QString &dir : appSettings().value(QStringLiteral("sets/recent")).toStringList()) {
        m_recentMenu->addAction(dir, this, [this, dir] { openSet(dir); })->setEnabled(!m_session->isBusy());
    }
    if (m_recentMenu->isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

RevisionRef MainWindow::baselineRevision() const
{
    return RevisionRef(m_baseline->currentData().toString());
}

void MainWindow::applyBaseline()
{
    requestMove(baselineRevision());
}

void MainWindow::requestMove(const std::variant<QString, RevisionRef> &target)
{
    // Planned first: the answer (onMovePlanned) says whether the move needs the user's yes.
    m_pendingMove = true;
    if (const auto *expression = std::get_if<QString>(&target))
        m_session->planMove(*expression);
    else
        m_session->planMove(std::get<RevisionRef>(target));
}

void MainWindow::onMovePlanned(const MovePlan &plan)
{
    if (!std::exchange(m_pendingMove, false))
        return;
    const auto server = m_session->server();
    if (!server)
        return;
    if (plan.needsConfirmation(server->scratch) && !confirmMove(this, plan, *server))
        return;
    m_session->migrate(plan.to);
}

void MainWindow::seedDialog()
{
    const MigrationSet *set = m_session->set();
    if (!set)
        return;
    SeedDialog dialog(*set, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto seed = dialog.seed();
    if (!seed) {
        onFailed(seed.error());
        return;
    }
    m_session->seed(*seed, dialog.values());
}

void MainWindow::resetDatabase()
{
    const auto server = m_session->server();
    if (!server)
        return;
    if (!server->scratch) {
        m_pendingReset = PendingReset::Reset;
        m_session->planReset();
        return;
    }
    if (!confirmReset(this, server->database, true))
        return;
    m_session->reset();
}

void MainWindow::onResetPlanned(const QStringList &lines)
{
    const PendingReset pending = std::exchange(m_pendingReset, PendingReset::None);
    const auto server = m_session->server();
    if (pending == PendingReset::None || !server || !confirmReset(this, server->database, false, lines))
        return;
    if (pending == PendingReset::Rehearsal) {
        runRehearsal(true);
        return;
    }
    m_session->reset();
}

std::optional<RevisionRef> MainWindow::selectedRevision() const
{
    // Only an explicit selection: the view's current index alone (row 0, base, once it has
    // focus) must never pick a target.
    const QModelIndexList rows = m_timelineView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_timeline->revisionAt(rows.first().row());
}

void MainWindow::goToSelected()
{
    if (const auto target = selectedRevision())
        requestMove(*target);
}

void MainWindow::runNextDemoStep()
{
    const QString step = m_demoQueue.takeFirst();
    if (step == QLatin1String("baseline")) {
        m_session->migrate(baselineRevision());
    } else if (step == QLatin1String("up")) {
        m_session->stepUp();
    } else if (step == QLatin1String("down")) {
        m_session->stepDown();
    } else if (step == QLatin1String("reset")) {
        m_session->reset();
    } else if (step == QLatin1String("rehearse")) {
        runRehearsal(true);
    } else if (step.startsWith(QLatin1String("seed"))) {
        // "seed" or "seed:name" with the declared default parameters.
        const QString name = step.contains(QLatin1Char(':')) ? step.section(QLatin1Char(':'), 1) : QStringLiteral("sample");
        auto seed = readSeed(*m_session->set(), name);
        if (!seed) {
            onFailed(seed.error());
            finishDemoStepNow();
        } else {
            m_session->seed(*seed, seed->parameters);
        }
    } else if (step.startsWith(QLatin1String("tab:"))) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (m_tabs->tabText(i).compare(step.mid(4), Qt::CaseInsensitive) == 0)
                m_tabs->setCurrentIndex(i);
        }
        finishDemoStepNow();
    } else {
        onFailed(Error::usage(tr("unknown demo step '%1' (baseline, seed[:name], up, down, reset, rehearse, tab:NAME)").arg(step)));
        finishDemoStepNow();
    }
}

void MainWindow::finishDemoStepNow()
{
    // A step that started no database work: go on (or finish) without waiting for the worker.
    if (!m_demoQueue.isEmpty()) {
        runNextDemoStep();
    } else if (m_demoRunning) {
        m_demoRunning = false;
        emit demoFinished(!m_demoFailed);
    }
}

} // namespace revisor::ui
