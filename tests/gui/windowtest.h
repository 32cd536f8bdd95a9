#pragma once

// What the window's test executables share: a window connected to a fresh database of the
// test server, waiting for the worker, triggering actions and answering the confirmations a
// real server asks for (the test server counts as a real one).
#include "tempset.h"
#include "testserver.h"
#include "ui/models/inspectionmodels.h"
#include "ui/panels/inspectionpanels.h"
#include "ui/session/sessioncontroller.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace revisor::test {

// What a window test does first: the user's settings (the remembered set, the layout, the
// recent sets) go to `config` instead of the user's own, and the test server is started.
inline void keepSettingsApartAndStartServer(const QTemporaryDir &config)
{
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config.path());
    server();
}

inline bool waitIdle(ui::MainWindow *w, int timeoutMs = 60000)
{
    // The work is posted; busy flips to false when the worker has finished it.
    return QTest::qWaitFor([w] { return !w->session()->isBusy() && w->session()->revisionKnown(); }, timeoutMs);
}

// A window connected to a fresh database of the test server, with `set` open.
inline std::unique_ptr<ui::MainWindow> openWindow(const QString &set, const QString &prefix)
{
    ui::MainWindowOptions options;
    options.setDirectory = set;
    auto window = std::make_unique<ui::MainWindow>(options);
    window->show();
    auto settings = freshDatabase(prefix);
    if (!settings)
        qFatal("%s", qPrintable(settings.error().toString()));
    window->session()->connectTo(*settings);
    waitIdle(window.get());
    return window;
}

// The errors of the actions that came back while `spy` listened to actionFinished.
inline QList<Error> errorsIn(const QSignalSpy &spy)
{
    QList<Error> errors;
    for (const QList<QVariant> &args : spy) {
        const auto result = args.first().value<ActionResult>();
        if (result.error)
            errors << *result.error;
    }
    return errors;
}

inline QString describe(const QList<Error> &errors)
{
    QStringList lines;
    for (const Error &e : errors)
        lines << e.toString();
    return lines.join(QLatin1Char('\n'));
}

// Answers the confirmation of a destructive move (the test server is a real server, so a
// step down asks) with `accept`, and keeps what it showed.
struct MoveConfirmations
{
    explicit MoveConfirmations(bool accept = true)
    {
        timer.setInterval(30);
        QObject::connect(&timer, &QTimer::timeout, [this, accept] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog || dialog->objectName() != QLatin1String("moveConfirmation"))
                return;
            shown << dialog->findChild<QLabel *>(QStringLiteral("moveSummary"))->text() + QLatin1Char('\n')
                         + dialog->findChild<QPlainTextEdit *>(QStringLiteral("movePlan"))->toPlainText();
            // The shot is of the destructive move the test rejects.
            if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty() && !accept)
                dialog->grab().save(dir + QStringLiteral("/move-confirmation.png"));
            accept ? dialog->accept() : dialog->reject();
        });
        timer.start();
    }
    QTimer timer;
    QStringList shown;
};

// Triggers `action`, confirming a destructive move, and waits until the worker is done; the
// action must succeed.
inline void trigger(ui::MainWindow *w, QAction *action)
{
    QVERIFY2(action->isEnabled(), qPrintable(action->text()));
    QSignalSpy results(w->session(), &ui::SessionController::actionFinished);
    MoveConfirmations confirm;
    action->trigger();
    QVERIFY(w->session()->isBusy());
    QVERIFY(waitIdle(w));
    QVERIFY2(errorsIn(results).isEmpty(), qPrintable(describe(errorsIn(results))));
}

// Accepts the modal dialog that opens next (the seed dialog) once it is up.
inline void acceptNextDialog(QObject *context)
{
    QTimer::singleShot(200, context, [] {
        if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
            dialog->accept();
    });
}

// Apply baseline, seed (accepting the dialog), step up, step down.
inline void runSeedScenario(ui::MainWindow *w)
{
    const ui::MainWindow::Actions &a = w->actions();
    trigger(w, a.baseline);
    acceptNextDialog(w);
    trigger(w, a.seed);
    trigger(w, a.stepUp);
    trigger(w, a.stepDown);
}

inline QString checkStatus(ui::MainWindow *w, const QString &id)
{
    const CheckResult *c = w->checksPanel()->model()->check(id);
    return c ? CheckResult::statusName(c->status) : QStringLiteral("(missing)");
}

} // namespace revisor::test
