// How a failed action is shown: banner, failed step in the timeline, badged tab, SQL at the line.
#include "ui/window/mainwindow.h"

#include "ui/dialogs/confirmations.h"
#include "ui/dialogs/connectiondialog.h"
#include "ui/models/logmodel.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/panels/tablepanels.h"
#include "ui/session/sessioncontroller.h"
#include "ui/widgets/failurebanner.h"

#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>

namespace revisor::ui {

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

} // namespace revisor::ui
