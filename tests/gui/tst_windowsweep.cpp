// Issue 11 in the window: "Seed after upgrade" writes rows the rollback must keep, and
// "Rehearse each step" sweeps a range of the timeline, a row per revision.
#include "brokencopy.h"
#include "windowtest.h"
#include "ui/dialogs/seeddialog.h"
#include "ui/dialogs/sweepdialog.h"
#include "ui/models/sweepmodel.h"
#include "report/reportheader.h"
#include "ui/models/timelinemodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

using namespace revisor;
using namespace revisor::ui;
using namespace revisor::test;

class TestWindowSweep : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    // A rollback that deletes the rows of other projects passes with the baseline's seed
    // alone; the rows written after the upgrade catch it.
    void seedAfterUpgrade()
    {
        const QMap<QString, QString> files{
            {QStringLiteral("seeds/after_upgrade.sql"),
             QStringLiteral("-- seed: after_upgrade\n-- at: upgraded\n-- message: a repository of another project, written once 002 is live\n"
                            "INSERT INTO repositories (path, project_id) VALUES ('/team-a/repo', 'team-a');\n")},
            {bundledRevision002Path(), revision002WithDown(QStringLiteral("-- migrate:down"),
                                                           QStringLiteral("-- migrate:down\nDELETE FROM repositories WHERE project_id <> 'default';"))}};
        TempSet set(bundledSet(), files);
        auto w = openWindow(set.path(), QStringLiteral("gui_seed_upgraded"));
        const MainWindow::Actions &a = w->actions();
        QVERIFY(!a.seedUpgraded->isEnabled());  // at base
        trigger(w.get(), a.baseline);
        QVERIFY(!a.seedUpgraded->isEnabled());  // at the baseline
        // Each dialog lists the seeds of its point only.
        QCOMPARE(SeedDialog::seedsAt(*w->session()->set(), QStringLiteral("upgraded")), QStringList{QStringLiteral("after_upgrade")});
        QVERIFY(!SeedDialog::seedsAt(*w->session()->set(), QStringLiteral("baseline")).contains(QStringLiteral("after_upgrade")));
        acceptNextDialog(w.get());
        trigger(w.get(), a.seed);
        trigger(w.get(), a.stepUp);
        QVERIFY(a.seedUpgraded->isEnabled());
        QString offered;
        QTimer::singleShot(200, w.get(), [&offered] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                offered = dialog->findChild<QComboBox *>()->currentText();
                dialog->accept();
            }
        });
        trigger(w.get(), a.seedUpgraded);
        QCOMPARE(offered, QStringLiteral("after_upgrade"));
        trigger(w.get(), a.stepDown);

        QVERIFY(w->session()->hasSessionResult());
        QCOMPARE(checkStatus(w.get(), QStringLiteral("data.after-upgrade")), QStringLiteral("fail"));
        const CheckResult *c = w->checksPanel()->model()->check(QStringLiteral("data.after-upgrade"));
        QVERIFY2(c->detail.contains(QLatin1String("public.repositories: 1 of the 1 row(s) written after the upgrade lost")), qPrintable(c->detail));
        const RehearsalResult result = w->session()->sessionResult();
        bool phase = false;
        for (const Phase &p : result.phases)
            phase |= p.name == QLatin1String("seed-upgraded") && p.steps.size() == 1;
        QVERIFY(phase);

        // The engine refuses it at the baseline, whatever the window enables.
        auto seed = readSeed(*w->session()->set(), QStringLiteral("after_upgrade"));
        QVERIFY(seed.has_value());
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->session()->seed(*seed, {});
        QVERIFY(waitIdle(w.get()));
        QCOMPARE(errorsIn(results).size(), 1);
        QVERIFY2(errorsIn(results).first().message.contains(QLatin1String("step up beyond the baseline 005 first")),
                 qPrintable(describe(errorsIn(results))));
    }

    // The bundled chain's six revisions, each its own round trip: a row per revision.
    void rehearseEachStep()
    {
        auto w = openWindow(bundledSet(), QStringLiteral("gui_sweep"));
        QAction *each = w->actions().rehearseEach;
        QTableView *timeline = w->timelineView();
        TimelineModel *model = w->timelineModel();
        timeline->clearSelection();
        QVERIFY(!each->isEnabled());
        timeline->selectionModel()->select(QItemSelection(model->index(0, 0), model->index(model->rowCount() - 1, 0)),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(each->isEnabled());
        QVERIFY(!w->actions().goTo->isEnabled());  // a range names no single target

        // The test server is a real server: the database name is typed first.
        const QString database = w->session()->server()->database;
        bool asked = false;
        QTimer answer;
        answer.setInterval(50);
        connect(&answer, &QTimer::timeout, w.get(), [&asked, database] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog || !dialog->findChild<QPlainTextEdit *>(QStringLiteral("resetPlan")))
                return;
            asked = true;
            dialog->findChild<QLineEdit *>()->setText(database);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        answer.start();
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        each->trigger();
        QVERIFY(QTest::qWaitFor([&results] {
            for (const QList<QVariant> &args : results) {
                if (args.first().value<ActionResult>().sweep)
                    return true;
            }
            return false;
        }, 300000));
        QVERIFY(waitIdle(w.get()));
        answer.stop();
        QVERIFY(asked);
        QVERIFY2(errorsIn(results).isEmpty(), qPrintable(describe(errorsIn(results))));

        SweepDialog *dialog = w->sweepDialog();
        QVERIFY(dialog && dialog->isVisible());
        SweepModel *rows = dialog->model();
        QStringList revisions;
        for (int r = 0; r < rows->rowCount(); ++r) {
            revisions << rows->index(r, SweepModel::RevisionColumn).data().toString();
            const SweepRow &row = rows->sweep().rows.at(r);
            QCOMPARE(rows->index(r, SweepModel::VerdictColumn).data().toString(), row.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"));
            QVERIFY2(row.passed, qPrintable(row.revision.label() + QStringLiteral(": ") + describeChecks(row.result)));
            QCOMPARE(rows->index(r, SweepModel::DownColumn).data().toString(), durationText(row.downMs));
        }
        QCOMPARE(revisions, (QStringList{"001", "003", "003a", "003b", "005", "002"}));
        QVERIFY2(dialog->summary().contains(QLatin1String("6 of 6 passed")), qPrintable(dialog->summary()));
        if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty())
            dialog->grab().save(dir + QStringLiteral("/rehearse-each.png"));

        // One selected row: the single step into it.
        timeline->clearSelection();
        timeline->selectRow(model->rowOf(RevisionRef(QStringLiteral("002"))));
        QVERIFY(each->isEnabled());
    }
};

QTEST_MAIN(TestWindowSweep)
#include "tst_windowsweep.moc"
