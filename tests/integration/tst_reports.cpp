// The reports as files: a real rehearsal of the bundled set on the scratch server, written in
// all five formats by the engine (no widgets); each file parses and shows what the rehearsal
// saw, the HTML is self-contained, the chart is drawn, and text from the database is escaped.
#include "db/session.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "report/reporthtml.h"
#include "report/reports.h"
#include "report/timingimage.h"
#include "resultassert.h"
#include "testserver.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

    RehearsalResult m_result;

private slots:
    void initTestCase()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        auto settings = test::freshDatabase(QStringLiteral("reports"));
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

    void chartFollowsTheSteps()
    {
        const QList<TimingBar> bars = timingBars(m_result);
        QCOMPARE(bars.size(), m_result.allSteps().size());
        QCOMPARE(bars.last().kind, StepResult::Kind::Downgrade);
        QVERIFY(bars.last().label.startsWith(QStringLiteral("↓")));
        const QImage chart = renderTimingChart(m_result, {400, 200}, 2.0);
        QCOMPARE(chart.size(), QSize(800, 400));
        QCOMPARE(chart.devicePixelRatio(), 2.0);
        // Not a blank image: bars in the upgrade's green and the downgrade's red, and the axes.
        int dark = 0, green = 0, red = 0;
        for (int y = 0; y < chart.height(); y += 2) {
            for (int x = 0; x < chart.width(); x += 2) {
                const QColor c = chart.pixelColor(x, y);
                dark += qGray(c.rgb()) < 100 ? 1 : 0;
                green += c == QColor(0x2e, 0x7d, 0x32) ? 1 : 0;
                red += c == QColor(0xc6, 0x28, 0x28) ? 1 : 0;
            }
        }
        QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
        QVERIFY2(green > 20 && red > 20, qPrintable(QStringLiteral("green %1, red %2").arg(green).arg(red)));
    }

    void writesEveryFormat()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // REVISOR_KEEP_EXPORT=DIR keeps the files there, to look at them.
        const QString keep = qEnvironmentVariable("REVISOR_KEEP_EXPORT");
        const QString out = keep.isEmpty() ? dir.filePath(QStringLiteral("reports")) : keep;
        auto written = writeReports(m_result, out, reportFormats());
        QVERIFY_RESULT(written);
        QCOMPARE(written->size(), 6); // json, junit, md, html, pdf, sarif
        for (const QString &path : *written)
            QVERIFY2(QFileInfo(path).size() > 0, qPrintable(path));

        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(readAll(out + QStringLiteral("/report.json")), &error);
        QVERIFY2(!json.isNull(), qPrintable(error.errorString()));
        QCOMPARE(json.object().value(QStringLiteral("format")).toString(), QStringLiteral("revisor-report/1"));

        QXmlStreamReader xml(readAll(out + QStringLiteral("/report.junit.xml")));
        int testcases = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("testcase"))
                ++testcases;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(testcases, int(m_result.checks.size()));
        QVERIFY(readAll(out + QStringLiteral("/report.md")).contains("V1.3"));

        // HTML: self-contained, with the chart inline and every section.
        const QString html = QString::fromUtf8(readAll(out + QStringLiteral("/report.html")));
        for (const char *text : {"data:image/png;base64,", "V1.3", "AccessExclusiveLock", "idx_project_repository", "public.code_chunks"})
            QVERIFY2(html.contains(QLatin1String(text)), text);
        static const QRegularExpression external(QStringLiteral("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//|url\\(\\s*[\"']?(https?:)?//|@import"),
                                                 QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = external.match(html);
        QVERIFY2(!m.hasMatch(), qPrintable(m.captured(0)));
        const int start = html.indexOf(QStringLiteral("data:image/png;base64,")) + 22;
        const QByteArray png = QByteArray::fromBase64(html.mid(start, html.indexOf(QLatin1Char('"'), start) - start).toLatin1());
        QImage chart;
        QVERIFY(chart.loadFromData(png, "PNG"));
        QVERIFY(chart.width() >= 720);

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
        auto written = writeReports(m_result, dir.filePath(QStringLiteral("out")), {QStringLiteral("json"), QStringLiteral("docx")});
        QVERIFY(!written);
        QVERIFY(written.error().message.contains(QStringLiteral("docx")));
        QVERIFY2(!QFileInfo::exists(dir.filePath(QStringLiteral("out"))), "nothing is written when a format is unknown");
    }
};

QTEST_MAIN(TestReports)
#include "tst_reports.moc"
