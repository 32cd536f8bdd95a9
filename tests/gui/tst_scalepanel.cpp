// The Scale tab: a scale run started through the session's worker (SessionController, as the
// window's "Scale run" does) on the test server, its chart, fit table and extrapolation, two
// kept runs overlaid, the dialog, and cancel.
#include "resultassert.h"
#include "testserver.h"
#include "ui/dialogs/scaledialog.h"
#include "ui/panels/scalepanel.h"
#include "ui/session/sessioncontroller.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;
using namespace revisor::ui;

class TestScalePanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    QTemporaryDir m_config;

    ScaleOptions options(const QString &chunks, const QString &label)
    {
        ScaleOptions o;
        auto volumes = scaleVolumes({QStringLiteral("repositories=2"), QStringLiteral("chunks=") + chunks, QStringLiteral("hnsw=0")});
        if (!volumes)
            qFatal("%s", qPrintable(volumes.error().toString()));
        o.volumes = *volumes;
        o.label = label;
        return o;
    }

    // Connects a controller to a fresh database with the bundled set open.
    bool connect(SessionController &controller)
    {
        auto settings = test::freshDatabase(QStringLiteral("scalepanel"));
        if (!settings)
            return false;
        controller.openSet(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        controller.connectTo(*settings);
        return QTest::qWaitFor([&] { return !controller.isBusy() && controller.isConnected(); }, 60000) && controller.hasSet();
    }

private slots:
    void initTestCase()
    {
        // Kept runs go to the user's data directory: a directory of this test's own.
        QVERIFY(m_data.isValid());
        qputenv("XDG_DATA_HOME", m_data.path().toLocal8Bit());
        QVERIFY(scaleRunsDirectory().startsWith(m_data.path()));
        // The panel keeps the typed row count in the settings: the test's own too.
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    }

    void runChartExtrapolateOverlay()
    {
        SessionController controller;
        ScalePanel panel(&controller);
        panel.resize(1100, 760);
        panel.show();
        QVERIFY(!panel.run().has_value());
        QVERIFY(!panel.runAction()->isEnabled());
        QVERIFY(connect(controller));
        QVERIFY(panel.runAction()->isEnabled());

        QSignalSpy finished(&controller, &SessionController::actionFinished);
        controller.scale(options(QStringLiteral("2,5,10"), QStringLiteral("first")));
        QVERIFY(!panel.runAction()->isEnabled());  // busy
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 300000);
        const auto result = finished.last().first().value<ActionResult>();
        QVERIFY2(result.ok(), qPrintable(result.error ? result.error->toString() : QString()));
        QVERIFY(result.scaleRun.has_value());
        QVERIFY(QFileInfo::exists(result.scaleRunFile));

        // The new run is shown: three volumes, measured points and a model per step.
        QVERIFY(panel.run().has_value());
        QCOMPARE(panel.run()->label, QStringLiteral("first"));
        QCOMPARE(panel.run()->points.size(), 3);
        QCOMPARE(panel.run()->points.at(2).rows, qint64(20));
        QCOMPARE(panel.runBox()->count(), 1);
        QCOMPARE(panel.overlayBox()->count(), 2);  // (none) and the run
        QCOMPARE(panel.plot()->graphCount(), 4);   // upgrade and downgrade: points and model
        QCOMPARE(panel.plot()->graph(0)->data()->size(), 3);
        QCOMPARE(panel.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(panel.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(panel.plot()->graph(1)->name().contains(panel.run()->upgradeFit.growthName()));
        // The fit table: the two steps, their lock holds and the statements.
        QVERIFY(panel.fitTable()->rowCount() > 4);
        QCOMPARE(panel.fitTable()->item(0, 1)->text(), panel.run()->upgradeFit.growthName());
        QCOMPARE(panel.fitTable()->item(1, 2)->text(), panel.run()->downgradeFit.formula());

        // The extrapolation to a row count typed as people write it.
        QVERIFY(!panel.extrapolateTo(QStringLiteral("many")));
        QVERIFY(panel.extrapolateTo(QStringLiteral("40,000,000")));
        QVERIFY2(panel.extrapolation().startsWith(QStringLiteral("at 40,000,000 rows of public.code_chunks: upgrade about")),
                 qPrintable(panel.extrapolation()));
        QVERIFY(panel.extrapolation().contains(QStringLiteral("downgrade about")));
        QCOMPARE(panel.extrapolation(), panel.run()->extrapolate(40e6));
        auto *label = panel.findChild<QLabel *>(QStringLiteral("scaleExtrapolation"));
        QVERIFY(label->text().contains(QStringLiteral("40,000,000")));
        QVERIFY(panel.plot()->graph(1)->data()->at(panel.plot()->graph(1)->data()->size() - 1)->key >= 40e6 * 0.999);

        // A second run, overlaid on the first.
        controller.scale(options(QStringLiteral("3,6"), QStringLiteral("second")));
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 300000);
        QCOMPARE(panel.runBox()->count(), 2);
        QCOMPARE(panel.run()->label, QStringLiteral("second"));
        int first = -1;
        for (int i = 1; i < panel.overlayBox()->count(); ++i) {
            if (panel.overlayBox()->itemText(i).contains(QStringLiteral("(first)")))
                first = i;
        }
        QVERIFY(first > 0);
        panel.setOverlay(first);
        QCOMPARE(panel.plot()->graphCount(), 8);
        bool overlaid = false;
        for (int i = 0; i < panel.plot()->graphCount(); ++i)
            overlaid |= panel.plot()->graph(i)->name().contains(QStringLiteral("(first)")) && panel.plot()->graph(i)->data()->size() == 3;
        QVERIFY(overlaid);
        panel.setOverlay(0);
        QCOMPARE(panel.plot()->graphCount(), 4);

        // A fresh panel finds both kept runs, newest first, and the row count typed last.
        ScalePanel again(&controller);
        QCOMPARE(again.runBox()->count(), 2);
        QCOMPARE(again.run()->label, QStringLiteral("second"));
        QCOMPARE(again.rowsEdit()->text(), QStringLiteral("40,000,000"));
        QCOMPARE(again.extrapolation(), again.run()->extrapolate(40e6));
    }

    void cancel()
    {
        SessionController controller;
        QVERIFY(connect(controller));
        QSignalSpy finished(&controller, &SessionController::actionFinished);
        bool started = false;
        QObject::connect(controller.worker(), &SessionWorker::progress, this, [&](const ActionProgress &p) {
            if (!started && p.text.startsWith(QStringLiteral("volume"))) {
                started = true;
                controller.cancel();
            }
        });
        controller.scale(options(QStringLiteral("5,10,20,40,80,160"), QStringLiteral("cancelled")));
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 300000);
        QVERIFY(started);
        const auto result = finished.last().first().value<ActionResult>();
        QVERIFY(!result.ok());
        QVERIFY(result.cancelled);
        QVERIFY(!result.scaleRun.has_value());
    }

    void dialog()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        ScaleDialog dialog(*set, false, QStringLiteral("prod"));
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(dialog.parameterEdit(QStringLiteral("chunks")));
        // Three volumes of the seed's last row-count factor by default.
        QCOMPARE(dialog.parameterEdit(QStringLiteral("chunks"))->text().split(QLatin1Char(',')).size(), 3);
        // A real server: the database name must be typed.
        QVERIFY(!ok->isEnabled());
        dialog.confirmEdit()->setText(QStringLiteral("prod"));
        QVERIFY(ok->isEnabled());
        dialog.parameterEdit(QStringLiteral("repositories"))->setText(QStringLiteral("1,2"));
        QVERIFY(!ok->isEnabled());
        QVERIFY2(dialog.problem().contains(QStringLiteral("repositories")), qPrintable(dialog.problem()));
        dialog.parameterEdit(QStringLiteral("repositories"))->setText(QStringLiteral("4"));
        dialog.parameterEdit(QStringLiteral("chunks"))->setText(QStringLiteral("10,20"));
        dialog.labelEdit()->setText(QStringLiteral("before index"));
        QVERIFY(ok->isEnabled());
        const ScaleOptions o = dialog.options();
        QCOMPARE(o.seed, QStringLiteral("scale"));
        QCOMPARE(o.label, QStringLiteral("before index"));
        QCOMPARE(o.volumes.size(), 2);
        QCOMPARE(o.volumes.at(1).value(QStringLiteral("chunks")), QStringLiteral("20"));
        QCOMPARE(o.volumes.at(1).value(QStringLiteral("repositories")), QStringLiteral("4"));
        // On a scratch server there is nothing to confirm.
        ScaleDialog scratch(*set, true, QStringLiteral("revisor_demo"));
        QVERIFY(!scratch.confirmEdit());
        QVERIFY(scratch.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    }
};

QTEST_MAIN(TestScalePanel)
#include "tst_scalepanel.moc"
