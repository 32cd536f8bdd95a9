// The window's actions, menus and tool bar, and when each action is enabled.
#include "ui/window/mainwindow.h"

#include "core/paths.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/dialogs/timeoutsdialog.h"
#include "ui/panels/scalepanel.h"
#include "ui/session/connectionprofile.h"
#include "ui/session/sessioncontroller.h"
#include "ui/widgets/theme.h"

#include <QActionGroup>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QTableView>
#include <QToolBar>

namespace revisor::ui {

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
    m_actions.openSet = make(tr("&Open migration set..."), QKeySequence::Open, tr("Open a migration set: Revisor's versions/*.sql, an Alembic project (alembic.ini), Sqitch, Flyway, dbmate, Diesel or up/down pairs"));
    m_actions.exportReport = make(tr("&Export report..."), QKeySequence(tr("Ctrl+Shift+E")),
                                  tr("Write the session's report as JSON, JUnit, Markdown, HTML and PDF"));
    m_actions.quit = make(tr("&Quit"), QKeySequence::Quit, tr("Quit Revisor"));
    m_actions.reset = make(tr("&Reset"), {}, tr("Empty the database: drop and re-create it"));
    m_actions.baseline = make(tr("Apply &baseline"), QKeySequence(tr("Ctrl+B")), tr("Upgrade or downgrade to the chosen baseline revision"));
    m_actions.seed = make(tr("S&eed..."), QKeySequence(tr("Ctrl+E")), tr("Insert a seed's rows, choosing its parameters"));
    m_actions.seedUpgraded = make(tr("Seed after u&pgrade..."), QKeySequence(tr("Ctrl+Shift+E")),
                                  tr("Write the rows an application writes once the upgrade is live (a seed declared \"-- at: upgraded\"): "
                                     "the rollback must keep them"));
    m_actions.rehearseEach = make(tr("Rehearse &each step"), QKeySequence(tr("Ctrl+Shift+R")),
                                  tr("Rehearse every single step of the range selected in the timeline, each from an emptied database"));
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
    connect(m_actions.seed, &QAction::triggered, this, [this] { seedDialog(QStringLiteral("baseline")); });
    connect(m_actions.seedUpgraded, &QAction::triggered, this, [this] { seedDialog(QStringLiteral("upgraded")); });
    connect(m_actions.rehearseEach, &QAction::triggered, this, [this] { rehearseEachStep(); });
    connect(m_actions.stepUp, &QAction::triggered, m_session, &SessionController::stepUp);
    connect(m_actions.stepDown, &QAction::triggered, this, [this] { requestMove(QStringLiteral("-1")); });
    connect(m_actions.goTo, &QAction::triggered, this, &MainWindow::goToSelected);
    connect(m_actions.rehearsal, &QAction::triggered, this, [this] { runRehearsal(); });
    connect(m_actions.cancel, &QAction::triggered, m_session, &SessionController::cancel);
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
    for (QAction *a : {m_actions.baseline, m_actions.seed, m_actions.stepUp, m_actions.seedUpgraded, m_actions.stepDown, m_actions.goTo})
        database->addAction(a);
    database->addSeparator();
    database->addAction(m_actions.rehearsal);
    database->addAction(findChild<ScalePanel *>()->runAction());
    database->addAction(m_actions.rehearseEach);
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
    for (QAction *a : {m_actions.baseline, m_actions.seed, m_actions.stepUp, m_actions.seedUpgraded, m_actions.stepDown, m_actions.goTo})
        bar->addAction(a);
    bar->addSeparator();
    bar->addAction(m_actions.rehearsal);
    bar->addAction(m_actions.rehearseEach);
    bar->addSeparator();
    bar->addAction(m_actions.reset);
    bar->addAction(m_actions.cancel);
    // In the menu bar's corner: a tool bar hides what does not fit, the menu bar never does.
    m_serverBadge = new QLabel;
    m_serverBadge->setObjectName(QStringLiteral("serverBadge"));
    m_serverBadge->setMargin(3);
    menuBar()->setCornerWidget(m_serverBadge, Qt::TopRightCorner);
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
    m_actions.seed->setEnabled(ready && m_hasBaselineSeeds);
    m_actions.seedUpgraded->setEnabled(ready && m_hasUpgradedSeeds && m_session->isAboveBaseline());
    m_actions.stepUp->setEnabled(ready && m_session->canStepUp());
    m_actions.stepDown->setEnabled(ready && m_session->canStepDown());
    const auto selected = selectedRevision();
    m_actions.goTo->setEnabled(ready && selected && *selected != m_session->currentRevision());
    m_actions.rehearsal->setEnabled(ready && m_baseline->count() > 1
                                    && m_baseline->currentIndex() < m_baseline->count() - 1);
    m_actions.rehearseEach->setEnabled(ready && selectedRange().has_value());
    m_actions.cancel->setEnabled(busy);
    m_baseline->setEnabled(!busy);
    m_connectionLabel->setText(server ? tr("%1 · PostgreSQL %2 · pgvector %3")
                                            .arg(server->display, server->version,
                                                 server->hasPgvector ? tr("yes") : tr("no (real[] embeddings)"))
                                      : (busy ? tr("connecting...") : tr("not connected")));
}

} // namespace revisor::ui
