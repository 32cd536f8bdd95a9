// The window driven with QTest on the scratch server: the seed scenario step by step, cancel
// during a long step, and the event loop's responsiveness while a step runs.
#include "core/paths.h"
#include "db/session.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "resultassert.h"
#include "ui/dialogs/connectiondialog.h"
#include "ui/models/inspectionmodels.h"
#include "ui/panels/inspectionpanels.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/window/mainwindow.h"
#include "ui/widgets/failurebanner.h"
#include "ui/widgets/progresswidget.h"
#include "ui/session/sessioncontroller.h"
#include "ui/session/sessionworker.h"
#include "ui/panels/sqlpanel.h"
#include "ui/models/sqlstatementmodel.h"
#include "tempset.h"
#include "testserver.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/timingpanel.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QDialog>
#include <QFile>
#include <QPlainTextEdit>
#include <QTreeView>
#include <QElapsedTimer>
#include <QSettings>
#include <QStatusBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace revisor;
using namespace revisor::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

    // A window connected to a fresh database of the test server, with `set` open.
    std::unique_ptr<MainWindow> openWindow(const QString &set, const QString &prefix)
    {
        MainWindowOptions options;
        options.setDirectory = set;
        auto window = std::make_unique<MainWindow>(options);
        window->show();
        auto settings = test::freshDatabase(prefix);
        if (!settings)
            qFatal("%s", qPrintable(settings.error().toString()));
        window->session()->connectTo(*settings);
        waitIdle(window.get());
        return window;
    }

    static bool waitIdle(MainWindow *w, int timeoutMs = 60000)
    {
        // The work is posted; busy flips to false when the worker has finished it.
        return QTest::qWaitFor([w] { return !w->session()->isBusy() && w->session()->revisionKnown(); }, timeoutMs);
    }

    // Apply baseline, seed (accepting the dialog), step up, step down.
    static void runSeedScenario(MainWindow *w)
    {
        const MainWindow::Actions &a = w->actions();
        trigger(w, a.baseline);
        QTimer::singleShot(200, w, [] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
                dialog->accept();
        });
        trigger(w, a.seed);
        trigger(w, a.stepUp);
        trigger(w, a.stepDown);
    }

    static QString checkStatus(MainWindow *w, const QString &id)
    {
        const CheckResult *c = w->checksPanel()->model()->check(id);
        return c ? CheckResult::statusName(c->status) : QStringLiteral("(missing)");
    }

    // The seed's validations passed, nothing failed, baseline vs rollback empty, the data kept.
    static void verifyRoundTripPassed(MainWindow *w)
    {
        ChecksModel *checks = w->checksPanel()->model();
        QVERIFY(!w->checksPanel()->isShowingEmptyState());
        for (const char *id : {"V1.3", "V2.2", "V3.2", "V4.3", "V5.5"})
            QCOMPARE(checkStatus(w, QString::fromLatin1(id)), QStringLiteral("pass"));
        for (const CheckResult &c : checks->checks())
            QVERIFY2(!c.failed(), qPrintable(c.id + QStringLiteral(": ") + c.detail));
        QVERIFY2(w->checksPanel()->summary().contains(QStringLiteral("checks passed")), qPrintable(w->checksPanel()->summary()));
        QVERIFY(w->session()->hasSessionResult());
        QVERIFY(w->session()->sessionResult().passed());

        DiffPanel *diff = w->diffPanel();
        QVERIFY(diff->showBaselineVsRollback());
        QVERIFY(diff->isShowingNoDifferences());
        QCOMPARE(diff->model()->rowCount(), 0);
        QVERIFY2(diff->summary().contains(QStringLiteral("No differences")), qPrintable(diff->summary()));

        DataComparisonModel *data = w->dataPanel()->model();
        const QModelIndex chunks = data->findKey(QStringLiteral("public.code_chunks"));
        QVERIFY(chunks.isValid());
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::BeforeColumn).data().toString(), QStringLiteral("4"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::AfterColumn).data().toString(), QStringLiteral("4"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::MatchColumn).data().toString(), QStringLiteral("match"));

        SchemaTreeModel *schema = w->schemaPanel()->model();
        QVERIFY(schema->findKey(QStringLiteral("public.repositories.path")).isValid());
        QVERIFY(!schema->findKey(QStringLiteral("public.repositories.project_id")).isValid());
        QVERIFY(schema->findKey(QStringLiteral("public.work_items")).isValid());
    }

    // The errors of the actions that came back while `spy` listened to actionFinished.
    static QList<Error> errorsIn(const QSignalSpy &spy)
    {
        QList<Error> errors;
        for (const QList<QVariant> &args : spy) {
            const auto result = args.first().value<ActionResult>();
            if (result.error)
                errors << *result.error;
        }
        return errors;
    }

    static QString describe(const QList<Error> &errors)
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
                if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty())
                    dialog->grab().save(dir + QStringLiteral("/move-confirmation.png"));
                accept ? dialog->accept() : dialog->reject();
            });
            timer.start();
        }
        QTimer timer;
        QStringList shown;
    };

    static void trigger(MainWindow *w, QAction *action)
    {
        QVERIFY2(action->isEnabled(), qPrintable(action->text()));
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        MoveConfirmations confirm;
        action->trigger();
        QVERIFY(w->session()->isBusy());
        QVERIFY(waitIdle(w));
        QVERIFY2(errorsIn(results).isEmpty(), qPrintable(describe(errorsIn(results))));
    }

