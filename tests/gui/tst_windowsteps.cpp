// Steps that wait for a lock, time out, are cancelled, or run long while the window stays
// responsive.
#include "core/paths.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "windowtest.h"
#include "ui/models/logmodel.h"
#include "ui/session/sessionworker.h"
#include "ui/widgets/progresswidget.h"

#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>

using namespace revisor;
using namespace revisor::ui;
using namespace revisor::test;

class TestWindowSteps : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    // The window's step timeouts reach the runner; a waiting step says who blocks it in the log.
    void stepTimeoutsAndLockWaits()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE busy (id int);"),
                                                                          QStringLiteral("DROP TABLE busy;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("ALTER TABLE busy ADD COLUMN c int;"),
                                                                          QStringLiteral("ALTER TABLE busy DROP COLUMN c;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_timeouts"));
        trigger(w.get(), w->actions().baseline);
        auto holder = test::openSession(w->session()->lastRequestedSettings());
        QVERIFY(holder->exec(QStringLiteral("BEGIN")).has_value());
        QVERIFY(holder->exec(QStringLiteral("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")).has_value());

        w->session()->setStepTimeouts(StepTimeouts{1500, 0});
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        QSignalSpy steps(w->session()->worker(), &SessionWorker::stepFinished);
        w->actions().stepUp->trigger();
        // The step fails after the lock timeout; the capture after it waits for the blocker,
        // so the failed step is seen before the action comes back.
        QVERIFY(QTest::qWaitFor([&steps] { return !steps.isEmpty(); }, 10000));
        const auto failedStep = steps.first().first().value<StepResult>();
        QVERIFY(failedStep.error.has_value());
        QVERIFY2(failedStep.error->message.contains(QLatin1String("for a lock on busy (ddl lock timeout)")), qPrintable(failedStep.error->message));
        const auto waitLines = [&w] {
            int n = 0;
            for (const LogModel::Entry &e : w->logModel()->entries())
                n += e.text.contains(QLatin1String("waiting for lock on busy: blocked by pid")) ? 1 : 0;
            return n;
        };
        QCOMPARE(waitLines(), 1);
        // The capture after the failed step reads the table too: it waits for the blocker.
        QVERIFY(holder->exec(QStringLiteral("COMMIT")).has_value());
        QVERIFY(waitIdle(w.get(), 15000));
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("001"))));
        QCOMPARE(errorsIn(results).size(), 1);
        QVERIFY(errorsIn(results).first().message.contains(QLatin1String("for a lock on busy (ddl lock timeout)")));

        // No timeout: the step waits, the log says who blocks it, and it completes once the
        // blocker commits.
        QVERIFY(holder->exec(QStringLiteral("BEGIN")).has_value());
        QVERIFY(holder->exec(QStringLiteral("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")).has_value());
        w->session()->setStepTimeouts({});
        w->actions().stepUp->trigger();
        QVERIFY(QTest::qWaitFor([&] { return waitLines() == 2; }, 10000));
        QVERIFY(w->session()->isBusy());
        QVERIFY(holder->exec(QStringLiteral("COMMIT")).has_value());
        QVERIFY(waitIdle(w.get(), 15000));
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("002"))));
    }

    void cancelLeavesRevision()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"),
                                                                          QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("ALTER TABLE t ADD COLUMN c int;\nSELECT pg_sleep(5);"),
                                                                          QStringLiteral("ALTER TABLE t DROP COLUMN c;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_cancel"));
        QCOMPARE(w->baselineBox()->currentText(), QStringLiteral("001"));
        trigger(w.get(), w->actions().baseline);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("001"))));

        QElapsedTimer timer;
        timer.start();
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->actions().stepUp->trigger();
        QTest::qWait(300);
        QVERIFY(w->actions().cancel->isEnabled());
        QVERIFY(w->progress()->isVisible());
        w->actions().cancel->trigger();
        QVERIFY(waitIdle(w.get(), 10000));
        qInfo("cancelled step came back after %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < 4000);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("001"))));
        QCOMPARE(results.size(), 1);
        const auto cancelled = results.first().first().value<ActionResult>();
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.error.has_value());
        QCOMPARE(cancelled.error->kind, ErrorKind::Cancelled);
        QVERIFY2(cancelled.error->message.contains(QStringLiteral("cancelled")), qPrintable(cancelled.error->message));
        QCOMPARE(w->logModel()->count(LogModel::Kind::Error), 1);
        // The timeline still shows 001 as current and the window can step again.
        QVERIFY(w->actions().stepUp->isEnabled());
        QVERIFY(!w->actions().cancel->isEnabled());
    }

    void staysResponsive()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("SELECT 1;"), QStringLiteral("SELECT 1;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("SELECT pg_sleep(3);"), QStringLiteral("SELECT 1;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_responsive"));
        trigger(w.get(), w->actions().baseline);

        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        ticker.start();
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->actions().stepUp->trigger();
        QVERIFY(waitIdle(w.get(), 20000));
        ticker.stop();
        QVERIFY(errorsIn(results).isEmpty());
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("002"))));
        QVERIFY(clock.elapsed() >= 3000);
        qInfo("step of %lld ms: %d timer ticks, worst event-loop stall %lld ms", clock.elapsed(), ticks, worst);
        // A step run on the GUI thread would stall it for the whole 3 s sleep; the bound is half
        // of that, not a frame time, so that a loaded machine's scheduling cannot fail it.
        QVERIFY2(worst < 1500, qPrintable(QStringLiteral("worst stall %1 ms").arg(worst)));
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks)));
    }
};

QTEST_MAIN(TestWindowSteps)
#include "tst_windowsteps.moc"
