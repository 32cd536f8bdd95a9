// The user's commands that change the database, each asked first where it must be, and the
// demo steps given on the command line.
#include "ui/window/mainwindow.h"

#include "ui/dialogs/confirmations.h"
#include "ui/dialogs/seeddialog.h"
#include "ui/models/timelinemodel.h"
#include "ui/session/sessioncontroller.h"

#include <QComboBox>
#include <QItemSelectionModel>
#include <QTabWidget>
#include <QTableView>

namespace revisor::ui {

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

void MainWindow::seedDialog(const QString &at)
{
    const MigrationSet *set = m_session->set();
    if (!set)
        return;
    SeedDialog dialog(*set, at, this);
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
    if (pending == PendingReset::Sweep) {
        rehearseEachStep(true);
        return;
    }
    m_session->reset();
}

void MainWindow::goToSelected()
{
    if (const auto target = selectedRevision())
        requestMove(*target);
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

void MainWindow::rehearseEachStep(bool confirmed)
{
    const auto server = m_session->server();
    const auto range = selectedRange();
    if (!server || !m_session->set() || !range)
        return;
    // Every step starts from an emptied database: asked for as Run rehearsal asks.
    if (!confirmed && !server->scratch) {
        m_pendingReset = PendingReset::Sweep;
        m_session->planReset();
        return;
    }
    SweepOptions options;
    options.from = range->first.isBase() ? QStringLiteral("base") : range->first.id();
    options.to = range->second.id();
    // A review of a range wants a row for every revision, not only up to the first failure.
    options.keepGoing = true;
    // As `rehearse --each`: a set's seed is written for one revision, not for every step.
    options.rehearsal.seed = QStringLiteral("none");
    m_session->sweep(options);
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
