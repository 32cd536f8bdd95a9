// Issue 10, item 8: tables a DBA can work with (copy, find, filter, locks by step with dropped
// relations named, durations), the layout and theme remembered.
#include "core/paths.h"
#include "db/session.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "windowtest.h"
#include "report/reportheader.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/panels/inspectionpanels.h"
#include "ui/session/connectionprofile.h"
#include "ui/panels/sqlpanel.h"
#include "ui/widgets/markededitor.h"
#include "ui/panels/tablepanels.h"
#include "ui/panels/timingpanel.h"

#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>

using namespace revisor;
using namespace revisor::ui;
using namespace revisor::test;

class TestWindowTables : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    // Issue 10, item 8: copy from tables, find and filter, durations that read well, the
    // window's layout and theme remembered.
    void tablesADbaCanWorkWith()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);"),
                                                                          QStringLiteral("DROP TABLE t;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_tables"));
        trigger(w.get(), w->actions().stepUp);

        // Copy: tab-separated with a header line, or Markdown.
        QTableView *log = w->findChild<LogPanel *>()->view();
        log->selectAll();
        QAction *copy = nullptr, *markdown = nullptr;
        for (QAction *a : log->actions()) {
            if (a->shortcut() == QKeySequence::Copy)
                copy = a;
            else if (a->text().contains(QLatin1String("Markdown")))
                markdown = a;
        }
        QVERIFY(copy && markdown);
        QCOMPARE(log->contextMenuPolicy(), Qt::ActionsContextMenu);
        copy->trigger();
        const QString tsv = QApplication::clipboard()->text();
        QVERIFY2(tsv.startsWith(log->model()->headerData(0, Qt::Horizontal).toString() + QLatin1Char('\t')), qPrintable(tsv));
        QVERIFY2(tsv.contains(QLatin1String("CREATE INDEX t_id ON t (id)")), qPrintable(tsv));
        QCOMPARE(tsv.count(QLatin1Char('\n')), log->model()->rowCount() + 1);
        markdown->trigger();
        const QString md = QApplication::clipboard()->text();
        QVERIFY2(md.startsWith(QLatin1String("| ")) && md.contains(QLatin1String("| --- |")), qPrintable(md));

        // Filter the log.
        const int all = log->model()->rowCount();
        w->findChild<LogPanel *>()->filter()->setText(QStringLiteral("create index"));
        QVERIFY(log->model()->rowCount() >= 1);
        QVERIFY(log->model()->rowCount() < all);
        w->findChild<LogPanel *>()->filter()->clear();
        QCOMPARE(log->model()->rowCount(), all);

        // Filters on Locks, Checks and Diff too.
        auto *locks = w->findChild<LocksPanel *>();
        QVERIFY(locks->view()->model()->rowCount() >= 2);
        locks->filter()->setText(QStringLiteral("t_id"));
        QCOMPARE(locks->view()->model()->rowCount(), 1);
        QVERIFY(w->findChild<QLineEdit *>(QStringLiteral("checksFilter")));
        QVERIFY(w->findChild<QLineEdit *>(QStringLiteral("diffFilter")));

        // Find in the SQL panel (the next step down of 001 is shown).
        QVERIFY(w->sqlPanel()->find(QStringLiteral("DROP TABLE")));
        QVERIFY(!w->sqlPanel()->find(QStringLiteral("no such text")));

        // Durations in the unit that reads best.
        QCOMPARE(durationText(840), QStringLiteral("840 ms"));
        QCOMPARE(durationText(12400), QStringLiteral("12.40 s"));

        // Theme: dark and back to the system's.
        auto *dark = w->findChild<QAction *>(QStringLiteral("theme_dark"));
        auto *system = w->findChild<QAction *>(QStringLiteral("theme_system"));
        QVERIFY(dark && system);
        dark->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        system->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 100);

        // Size and last tab come back in the next window.
        w->resize(1500, 700);
        const QSize chosen = w->size();
        auto *splitter = w->findChild<QSplitter *>(QStringLiteral("sqlSplitter"));
        QVERIFY(splitter);
        // The script pane made small (by default it gets twice the statement table's height).
        splitter->setSizes({400, 100});
        w->tabs()->setCurrentWidget(w->timingPanel());
        w->close();
        w.reset();
        MainWindowOptions options;
        options.setDirectory = set.path();
        MainWindow again(options);
        QCOMPARE(again.size(), chosen);
        QCOMPARE(again.tabs()->currentWidget(), again.timingPanel());
        const QList<int> restored = again.findChild<QSplitter *>(QStringLiteral("sqlSplitter"))->sizes();
        QVERIFY2(restored.size() == 2 && restored.at(0) > restored.at(1), qPrintable(QStringLiteral("%1 %2").arg(restored.value(0)).arg(restored.value(1))));
        QCOMPARE(appSettings().value(QStringLiteral("window/theme")).toString(), QStringLiteral("system"));
    }

    // Ctrl+F works alike in the SQL, Log, Checks and Diff panels (and a check's detail): it
    // puts the cursor in the panel's find or filter field.
    void findKeyInEveryPanel()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE INDEX t_id ON t (id);"),
                                                                          QStringLiteral("DROP INDEX t_id;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_find"));
        trigger(w.get(), w->actions().baseline);
        trigger(w.get(), w->actions().stepUp);
        trigger(w.get(), w->actions().stepDown);
        QVERIFY(w->session()->hasSessionResult());
        w->activateWindow();
        QApplication::setActiveWindow(w.get());
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        const QList<std::pair<QWidget *, QString>> panels{{w->sqlPanel(), QStringLiteral("sqlFind")},
                                                           {w->findChild<LogPanel *>(), QStringLiteral("logFilter")},
                                                           {w->checksPanel(), QStringLiteral("checksFilter")},
                                                           {w->diffPanel(), QStringLiteral("diffFilter")}};
        for (const auto &[panel, field] : panels) {
            w->tabs()->setCurrentWidget(panel);
            const QList<QAbstractItemView *> views = panel->findChildren<QAbstractItemView *>();
            QWidget *inside = views.isEmpty() ? panel : views.first();
            inside->setFocus();
            QTest::keyClick(inside, Qt::Key_F, Qt::ControlModifier);
            auto *edit = panel->findChild<QLineEdit *>(field);
            QVERIFY2(edit, qPrintable(field));
            QVERIFY2(edit->isVisible(), qPrintable(field));
            QVERIFY2(QApplication::focusWidget() == edit, qPrintable(field));
        }
        // Typing finds in the SQL, and filters the checks.
        auto *sqlFind = w->sqlPanel()->findChild<QLineEdit *>(QStringLiteral("sqlFind"));
        w->tabs()->setCurrentWidget(w->sqlPanel());
        sqlFind->setFocus();
        QTest::keyClicks(sqlFind, QStringLiteral("t_id"));
        QTest::keyClick(sqlFind, Qt::Key_Return);
        QVERIFY(w->sqlPanel()->editor()->textCursor().selectedText() == QLatin1String("t_id"));
        QTest::keyClick(sqlFind, Qt::Key_Escape);
        QVERIFY(!sqlFind->isVisible());
        auto *checksFilter = w->checksPanel()->findChild<QLineEdit *>(QStringLiteral("checksFilter"));
        const int all = w->checksPanel()->view()->model()->rowCount();
        QTest::keyClicks(checksFilter, QStringLiteral("schema.identical"));
        QCOMPARE(w->checksPanel()->view()->model()->rowCount(), 1);
        QVERIFY(all > 1);

        // A check's detail: the same key finds in its text.
        const CheckResult *check = w->checksPanel()->model()->check(QStringLiteral("schema.identical"));
        QVERIFY(check);
        std::unique_ptr<QDialog> details(ChecksPanel::detailsDialog(*check));
        details->show();
        details->activateWindow();
        QApplication::setActiveWindow(details.get());
        QVERIFY(QTest::qWaitForWindowActive(details.get()));
        auto *detail = details->findChild<QPlainTextEdit *>(QStringLiteral("detail"));
        detail->setFocus();
        QTest::keyClick(detail, Qt::Key_F, Qt::ControlModifier);
        auto *detailFind = details->findChild<QLineEdit *>(QStringLiteral("detailFind"));
        QVERIFY(detailFind && detailFind->isVisible());
        QCOMPARE(QApplication::focusWidget(), detailFind);
    }

    // Locks by step: a relation the step dropped is named from the capture before it, not
    // "(oid N)".
    void droppedRelationsNamed()
    {
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE doomed (id int PRIMARY KEY);\nCREATE TABLE kept (id int);"),
                                                                          QStringLiteral("DROP TABLE kept;\nDROP TABLE doomed;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("DROP TABLE doomed;"),
                                                                          QStringLiteral("CREATE TABLE doomed (id int PRIMARY KEY);"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_lock_names"));
        trigger(w.get(), w->actions().baseline);
        trigger(w.get(), w->actions().stepUp);
        QStringList relations;
        for (const LockModel::Row &row : w->lockModel()->rows()) {
            if (row.step == QLatin1String("upgrade 002"))
                relations << QStringLiteral("%1 [%2] %3").arg(row.lock.relation, row.lock.kind, row.modes.join(QLatin1Char(',')));
        }
        const QString shown = relations.join(QLatin1Char('\n'));
        QVERIFY2(shown.contains(QLatin1String("public.doomed [table (dropped)] AccessExclusiveLock")), qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("public.doomed_pkey [index (dropped)]")), qPrintable(shown));
        QVERIFY2(!shown.contains(QLatin1String("(oid ")), qPrintable(shown));
        // The step's result (reports, timing) carries the names too.
        const StepResult &step = w->session()->steps().last();
        QVERIFY(std::any_of(step.locks.cbegin(), step.locks.cend(), [](const LockInfo &l) { return l.relation == QLatin1String("public.doomed"); }));
    }

    // Durations in the unit that reads best wherever the window shows one.
    void durationsReadWell()
    {
        QCOMPARE(durationText(840), QStringLiteral("840 ms"));
        QCOMPARE(durationText(12400), QStringLiteral("12.40 s"));
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (id int);"), QStringLiteral("DROP TABLE t;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("SELECT pg_sleep(1.1);"),
                                                                          QStringLiteral("SELECT 1;"))}});
        auto w = openWindow(set.path(), QStringLiteral("gui_durations"));
        trigger(w.get(), w->actions().baseline);
        trigger(w.get(), w->actions().stepUp);
        trigger(w.get(), w->actions().stepDown);
        const RehearsalResult result = w->session()->sessionResult();
        QVERIFY(result.scenarioMs > 1000);
        const QString summary = w->checksPanel()->summary();
        QVERIFY2(summary.contains(durationText(result.scenarioMs) + QStringLiteral(" of steps")), qPrintable(summary));
        QVERIFY2(!summary.contains(QStringLiteral("%1 ms").arg(result.scenarioMs, 0, 'f', 0)), qPrintable(summary));
    }
};

QTEST_MAIN(TestWindowTables)
#include "tst_windowtables.moc"
