// File > Export report: a real rehearsal of the bundled set on the scratch server, exported
// in all five formats; each file parses and shows what the session saw (V1.3, the chart),
// the HTML is self-contained and the PDF has pages.
#include "db/session.h"
#include "resultassert.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "testserver.h"
#include "ui/session/connectionprofile.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/reportexporter.h"

#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;
using namespace revisor::ui;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

} // namespace

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

    void timingsFollowTheSteps()
    {
        const QList<StepTiming> timings = stepTimings(m_result);
        QCOMPARE(timings.size(), m_result.allSteps().size());
        const QImage chart = renderTimingChart(m_result, {400, 200}, 2.0);
        QCOMPARE(chart.size(), QSize(800, 400));
        // Not a blank image: the bars and axes draw something darker than the background.
        int dark = 0;
        for (int y = 0; y < chart.height(); y += 4) {
            for (int x = 0; x < chart.width(); x += 4)
                dark += qGray(chart.pixel(x, y)) < 160 ? 1 : 0;
        }
        QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
    }

    void exportsAllFormats()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // REVISOR_KEEP_EXPORT=DIR keeps the files there, to look at them.
        const QString keep = qEnvironmentVariable("REVISOR_KEEP_EXPORT");
        const QString out = keep.isEmpty() ? dir.filePath(QStringLiteral("reports")) : keep;
        auto written = exportReports(m_result, out, exportFormats());
        QVERIFY_RESULT(written);
        QCOMPARE(written->size(), 5);
        for (const QString &path : *written)
            QVERIFY2(QFileInfo(path).size() > 0, qPrintable(path));

        // JSON: the versioned report.
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(readAll(out + QStringLiteral("/report.json")), &error);
        QVERIFY2(!json.isNull(), qPrintable(error.errorString()));
        QCOMPARE(json.object().value(QStringLiteral("format")).toString(), QStringLiteral("revisor-report/1"));

        // JUnit: well-formed, one testcase per check.
        QXmlStreamReader xml(readAll(out + QStringLiteral("/report.junit.xml")));
        int testcases = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("testcase"))
                ++testcases;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(testcases, int(m_result.checks.size()));

        const QByteArray md = readAll(out + QStringLiteral("/report.md"));
        QVERIFY(!md.isEmpty());
        QVERIFY(md.contains("V1.3"));

        // HTML: self-contained, with the chart inline and every section.
        const QString html = QString::fromUtf8(readAll(out + QStringLiteral("/report.html")));
        QVERIFY(html.contains(QStringLiteral("data:image/png;base64,")));
        QVERIFY(html.contains(QStringLiteral("V1.3")));
        QVERIFY(html.contains(QStringLiteral("AccessExclusiveLock")));
        QVERIFY(html.contains(QStringLiteral("idx_project_repository")));
        QVERIFY(html.contains(QStringLiteral("public.code_chunks")));
        static const QRegularExpression external(QStringLiteral("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//|url\\(\\s*[\"']?(https?:)?//|@import"),
                                                 QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = external.match(html);
        QVERIFY2(!m.hasMatch(), qPrintable(m.captured(0)));
        // The embedded chart decodes as a PNG.
        const int start = html.indexOf(QStringLiteral("data:image/png;base64,")) + 22;
        const QByteArray png = QByteArray::fromBase64(html.mid(start, html.indexOf(QLatin1Char('"'), start) - start).toLatin1());
        QImage chart;
        QVERIFY(chart.loadFromData(png, "PNG"));
        QVERIFY(chart.width() >= 720);

        // PDF: a real PDF with at least one page.
        const QByteArray pdf = readAll(out + QStringLiteral("/report.pdf"));
        QVERIFY(pdf.startsWith("%PDF"));
        static const QRegularExpression page(QStringLiteral("/Type\\s*/Page[^s]"));
        const int pages = int(QString::fromLatin1(pdf).count(page));
        qInfo("html %lld bytes, pdf %lld bytes, %d pages", qint64(html.toUtf8().size()), qint64(pdf.size()), pages);
        QVERIFY2(pages >= 1, qPrintable(QString::number(pages)));
    }

    void escapesText()
    {
        RehearsalResult r = m_result;
        r.setName = QStringLiteral("<script>alert(1)</script>");
        r.checks.first().detail = QStringLiteral("a < b & \"c\"");
        const QString html = reportHtml(r, {});
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(html.contains(QStringLiteral("a &lt; b &amp; &quot;c&quot;")));
    }

    void escapesHostileNames()
    {
        // Names from the database can hold markup, terminal escapes, an RTL override and
        // QString::arg placeholders; each shows as text and changes nothing around it.
        const QString hostile = QStringLiteral("q'\"|`x``` <script>alert(1)</script>\nNEWLINE \x1b[31mred ") + QChar(0x202E)
            + QStringLiteral("gnp %1%2");
        RehearsalResult r = m_result;
        r.setName = hostile;
        r.seed = hostile;
        r.checks.first().id = hostile;
        r.checks.first().title = hostile;
        r.checks.first().detail = hostile;
        r.tables.first().table = hostile;
        r.phases.first().name = hostile;
        r.phases.first().steps.first().revision = hostile;
        r.phases.first().steps.first().locks.append({hostile, QStringLiteral("table"), QStringLiteral("AccessExclusiveLock")});
        QVERIFY(!r.upgradeDiff.isEmpty());
        r.upgradeDiff.entries.first().name = hostile;
        const QString html = reportHtml(r, {});
        QVERIFY2(!html.contains(QStringLiteral("<script")), "raw markup in the HTML");
        QVERIFY2(!html.contains(QChar(0x1b)) && !html.contains(QChar(0x202E)), "raw control characters in the HTML");
        QVERIFY(html.contains(QStringLiteral("\\u001B[31mred \\u202Egnp %1%2")));
        QCOMPARE(html.count(QStringLiteral("%1%2")), html.count(QStringLiteral("gnp")));
    }

    void unknownFormatIsRefused()
    {
        QTemporaryDir dir;
        auto written = exportReports(m_result, dir.path(), {QStringLiteral("docx")});
        QVERIFY(!written);
        QVERIFY(written.error().message.contains(QStringLiteral("docx")));
    }

    void dialogExports()
    {
        QTemporaryDir dir;
        ExportDialog dialog(m_result);
        QCOMPARE(dialog.selectedFormats(), exportFormats());
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
