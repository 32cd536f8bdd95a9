// The window's wiring: its panels, the session's signals, and what changes when the set, the
// connection or the revision changes.
#include "ui/window/mainwindow.h"

#include "core/paths.h"
#include "report/reportheader.h"
#include "ui/dialogs/connectiondialog.h"
#include "ui/dialogs/seeddialog.h"
#include "ui/dialogs/sweepdialog.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/inspectionpanels.h"
#include "ui/panels/scalepanel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/panels/tablepanels.h"
#include "ui/panels/timingpanel.h"
#include "ui/session/sessioncontroller.h"
#include "ui/session/sessionworker.h"
#include "ui/widgets/failurebanner.h"
#include "ui/widgets/progresswidget.h"
#include "ui/widgets/uicolors.h"

#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace revisor::ui {

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
    connect(m_session, &SessionController::setFailed, this, [this](const Error &error) { onFailed(error); });
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

void MainWindow::createPanels()
{
    m_timelineView = makeTableView();
    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_timelineView->setModel(m_timeline);
    // A range: "Rehearse each step" sweeps it; Go to revision needs a single row.
    m_timelineView->setSelectionMode(QAbstractItemView::ContiguousSelection);
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
    connect(m_diffPanel, &DiffPanel::causeActivated, this, &MainWindow::openCause);
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

void MainWindow::updateTitle()
{
    const MigrationSet *set = m_session->set();
    const auto server = m_session->server();
    QString title = set ? set->name() : tr("no migration set");
    if (server)
        title += QStringLiteral(" — %1").arg(server->database);
    setWindowTitle(tr("%1 — Revisor").arg(title));
}

void MainWindow::openSet(const QString &directory)
{
    // Read on the worker: the window stays live (an Alembic project takes seconds) and its
    // actions are disabled until the set is open or has failed to read.
    statusBar()->showMessage(tr("Reading %1...").arg(QDir::toNativeSeparators(directory)));
    m_session->openSet(directory);
}

void MainWindow::onSetChanged()
{
    const MigrationSet *set = m_session->set();
    if (set) {
        rememberSet(set->directory());
        statusBar()->clearMessage();
    }
    m_timeline->setMigrationSet(set);
    m_hasBaselineSeeds = set && !SeedDialog::seedsAt(*set, QStringLiteral("baseline")).isEmpty();
    m_hasUpgradedSeeds = set && !SeedDialog::seedsAt(*set, QStringLiteral("upgraded")).isEmpty();
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
    m_sqlPanel->model()->clearPinnedSection();
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
    if (result.sweep)
        showSweep(*result.sweep);
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

RevisionRef MainWindow::baselineRevision() const
{
    return RevisionRef(m_baseline->currentData().toString());
}

std::optional<RevisionRef> MainWindow::selectedRevision() const
{
    // Only an explicit selection: the view's current index alone (row 0, base, once it has
    // focus) must never pick a target.
    // A range selected for "Rehearse each step" names no single target either.
    const QModelIndexList rows = m_timelineView->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return std::nullopt;
    return m_timeline->revisionAt(rows.first().row());
}

std::optional<std::pair<RevisionRef, RevisionRef>> MainWindow::selectedRange() const
{
    const QModelIndexList rows = m_timelineView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    int low = rows.first().row(), high = low;
    for (const QModelIndex &row : rows) {
        low = std::min(low, row.row());
        high = std::max(high, row.row());
    }
    // Base is the first row; one selected row stands for the step into it.
    if (low == high) {
        if (low == 0)
            return std::nullopt;
        --low;
    }
    return std::pair{m_timeline->revisionAt(low), m_timeline->revisionAt(high)};
}

void MainWindow::openCause(const DiffCause &cause)
{
    const MigrationSet *set = m_session->set();
    const Revision *revision = set ? set->find(RevisionRef(cause.revision)) : nullptr;
    if (!revision)
        return;
    if (m_sqlPanel->showSection(set, m_session->currentRevision(), cause.revision, cause.section == QLatin1String("up"), revision->file, cause.line))
        m_tabs->setCurrentWidget(m_sqlPanel);
    else
        statusBar()->showMessage(tr("%1: the SQL tab cannot show that statement").arg(cause.text()), 8000);
}

void MainWindow::showSweep(const SweepResult &sweep)
{
    if (!m_sweepDialog)
        m_sweepDialog = new SweepDialog(this);
    m_sweepDialog->setSweep(sweep);
    m_sweepDialog->show();
    m_sweepDialog->raise();
    statusBar()->showMessage(tr("Rehearse each step: %1").arg(sweep.passed() ? tr("every step passed") : tr("some steps failed")), 8000);
}

} // namespace revisor::ui
