// File > Export report: the dialog writes a real rehearsal's result through the engine's
// writeReports (the files themselves are tested in tests/integration/tst_reports.cpp).
#include "db/session.h"
#include "resultassert.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "testserver.h"
#include "ui/session/connectionprofile.h"
#include "ui/dialogs/exportdialog.h"
#include "report/reports.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;
using namespace revisor::ui;

class TestExport : public QObject
{
    Q_OBJECT

    RehearsalResult m_result;

private slots:
    void initTestCase()
    {
        // The dialog remembers choices in QSettings: keep the user's own out of the test.
        QStandardPaths::setTestModeEnabled(true);
        appSettings().remove(QStringLiteral("export"));
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        auto settings = test::freshDatabase(QStringLiteral("export"));
        QVERIFY_RESULT(settings);
        auto session = Session::open(*settings);
        QVERIFY_RESULT(session);
        Rehearsal rehearsal(**session, *set);
        auto outcome = rehearsal.run();
        QVERIFY_RESULT(outcome);
        m_result = outcome->result;
        QVERIFY(!m_result.checks.isEmpty());
        QVERIFY(!m_result.allSteps().isEmpty());
    }

    void dialogExports()
    {
        QTemporaryDir dir;
        ExportDialog dialog(m_result);
        QCOMPARE(dialog.selectedFormats(), reportFormats());
        dialog.setDirectory(dir.path());
        dialog.findChild<QCheckBox *>(QStringLiteral("format_pdf"))->setChecked(false);
        QCOMPARE(dialog.selectedFormats().size(), 4);
        auto written = dialog.exportNow();
        QVERIFY_RESULT(written);
        QCOMPARE(written->size(), 4);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("report.pdf"))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("report.html"))));
        // The next dialog offers the same choice.
        ExportDialog again(m_result);
        QCOMPARE(again.directory(), QDir::toNativeSeparators(dir.path()));
        QVERIFY(!again.selectedFormats().contains(QStringLiteral("pdf")));
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
