// revisor scale: volumes, fits, the kept run and the reports, on a real server.
#include "clirun.h"
#include "db/session.h"
#include "resultassert.h"
#include "testserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QProcess>
#include <QTest>

using namespace revisor;

class TestScale : public QObject
{
    Q_OBJECT

private slots:
    void twoVolumesKeptAndReported()
    {
        auto settings = test::freshDatabase(QStringLiteral("scale"));
        QVERIFY_RESULT(settings);
        const QString name = test::openSession(*settings)->databaseName();
        QTemporaryDir data, reports;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const QStringList base{QStringLiteral("scale"), QStringLiteral("--db"), settings->conninfo(), QStringLiteral("--param"),
                               QStringLiteral("repositories=3"), QStringLiteral("--param"), QStringLiteral("chunks=2,4"),
                               QStringLiteral("--param"), QStringLiteral("hnsw=0")};

        // It empties the database for each volume: only with --reset and the name repeated.
        const test::CliRun refused = test::runRevisor(base, env);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("--reset --confirm")), qPrintable(refused.err));

        const test::CliRun run = test::runRevisor(base + QStringList{QStringLiteral("--reset"), QStringLiteral("--confirm"), name,
                                                                     QStringLiteral("--extrapolate"), QStringLiteral("40000000"),
                                                                     QStringLiteral("--report"), reports.path(), QStringLiteral("--label"), QStringLiteral("no index")},
                                                  env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("at 40,000,000 rows of public.code_chunks: upgrade about")), qPrintable(run.out));

        QFile json(QDir(reports.path()).filePath(QStringLiteral("scale.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("revisor-scale/1"));
        QCOMPARE(doc.value(QStringLiteral("label")).toString(), QStringLiteral("no index"));
        const QJsonArray points = doc.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(0)[QStringLiteral("rows")].toInt(), 6);
        QCOMPARE(points.at(1)[QStringLiteral("rows")].toInt(), 12);
        QCOMPARE(points.at(1)[QStringLiteral("rows_table")].toString(), QStringLiteral("public.code_chunks"));
        QVERIFY(points.at(1)[QStringLiteral("upgrade_ms")].toDouble() > 0);
        QVERIFY(!points.at(1)[QStringLiteral("upgrade_steps")].toArray().isEmpty());
        QVERIFY(doc[QStringLiteral("fits")][QStringLiteral("upgrade")][QStringLiteral("model")].isString());
        const QJsonArray statements = doc.value(QStringLiteral("statements")).toArray();
        QVERIFY(statements.size() >= 50); // 002 up (16) and down (39)
        QCOMPARE(statements.first()[QStringLiteral("ms")].toArray().size(), 2);

        QFile md(QDir(reports.path()).filePath(QStringLiteral("scale.md")));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(md.readAll());
        QVERIFY(text.contains(QStringLiteral("## Fitted models")));
        QVERIFY(text.contains(QStringLiteral("## Extrapolation")));

        // The chart and the fit table in the HTML (the chart embedded) and the PDF, read back.
        QFile html(QDir(reports.path()).filePath(QStringLiteral("scale.html")));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(html.readAll());
        QVERIFY(page.contains(QStringLiteral("<img src=\"data:image/png;base64,")));
        QVERIFY(page.contains(QStringLiteral("Fitted models")));
        const QString upgradeModel = doc[QStringLiteral("fits")][QStringLiteral("upgrade")][QStringLiteral("model")].toString();
        QVERIFY(page.contains(QStringLiteral("<td>upgrade</td><td>%1</td>").arg(upgradeModel)));
        QVERIFY(page.contains(QStringLiteral("at 40,000,000 rows of public.code_chunks: upgrade about")));
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), QDir(reports.path()).filePath(QStringLiteral("scale.pdf")), QStringLiteral("-")});
        QVERIFY2(pdftotext.waitForFinished(60000) && pdftotext.exitCode() == 0, qPrintable(pdftotext.errorString()));
        const QString pdf = QString::fromUtf8(pdftotext.readAllStandardOutput());
        QVERIFY2(pdf.contains(QStringLiteral("Fitted models (time against rows)")), qPrintable(pdf.left(2000)));
        QVERIFY(pdf.contains(QStringLiteral("Step time against rows")));
        QVERIFY(pdf.contains(QStringLiteral("Extrapolation")));
        QVERIFY(pdf.simplified().contains(QStringLiteral("upgrade ACCESS EXCLUSIVE")));

        // The run is kept in the user's data directory, one file per run.
        const QStringList kept = QDir(data.filePath(QStringLiteral("revisor/scale"))).entryList({QStringLiteral("*.json")});
        QCOMPARE(kept.size(), 1);
        QVERIFY(kept.first().endsWith(QStringLiteral("-codebase_mcp-no_index.json")));

        const test::CliRun uneven = test::runRevisor({QStringLiteral("scale"), QStringLiteral("--scratch"), QStringLiteral("--param"),
                                                      QStringLiteral("chunks=1,2"), QStringLiteral("--param"), QStringLiteral("repositories=1,2,3")},
                                                     env);
        QCOMPARE(uneven.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestScale)
#include "tst_scale.moc"
