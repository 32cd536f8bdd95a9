// Issue 10, item 7 and issue 11, item 6 in the window: each difference the rollback leaves
// names the statements that caused it and a double-click opens them in the SQL tab; "Copy
// repair SQL" hands over the DDL the down script misses, verified on the database.
#include "brokencopy.h"
#include "windowtest.h"
#include "ui/panels/sqlpanel.h"
#include "ui/widgets/markededitor.h"

#include <QClipboard>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeView>

using namespace revisor;
using namespace revisor::ui;
using namespace revisor::test;

namespace {

// The line of the set's file `relative` that holds `needle` (1-based), 0 when none.
int lineOf(const QString &set, const QString &relative, const QString &needle)
{
    QFile file(set + QLatin1Char('/') + relative);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains(needle))
            return i + 1;
    }
    return 0;
}

} // namespace

class TestWindowDiff : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

    // The bundled set whose rollback of 002 leaves a stray index and changes a column's
    // default: what a down script that does too much (or too little) looks like.
    static QString brokenDown()
    {
        return revision002WithDown(QStringLiteral("-- migrate:down"),
                                   QStringLiteral("-- migrate:down\nCREATE INDEX extra_idx ON repositories (path);\n"
                                                  "ALTER TABLE repositories ALTER COLUMN path SET DEFAULT '/srv/repos';"));
    }

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    void diffEntriesPointAtTheirCause()
    {
        TempSet set(bundledSet(), {{bundledRevision002Path(), brokenDown()}});
        auto w = openWindow(set.path(), QStringLiteral("gui_diff_cause"));
        runSeedScenario(w.get());
        QCOMPARE(checkStatus(w.get(), QStringLiteral("schema.identical")), QStringLiteral("fail"));

        DiffPanel *diff = w->diffPanel();
        QVERIFY(diff->showBaselineVsRollback());
        const QString file = bundledRevision002Path();
        const int indexLine = lineOf(set.path(), file, QStringLiteral("CREATE INDEX extra_idx"));
        const int defaultLine = lineOf(set.path(), file, QStringLiteral("SET DEFAULT '/srv/repos'"));
        QVERIFY(indexLine > 0 && defaultLine > indexLine);

        DiffTreeModel *model = diff->model();
        const QModelIndex index = model->findKey(QStringLiteral("index:public.repositories.extra_idx:"));
        QVERIFY(index.isValid());
        const QString indexCause = index.siblingAtColumn(DiffTreeModel::CauseColumn).data().toString();
        QVERIFY2(indexCause.contains(QStringLiteral("created by 002 down at %1:%2").arg(file).arg(indexLine)), qPrintable(indexCause));
        const QModelIndex column = model->findKey(QStringLiteral("column:public.repositories.path:default"));
        QVERIFY2(column.isValid(), "no diff entry for the changed default of repositories.path");
        const QString defaultCause = column.siblingAtColumn(DiffTreeModel::CauseColumn).data().toString();
        QVERIFY2(defaultCause.contains(QStringLiteral("altered by 002 down at %1:%2").arg(file).arg(defaultLine)), qPrintable(defaultCause));

        if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty()) {
            w->tabs()->setCurrentWidget(diff);
            QTest::qWait(100);
            w->grab().save(dir + QStringLiteral("/diff-cause.png"));
        }

        // A double-click opens the down section of 002 (not one of the next steps from 005)
        // at the statement, its line highlighted.
        w->tabs()->setCurrentWidget(diff);
        QTreeView *view = diff->view();
        QVERIFY(QTest::qWaitFor([view] { return view->isVisible(); }));
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->model());
        QVERIFY(proxy);
        const QModelIndex at = proxy->mapFromSource(index);
        view->scrollTo(at);
        const QPoint point = view->visualRect(at).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, point);
        QCOMPARE(w->tabs()->currentWidget(), w->sqlPanel());
        QCOMPARE(w->sqlPanel()->highlightedLine(), indexLine);
        QVERIFY2(w->sqlPanel()->editor()->textCursor().block().text().contains(QLatin1String("extra_idx")),
                 qPrintable(w->sqlPanel()->editor()->textCursor().block().text()));
    }

    void copyRepairSql()
    {
        TempSet set(bundledSet(), {{bundledRevision002Path(), brokenDown()}});
        auto w = openWindow(set.path(), QStringLiteral("gui_repair"));
        QPushButton *copy = w->diffPanel()->copyRepairButton();
        QVERIFY(!copy->isEnabled());
        runSeedScenario(w.get());
        QVERIFY(copy->isEnabled());
        QApplication::clipboard()->clear();
        copy->click();
        const QString sql = QApplication::clipboard()->text();
        QVERIFY2(sql.contains(QLatin1String("DROP INDEX")) && sql.contains(QLatin1String("extra_idx")), qPrintable(sql));
        QVERIFY2(sql.contains(QLatin1String("ALTER TABLE")) && sql.contains(QLatin1String("DROP DEFAULT")), qPrintable(sql));
        // Tried on the database in a transaction that was rolled back: it repairs everything.
        QCOMPARE(checkStatus(w.get(), QStringLiteral("schema.repair")), QStringLiteral("pass"));
        const CheckResult *repair = w->checksPanel()->model()->check(QStringLiteral("schema.repair"));
        QVERIFY2(repair->detail.contains(QLatin1String("repair verified: 0 differences")), qPrintable(repair->detail));

        // A round trip that leaves nothing has nothing to repair.
        TempSet clean(bundledSet(), {});
        auto again = openWindow(clean.path(), QStringLiteral("gui_repair_clean"));
        runSeedScenario(again.get());
        QVERIFY(again->session()->hasSessionResult());
        QVERIFY(!again->diffPanel()->copyRepairButton()->isEnabled());
    }
};

QTEST_MAIN(TestWindowDiff)
#include "tst_windowdiff.moc"