private slots:
    void initTestCase()
    {
        // Keep the user's settings out of the tests.
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        test::server();
    }

    void connectionDialogTestsOnAPoolThread()
    {
        ConnectionDialog dialog;
        ConnectionProfile profile;
        profile.name = QStringLiteral("scratch");
        profile.conninfo = test::server().url(QStringLiteral("postgres"));
        dialog.setProfile(profile);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        dialog.testConnection();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(dialog.testResult().contains(QStringLiteral("PostgreSQL 15")), qPrintable(dialog.testResult()));
        QVERIFY2(dialog.testResult().contains(test::server().hasPgvector() ? QStringLiteral("pgvector is available")
                                                                           : QStringLiteral("pgvector is not available")),
                 qPrintable(dialog.testResult()));
        const QString shots = qEnvironmentVariable("REVISOR_GUI_SHOTS");
        if (!shots.isEmpty())
            dialog.grab().save(shots + QStringLiteral("/connection-dialog.png"));

        // The server's own message, not a generic one.
        profile.conninfo = test::server().url(QStringLiteral("no_such_database"));
        dialog.setProfile(profile);
        finished.clear();
        dialog.testConnection();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.testResult().contains(QStringLiteral("\"no_such_database\" does not exist"))
                     || dialog.testResult().contains(QStringLiteral("&quot;no_such_database&quot; does not exist")),
                 qPrintable(dialog.testResult()));
        const ConnectionChoice choice = dialog.choice();
        QVERIFY(!choice.scratch);
        QCOMPARE(choice.settings.value(QStringLiteral("dbname")), QStringLiteral("no_such_database"));
    }

    void seedScenario()
    {
        auto w = openWindow(defaultMigrationSetDir(), QStringLiteral("gui_scenario"));
        QVERIFY(w->session()->isConnected());
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef::base()));
        const MainWindow::Actions &a = w->actions();
        QVERIFY(!a.stepDown->isEnabled());  // at base
        QVERIFY(a.stepUp->isEnabled());
        QVERIFY(a.reset->isEnabled());
        QVERIFY(a.rehearsal->isEnabled());
        // Connected at base: the schema panel shows the empty database, the checks explain.
        QVERIFY(!w->schemaPanel()->isShowingEmptyState());
        QVERIFY(w->checksPanel()->isShowingEmptyState());
        QVERIFY(w->dataPanel()->isShowingEmptyState());
        QCOMPARE(w->baselineBox()->currentText(), QStringLiteral("005"));

        trigger(w.get(), a.baseline);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("005"))));
        QVERIFY(!a.baseline->isEnabled());  // already there
        TimelineModel *timeline = w->timelineModel();
        QCOMPARE(timeline->index(timeline->rowOf(RevisionRef(QStringLiteral("005"))), TimelineModel::StateColumn).data().toString(),
                 QStringLiteral("current"));
        QCOMPARE(w->sqlPanel()->model()->nextUp(), QStringLiteral("002"));

        // Seed: the dialog opens with "sample" chosen; accept it.
        QTimer::singleShot(200, this, [] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
                dialog->accept();
        });
        trigger(w.get(), a.seed);
        QCOMPARE(w->session()->steps().last().kind, StepResult::Kind::Seed);
        QVERIFY(w->session()->steps().last().completed());

        QVERIFY(w->checksPanel()->isShowingEmptyState());
        QVERIFY2(w->checksPanel()->emptyText().contains(QStringLiteral("At the baseline 005")), qPrintable(w->checksPanel()->emptyText()));
        trigger(w.get(), a.stepUp);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("002"))));
        QVERIFY(!a.stepUp->isEnabled());  // at head
        QVERIFY(w->schemaPanel()->model()->findKey(QStringLiteral("public.repositories.project_id")).isValid());
        QVERIFY(!w->diffPanel()->isShowingNoDifferences());  // the last step's changes
        QVERIFY(w->diffPanel()->model()->findKey(QStringLiteral("index:public.repositories.idx_project_repository:")).isValid());
        QVERIFY(w->checksPanel()->isShowingEmptyState());
        trigger(w.get(), a.stepDown);
        verifyRoundTripPassed(w.get());
        QCOMPARE(w->session()->points().points.size(), 5);  // connect, baseline, seed, up, down
        QCOMPARE(w->session()->stepTimings().size(), 8);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("005"))));
        QCOMPARE(timeline->index(timeline->rowOf(RevisionRef(QStringLiteral("005"))), TimelineModel::StateColumn).data().toString(),
                 QStringLiteral("current"));
        QCOMPARE(timeline->index(timeline->rowOf(RevisionRef(QStringLiteral("002"))), TimelineModel::StateColumn).data().toString(),
                 QStringLiteral("pending"));

        QVERIFY(w->logModel()->count(LogModel::Kind::Statement) > 10);
        QCOMPARE(w->logModel()->count(LogModel::Kind::Error), 0);
        QVERIFY(w->lockModel()->exclusiveCount() > 0);
        bool repositoriesExclusive = false;
        for (const auto &row : w->lockModel()->rows())
            repositoriesExclusive |= row.lock.relation.contains(QStringLiteral("repositories")) && LockModel::isExclusive(row.lock);
        QVERIFY(repositoriesExclusive);
        // baseline (5 upgrades) + seed + up + down
        QCOMPARE(w->timingPanel()->timings().size(), 8);

        // Go to the selected row: base.
        w->timelineView()->setCurrentIndex(timeline->index(0, 0));
        trigger(w.get(), a.goTo);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef::base()));
        QVERIFY(!a.stepDown->isEnabled());
        QVERIFY(!a.goTo->isEnabled());

        // Save the panels for a look.
        const QString shots = qEnvironmentVariable("REVISOR_GUI_SHOTS");
        if (!shots.isEmpty()) {
            for (int i = 0; i < w->tabs()->count(); ++i) {
                w->tabs()->setCurrentIndex(i);
                QTest::qWait(50);
                w->grab().save(QStringLiteral("%1/panel-%2.png").arg(shots, w->tabs()->tabText(i).toLower()));
            }
        }
    }

    void brokenSetShowsFailingCheck()
    {
        const QString bundled = defaultMigrationSetDir();
        const QString file = QStringLiteral("versions/002_project_id_and_search_only.sql");
        QFile original(bundled + QLatin1Char('/') + file);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(original.readAll()) + QStringLiteral("\nCREATE INDEX extra_idx ON repositories (path);\n");
        test::TempSet set(bundled, {{file, text}});
        auto w = openWindow(set.path(), QStringLiteral("gui_broken"));
        runSeedScenario(w.get());
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("005"))));
        QCOMPARE(checkStatus(w.get(), QStringLiteral("schema.identical")), QStringLiteral("fail"));
        const CheckResult *failed = w->checksPanel()->model()->check(QStringLiteral("schema.identical"));
        QVERIFY2(failed->detail.contains(QStringLiteral("extra_idx")), qPrintable(failed->detail));
        QCOMPARE(w->checksPanel()->model()->checks().first().status, CheckResult::Status::Fail);  // failing first
        QVERIFY2(w->checksPanel()->summary().contains(QStringLiteral("failed")), qPrintable(w->checksPanel()->summary()));
        QVERIFY(!w->session()->sessionResult().passed());
        // The diff panel names the index left behind.
        QVERIFY(w->diffPanel()->showBaselineVsRollback());
        QVERIFY(!w->diffPanel()->isShowingNoDifferences());
        QVERIFY(w->diffPanel()->model()->findKey(QStringLiteral("index:public.repositories.extra_idx:")).isValid());
        // Double-click opens the objects involved.
        QTableView *view = w->checksPanel()->view();
        const QModelIndex first = view->model()->index(0, ChecksModel::IdColumn);
        QTimer::singleShot(300, w.get(), [] {
            if (auto *dialog = QApplication::activeModalWidget())
                dialog->close();
        });
        w->tabs()->setCurrentWidget(w->checksPanel());
        QVERIFY(QTest::qWaitFor([view] { return view->isVisible(); }));
        QTest::qWait(50);
        const QPoint at = view->visualRect(first).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        auto *dialog = w->checksPanel()->findChild<QDialog *>(QStringLiteral("checkDetails"));
        QVERIFY(dialog);
        QVERIFY(dialog->windowTitle().contains(QStringLiteral("schema.identical")));
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
        QVERIFY(w->openSet(second.path()));
        cleared();  // at once, before the worker answers
        QVERIFY(waitIdle(w.get()));
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
        widget.showProgress(ActionProgress{ActionProgress::Kind::Table, QStringLiteral("public.big"), 3, 7});
        QVERIFY2(widget.text().startsWith(QLatin1String("fingerprinting table public.big (3 of 7)")), qPrintable(widget.text()));
        widget.showProgress(ActionProgress{ActionProgress::Kind::Probe, QStringLiteral("re-upgrade")});
        QVERIFY2(widget.text().startsWith(QLatin1String("running probe")), qPrintable(widget.text()));
    }

    void dirtyDatabaseInStatusBar()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE a (id int);\nSELECT nosuchcol FROM t;\n"),
                                                                         QStringLiteral("SELECT 1;"), QStringLiteral("-- transactional: false\n"))}});
        auto settings = test::freshDatabase(QStringLiteral("gui_dirty"));
        QVERIFY_RESULT(settings);
        {
            auto session = Session::open(*settings);
            QVERIFY_RESULT(session);
            auto loaded = MigrationSet::load(set.path());
            QVERIFY_RESULT(loaded);
            Runner runner(**session, *loaded);
            auto out = runner.migrate(QStringLiteral("head"));
            QVERIFY(out && !out->completed());
        }
        MainWindowOptions options;
        options.setDirectory = set.path();
        auto w = std::make_unique<MainWindow>(options);
        w->show();
        w->session()->connectTo(*settings);
        QVERIFY(waitIdle(w.get()));
        QCOMPARE(w->session()->dirtyNote(), QStringLiteral("002 after statement 1 of 2 (upgrade from 001)"));
        QVERIFY2(QTest::qWaitFor([&w] { return w->statusBar()->currentMessage().contains(QLatin1String("dirty: 002 after statement 1 of 2")); }),
                 qPrintable(w->statusBar()->currentMessage()));
    }

    void resetOnRealServerKeepsExtensionsAndPublic()
    {
        auto w = openWindow(defaultMigrationSetDir(), QStringLiteral("gui_reset"));
        auto opened = Session::open(w->session()->lastRequestedSettings());
        QVERIFY(opened.has_value());
        Session &db = **opened;
        for (const QString &sql : {
                 QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gui_reset_owner') THEN CREATE ROLE gui_reset_owner; END IF; END $$"),
                 QStringLiteral("CREATE SCHEMA ext"), QStringLiteral("CREATE EXTENSION citext SCHEMA ext"),
                 QStringLiteral("CREATE TABLE public.people (name ext.citext)"), QStringLiteral("CREATE SCHEMA leftovers"),
                 QStringLiteral("ALTER SCHEMA public OWNER TO gui_reset_owner"), QStringLiteral("COMMENT ON SCHEMA public IS 'ours'")})
            QVERIFY(db.exec(sql).has_value());
        const QString defaultsSql = QStringLiteral("SELECT pg_get_userbyid(nspowner) || ' ' || coalesce(nspacl::text, '-') || ' '"
                                                   " || coalesce(obj_description(oid, 'pg_namespace'), '-') FROM pg_namespace WHERE nspname = 'public'");
        const QString before = db.scalar(defaultsSql).value();

        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->session()->reset();
        QVERIFY(waitIdle(w.get()));
        QVERIFY2(errorsIn(results).isEmpty(), qPrintable(describe(errorsIn(results))));
        // The same reset as `rehearse --reset`: every user schema but the extension's, and
        // public keeps its owner and comment.
        QCOMPARE(db.scalar(QStringLiteral("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'citext'")).value(),
                 QStringLiteral("ext"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT to_regclass('public.people') IS NULL")).value(), QStringLiteral("t"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'leftovers'")).value(), QStringLiteral("0"));
        QCOMPARE(db.scalar(defaultsSql).value(), before);
    }

    // Reset on a real server: the dialog lists what goes and what stays before the name is typed.
    void resetDialogShowsThePlan()
    {
        auto w = openWindow(defaultMigrationSetDir(), QStringLiteral("gui_reset_plan"));
        auto opened = Session::open(w->session()->lastRequestedSettings());
        QVERIFY(opened.has_value());
        for (const QString &sql : {QStringLiteral("CREATE SCHEMA ext"), QStringLiteral("CREATE EXTENSION hstore SCHEMA ext"),
                                   QStringLiteral("CREATE TABLE public.kept_until_reset (id int)")})
            QVERIFY((*opened)->exec(sql).has_value());
        QString plan;
        QTimer poll;
        poll.setInterval(50);
        connect(&poll, &QTimer::timeout, w.get(), [&plan] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            auto *list = dialog ? dialog->findChild<QPlainTextEdit *>(QStringLiteral("resetPlan")) : nullptr;
            if (!list)
                return;
            plan = list->toPlainText();
            if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty())
                dialog->grab().save(dir + QStringLiteral("/reset-dialog.png"));
            dialog->reject();
        });
        poll.start();
        trigger(w.get(), w->actions().reset);
        QVERIFY(QTest::qWaitFor([&plan] { return !plan.isEmpty(); }, 20000));
        poll.stop();
        QVERIFY2(plan.contains(QLatin1String("empty schema public (1 relation(s)")), qPrintable(plan));
        QVERIFY2(plan.contains(QLatin1String("keep extension hstore (in schema ext)")), qPrintable(plan));
        // Rejected: nothing happened.
        QVERIFY(waitIdle(w.get()));
        QCOMPARE((*opened)->scalar(QStringLiteral("SELECT to_regclass('public.kept_until_reset') IS NOT NULL")).value(), QStringLiteral("t"));
    }

    void rehearsalFromWindow()
    {
        auto w = openWindow(defaultMigrationSetDir(), QStringLiteral("gui_rehearsal"));
        // Not empty: the rehearsal resets it (the test server counts as a real server, so the
        // window would ask for the name; confirmed here).
        trigger(w.get(), w->actions().stepUp);
        QSignalSpy result(w->session(), &SessionController::sessionResultChanged);
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->runRehearsal(true);
        QVERIFY(w->session()->isBusy());
        QVERIFY(waitIdle(w.get(), 120000));
        QVERIFY2(errorsIn(results).isEmpty(), qPrintable(describe(errorsIn(results))));
        QCOMPARE(result.size(), 1);
        QVERIFY(w->session()->outcomeFromRehearsal());
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("005"))));
        verifyRoundTripPassed(w.get());
        QVERIFY(w->checksPanel()->summary().contains(QStringLiteral("Run rehearsal")));
        QCOMPARE(w->session()->points().points.size(), 5);  // connect, after step up, and the rehearsal's three
        QVERIFY(w->logModel()->count(LogModel::Kind::Step) > 3);
        // Stepping on from there starts a new interactive round trip from the rolled-back state.
        trigger(w.get(), w->actions().stepUp);
        QCOMPARE(w->session()->points().baseline, 4);
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
        QVERIFY2(worst < 100, qPrintable(QStringLiteral("worst stall %1 ms").arg(worst)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
