// Issue 10, items 1 to 6: no destructive surprise, failures that cannot be missed, results never
// stale, honest budgets, truthful progress, a failed reconnect that keeps the work.
#include "core/paths.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "windowtest.h"
#include "report/reportheader.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/session/sessionworker.h"
#include "ui/widgets/failurebanner.h"
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

class TestWindowSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    // A database a failed step that is not transactional left half-way says so where the
    // revision is shown.
    // Issue 10, item 1: nothing destructive without a question, and the real server in sight.
    void destructiveMovesAskFirst()
    {
        auto w = openWindow(defaultMigrationSetDir(), QStringLiteral("gui_confirm"));
        QVERIFY2(w->serverBadge()->text().startsWith(QLatin1String("REAL SERVER")), qPrintable(w->serverBadge()->text()));
        QVERIFY(w->serverBadge()->isVisible());
        const MainWindow::Actions &a = w->actions();
        trigger(w.get(), a.baseline);
        QTimer::singleShot(200, this, [] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
                dialog->accept();
        });
        trigger(w.get(), a.seed);

        // The view's current index without a selection names no target.
        QTableView *view = w->timelineView();
        TimelineModel *timeline = w->timelineModel();
        view->selectionModel()->setCurrentIndex(timeline->index(timeline->rowOf(RevisionRef::base()), 0), QItemSelectionModel::NoUpdate);
        QVERIFY(!a.goTo->isEnabled());

        view->selectRow(timeline->rowOf(RevisionRef::base()));
        QVERIFY(a.goTo->isEnabled());
        {
            MoveConfirmations reject(false);
            a.goTo->trigger();
            QVERIFY(QTest::qWaitFor([&reject] { return !reject.shown.isEmpty(); }, 20000));
            QVERIFY(waitIdle(w.get()));
            const QString shown = reject.shown.first();
            QVERIFY2(shown.contains(QLatin1String("public.code_chunks (4 rows), 001_initial_schema.sql:120")), qPrintable(shown));
            QVERIFY2(shown.contains(QLatin1String("public.repositories (3 rows)")), qPrintable(shown));
            QVERIFY2(shown.contains(QLatin1String("real server")), qPrintable(shown));
            QVERIFY2(shown.contains(QLatin1String("DROP TABLE code_chunks")), qPrintable(shown));
        }
        // Rejected: nothing ran.
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("005"))));

        // One step down on a real server asks as well; accepted, it runs.
        {
            MoveConfirmations accept(true);
            a.stepDown->trigger();
            QVERIFY(QTest::qWaitFor([&accept] { return !accept.shown.isEmpty(); }, 20000));
            QVERIFY(waitIdle(w.get()));
        }
        QVERIFY(w->session()->currentRevision() != std::optional(RevisionRef(QStringLiteral("005"))));
    }

    // Issue 10, item 2: a failed step shows a banner, marks the step, badges the tab that
    // explains it and opens the SQL panel at the failing line.
    void failureCannotBeMissed()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                         QStringLiteral("ALTER TABLE t ADD COLUMN c int;\nSELECT nosuchcol\n  FROM t;\n"),
                                                                         QStringLiteral("ALTER TABLE t DROP COLUMN c;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_failure"));
        trigger(w.get(), w->actions().baseline);
        QVERIFY(!w->failureBanner()->isVisible());
        w->tabs()->setCurrentWidget(w->checksPanel());

        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->actions().stepUp->trigger();
        QVERIFY(waitIdle(w.get()));
        const QList<Error> errors = errorsIn(results);
        QCOMPARE(errors.size(), 1);
        const Error &e = errors.first();
        QCOMPARE(e.sqlState, QStringLiteral("42703"));
        QVERIFY(e.line > 0);

        QVERIFY(w->failureBanner()->isVisible());
        const QString banner = w->failureBanner()->text();
        QVERIFY2(banner.contains(QStringLiteral("Upgrade 002 (001 → 002) failed")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("SQLSTATE 42703")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("002.sql:%1").arg(e.line)), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("nosuchcol")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("stays at 001")), qPrintable(banner));

        TimelineModel *timeline = w->timelineModel();
        QCOMPARE(timeline->index(timeline->rowOf(RevisionRef(QStringLiteral("002"))), TimelineModel::StateColumn).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(w->tabs()->currentWidget(), w->sqlPanel());
        QVERIFY(!w->tabs()->tabIcon(w->tabs()->indexOf(w->sqlPanel())).isNull());
        QCOMPARE(w->sqlPanel()->highlightedLine(), e.line);
        QFile file(set.path() + QStringLiteral("/versions/002.sql"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        QVERIFY2(lines.value(e.line - 1).contains(QLatin1String("nosuchcol")), qPrintable(lines.value(e.line - 1)));
        if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty())
            w->grab().save(dir + QStringLiteral("/failure-banner.png"));

        // The next action that succeeds takes it away.
        trigger(w.get(), w->actions().stepDown);
        QVERIFY(!w->failureBanner()->isVisible());
        QVERIFY(timeline->failedRevision().isEmpty());
    }

    // Issue 10, item 3: the checks and the export are about the set, database and baseline
    // on screen, never a previous one.
    void resultsAreNeverStale()
    {
        const QMap<QString, QString> files{
            {QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
            {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("ALTER TABLE t ADD COLUMN c int;"),
                                                           QStringLiteral("ALTER TABLE t DROP COLUMN c;"))}};
        test::TempSet first(files), second(files);
        auto w = openWindow(first.path(), QStringLiteral("gui_stale"));
        const MainWindow::Actions &a = w->actions();
        const auto roundTrip = [&] {
            if (w->session()->currentRevision() != std::optional(RevisionRef(QStringLiteral("001"))))
                trigger(w.get(), a.baseline);
            trigger(w.get(), a.stepUp);
            trigger(w.get(), a.stepDown);
            QVERIFY(w->session()->hasSessionResult());
            QVERIFY(a.exportReport->isEnabled());
            QVERIFY(!w->checksPanel()->isShowingEmptyState());
        };
        const auto cleared = [&] {
            QVERIFY(!w->session()->hasSessionResult());
            QVERIFY(!a.exportReport->isEnabled());
            QVERIFY(w->checksPanel()->isShowingEmptyState());
            QCOMPARE(w->checksPanel()->model()->rowCount(), 0);
        };
        roundTrip();
        // The set is read on the worker; its results go in the same event as the new set
        // arrives, so no moment shows the old results beside the new set.
        bool clearedOnArrival = false;
        const auto onArrival = connect(w->session(), &SessionController::setChanged, [&] {
            clearedOnArrival = w->session()->set()->directory() == second.path() && !w->session()->hasSessionResult()
                && !a.exportReport->isEnabled();
        });
        w->openSet(second.path());
        QVERIFY(waitIdle(w.get()));
        disconnect(onArrival);
        QVERIFY(clearedOnArrival);
        cleared();
        QCOMPARE(w->session()->points().points.size(), 1);

        roundTrip();
        QCOMPARE(w->session()->sessionResult().setDirectory, second.path());
        w->baselineBox()->setCurrentIndex(1);  // 002: another round trip
        QVERIFY(waitIdle(w.get()));
        cleared();

        w->baselineBox()->setCurrentIndex(w->baselineBox()->findText(QStringLiteral("001")));
        QVERIFY(waitIdle(w.get()));
        roundTrip();
        if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty()) {
            // The export names the session it describes.
            ExportDialog dialog(w->session()->sessionResult(), w.get());
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(dir + QStringLiteral("/export-dialog.png"));
        }
        auto other = test::freshDatabase(QStringLiteral("gui_stale_other"));
        QVERIFY_RESULT(other);
        w->session()->connectTo(*other);
        QVERIFY(waitIdle(w.get()));
        cleared();
        QVERIFY(w->session()->server()->database.startsWith(QLatin1String("gui_stale_other")));
    }

    // Issue 10, item 4: cancelled seeds are attempts, not part of the scenario its budget judges.
    void cancelledAttemptsNotInTheBudget()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("ALTER TABLE t ADD COLUMN c int;"),
                                                                          QStringLiteral("ALTER TABLE t DROP COLUMN c;"))},
                           {QStringLiteral("seeds/slow.sql"), QStringLiteral("-- seed: slow\nSELECT pg_sleep(30);\nINSERT INTO t VALUES (1);\n")},
                           {QStringLiteral("seeds/sample.sql"), QStringLiteral("-- seed: sample\nINSERT INTO t VALUES (1), (2);\n")}});
        auto w = openWindow(set.path(), QStringLiteral("gui_budget"));
        trigger(w.get(), w->actions().baseline);
        auto slow = readSeed(*w->session()->set(), QStringLiteral("slow"));
        QVERIFY_RESULT(slow);
        double attempts = 0;
        for (int i = 0; i < 2; ++i) {
            QSignalSpy results(w->session(), &SessionController::actionFinished);
            w->session()->seed(*slow, {});
            QTest::qWait(2000);
            QVERIFY(w->actions().cancel->isEnabled());
            w->actions().cancel->trigger();
            QVERIFY(waitIdle(w.get()));
            QCOMPARE(results.size(), 1);
            const auto r = results.first().first().value<ActionResult>();
            QVERIFY(r.cancelled);
            attempts += r.steps.first().durationMs;
        }
        QVERIFY2(attempts >= 2000, qPrintable(QString::number(attempts)));
        auto sample = readSeed(*w->session()->set(), QStringLiteral("sample"));
        QVERIFY_RESULT(sample);
        QSignalSpy seeded(w->session(), &SessionController::actionFinished);
        w->session()->seed(*sample, {});
        QVERIFY(waitIdle(w.get()));
        QVERIFY(errorsIn(seeded).isEmpty());
        trigger(w.get(), w->actions().stepUp);
        trigger(w.get(), w->actions().stepDown);
        QVERIFY(w->session()->hasSessionResult());
        const RehearsalResult result = w->session()->sessionResult();
        QVERIFY2(result.scenarioMs < attempts, qPrintable(QStringLiteral("%1 ms").arg(result.scenarioMs)));
        const CheckResult *budget = w->checksPanel()->model()->check(QStringLiteral("budget.scenario"));
        QVERIFY(budget);
        QCOMPARE(budget->status, CheckResult::Status::Pass);
    }

    // Issue 10, item 5: statements, schema capture, table fingerprints and probes told apart;
    // the bar reaches its end; step time and capture time both shown.
    void progressTellsTheTruth()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);\nCREATE TABLE u (id int);"),
                                                                          QStringLiteral("DROP TABLE u;\nDROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("ALTER TABLE t ADD COLUMN c int;\nSELECT pg_sleep(1.5);\nALTER TABLE u ADD COLUMN c int;"),
                                                                          QStringLiteral("ALTER TABLE u DROP COLUMN c;\nALTER TABLE t DROP COLUMN c;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_progress"));
        trigger(w.get(), w->actions().baseline);
        QSignalSpy progress(w->session()->worker(), &SessionWorker::progress);
        w->actions().stepUp->trigger();
        QVERIFY(QTest::qWaitFor([&w] { return w->progress()->text().contains(QLatin1String("running statement 2 of 3 (002.sql:")); }, 5000));
        QVERIFY(w->actions().cancel->isEnabled());
        QVERIFY(waitIdle(w.get()));
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("002"))));
        QCOMPARE(w->progress()->value(), w->progress()->maximum());
        QStringList tables;
        bool schema = false;
        for (const QList<QVariant> &args : progress) {
            const auto p = args.first().value<ActionProgress>();
            schema |= p.kind == ActionProgress::Kind::Schema;
            if (p.kind == ActionProgress::Kind::Table)
                tables << QStringLiteral("%1 (%2 of %3)").arg(p.text).arg(p.index).arg(p.count);
        }
        QVERIFY(schema);
        QCOMPARE(tables, (QStringList{QStringLiteral("public.t (1 of 2)"), QStringLiteral("public.u (2 of 2)")}));
        const QString status = w->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("step up done: steps 1.")) && status.contains(QLatin1String(" s, capture ")), qPrintable(status));

        ProgressWidget widget(w->actions().cancel);
        ActionProgress table;
        table.kind = ActionProgress::Kind::Table;
        table.text = QStringLiteral("public.big");
        table.index = 3;
        table.count = 7;
        widget.showProgress(table);
        QVERIFY2(widget.text().startsWith(QLatin1String("fingerprinting table public.big (3 of 7)")), qPrintable(widget.text()));
        ActionProgress probe;
        probe.kind = ActionProgress::Kind::Probe;
        probe.text = QStringLiteral("re-upgrade");
        widget.showProgress(probe);
        QVERIFY2(widget.text().startsWith(QLatin1String("running probe")), qPrintable(widget.text()));
    }

    // Issue 10, item 6: a failed reconnect leaves the connection, the timeline and the results.
    void failedReconnectKeepsTheWork()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("ALTER TABLE t ADD COLUMN c int;"),
                                                                          QStringLiteral("ALTER TABLE t DROP COLUMN c;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_reconnect"));
        trigger(w.get(), w->actions().baseline);
        trigger(w.get(), w->actions().stepUp);
        trigger(w.get(), w->actions().stepDown);
        QVERIFY(w->session()->hasSessionResult());
        const QString database = w->session()->server()->database;

        ConnectionSettings bad = w->session()->lastRequestedSettings();
        bad.setValue(QStringLiteral("dbname"), QStringLiteral("gui_reconnect_missing"));
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->session()->connectTo(bad);
        QVERIFY(waitIdle(w.get()));
        QCOMPARE(errorsIn(results).size(), 1);
        QVERIFY(w->session()->isConnected());
        QCOMPARE(w->session()->server()->database, database);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("001"))));
        QVERIFY(w->session()->hasSessionResult());
        QVERIFY(w->actions().exportReport->isEnabled());
        QVERIFY(!w->checksPanel()->isShowingEmptyState());
        TimelineModel *timeline = w->timelineModel();
        QCOMPARE(timeline->index(timeline->rowOf(RevisionRef(QStringLiteral("001"))), TimelineModel::StateColumn).data().toString(),
                 QStringLiteral("current"));
        // The window goes on working on the same database.
        trigger(w.get(), w->actions().stepUp);
    }
};

QTEST_MAIN(TestWindowSafety)
#include "tst_windowsafety.moc"
