// The seed scenario stepped in the window and run as a rehearsal, a broken copy caught, resets
// on a real server, and a database left dirty.
#include "core/paths.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "windowtest.h"
#include "ui/dialogs/connectiondialog.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/panels/timingpanel.h"

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

class TestWindowScenario : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

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

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
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
        // The Timing tab: after the bars of the step up before it, the rehearsal's bars as its
        // report draws them, each capture between the steps it ran between, then the probes.
        const QList<TimingBar> rehearsed = timingBars(w->session()->state().outcome->result);
        const QList<TimingBar> &bars = w->timingPanel()->bars();
        QVERIFY(bars.size() > rehearsed.size());
        QCOMPARE(bars.mid(bars.size() - rehearsed.size()), rehearsed);
        QVERIFY(rehearsed.contains(TimingBar::ofCapture(QStringLiteral("baseline"), w->session()->state().outcome->result.captures.first().ms)));
        QCOMPARE(rehearsed.last().kind, TimingBar::Kind::Probe);
        // Stepping on from there starts a new interactive round trip from the rolled-back state.
        trigger(w.get(), w->actions().stepUp);
        QCOMPARE(w->session()->points().baseline, 4);
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
};

QTEST_MAIN(TestWindowScenario)
#include "tst_windowscenario.moc"
