// The reports as files: a real rehearsal of the bundled set on the scratch server, written in
// all five formats by the engine (no widgets); each file parses and shows what the rehearsal
// saw, the HTML is self-contained, the chart is drawn, and text from the database is escaped.
#include "brokencopy.h"
#include "report/reporthtml.h"
#include "report/reportpdf.h"
#include "report/reports.h"
#include "report/timingsections.h"
#include "report/timingimage.h"
#include "resultassert.h"
#include "testserver.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

// The text of each page of a PDF, as pdftotext reads it.
QStringList pdfPages(const QString &path)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!pdftotext.waitForFinished(60000) || pdftotext.exitCode() != 0)
        qFatal("pdftotext (poppler-utils) cannot read %s", qPrintable(path));
    // NFKC: the PDF's typographic ligatures ("ﬁ") read back as their letters.
    QStringList pages = QString::fromUtf8(pdftotext.readAllStandardOutput()).normalized(QString::NormalizationForm_KC).split(QLatin1Char('\f'));
    if (!pages.isEmpty() && pages.last().trimmed().isEmpty())
        pages.removeLast();
    return pages;
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

    RehearsalResult m_result;

private slots:
    void initTestCase()
    {
        m_result = test::rehearseSet(test::bundledSet(), QStringLiteral("reports"));
        QVERIFY(!m_result.checks.isEmpty());
        QVERIFY(!m_result.allSteps().isEmpty());
    }

    void chartFollowsTheSteps()
    {
        const QList<TimingBar> bars = timingBars(m_result);
        const auto count = [&bars](TimingBar::Kind kind) {
            return std::count_if(bars.cbegin(), bars.cend(), [kind](const TimingBar &b) { return b.kind == kind; });
        };
        // Every step, every capture and every probe that ran is a bar of its own.
        const qsizetype probes = (m_result.downgradeProbe.ran ? 1 : 0) + (m_result.reupgradeProbe.ran ? 1 : 0);
        QCOMPARE(m_result.captures.size(), 3);
        QVERIFY(m_result.downgradeProbe.ran);
        QCOMPARE(bars.size(), m_result.allSteps().size() + m_result.captures.size() + probes);
        QCOMPARE(count(TimingBar::Kind::Capture), m_result.captures.size());
        QCOMPARE(count(TimingBar::Kind::Probe), probes);
        // In the order they ran: the baseline's capture before the first upgrade of the round
        // trip, the upgraded point's before the downgrade, the rolled-back one's after it, then
        // the probes.
        QStringList order;
        for (const TimingBar &b : bars)
            order << b.label;
        const qsizetype baseline = order.indexOf(QStringLiteral("capture baseline"));
        const qsizetype upgraded = order.indexOf(QStringLiteral("capture upgraded"));
        const qsizetype rolledBack = order.indexOf(QStringLiteral("capture rolled back"));
        QVERIFY2(baseline > 0 && upgraded > baseline && rolledBack > upgraded, qPrintable(order.join(QLatin1Char(' '))));
        qsizetype lastUp = upgraded - 1;
        while (lastUp > 0 && bars.at(lastUp).kind != TimingBar::Kind::Upgrade)
            --lastUp;
        QCOMPARE(bars.at(lastUp).label, QStringLiteral("↑%1").arg(m_result.targetRevision.id()));
        QCOMPARE(bars.at(upgraded + 1).kind, TimingBar::Kind::Downgrade);
        QCOMPARE(bars.at(rolledBack - 1).kind, TimingBar::Kind::Downgrade);
        QCOMPARE(bars.last().kind, TimingBar::Kind::Probe);
        QCOMPARE(bars.at(rolledBack).durationMs, m_result.captures.last().ms);

        const QImage chart = renderTimingChart(m_result, {720, 300}, 2.0);
        QCOMPARE(chart.size(), QSize(1440, 600));
        QCOMPARE(chart.devicePixelRatio(), 2.0);
        // Not a blank image: bars in each kind's colour, and the axes.
        int dark = 0;
        QMap<TimingBar::Kind, int> pixels;
        for (int y = 0; y < chart.height(); y += 2) {
            for (int x = 0; x < chart.width(); x += 2) {
                const QColor c = chart.pixelColor(x, y);
                dark += qGray(c.rgb()) < 100 ? 1 : 0;
                for (TimingBar::Kind kind : {TimingBar::Kind::Upgrade, TimingBar::Kind::Downgrade, TimingBar::Kind::Capture, TimingBar::Kind::Probe})
                    pixels[kind] += c == timingBarColor(kind) ? 1 : 0;
            }
        }
        QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
        for (auto it = pixels.cbegin(); it != pixels.cend(); ++it)
            QVERIFY2(it.value() > 20, qPrintable(QStringLiteral("kind %1: %2 pixels").arg(int(it.key())).arg(it.value())));
        // Captures and probes are muted beside the steps: the eye goes to the migration first.
        QVERIFY(timingBarColor(TimingBar::Kind::Capture).hsvSaturation() < timingBarColor(TimingBar::Kind::Upgrade).hsvSaturation() / 2);
        QVERIFY(timingBarColor(TimingBar::Kind::Probe).hsvSaturation() < timingBarColor(TimingBar::Kind::Downgrade).hsvSaturation() / 2);
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
        QCOMPARE(written->size(), reportFormats().size());
        for (const QString &path : *written)
            QVERIFY2(QFileInfo(path).size() > 0, qPrintable(path));

        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(readAll(out + QStringLiteral("/report.json")), &error);
        QVERIFY2(!json.isNull(), qPrintable(error.errorString()));
        QCOMPARE(json.object().value(QStringLiteral("format")).toString(), QStringLiteral("revisor-report/1"));
        // Each step lists its slowest statements with their share of the step, slowest first.
        int listed = 0;
        for (const QJsonValue &v : json.object().value(QStringLiteral("steps")).toArray()) {
            const QJsonObject step = v.toObject();
            const QJsonArray statements = step.value(QStringLiteral("statements")).toArray();
            const QJsonArray slowest = step.value(QStringLiteral("slowest_statements")).toArray();
            QCOMPARE(slowest.size(), std::min<qsizetype>(5, statements.size()));
            double previous = 1e300;
            for (const QJsonValue &sv : slowest) {
                const QJsonObject s = sv.toObject();
                const QJsonObject statement = statements.at(s.value(QStringLiteral("statement")).toInt()).toObject();
                QCOMPARE(s.value(QStringLiteral("duration_ms")).toDouble(), statement.value(QStringLiteral("duration_ms")).toDouble());
                QVERIFY(s.value(QStringLiteral("duration_ms")).toDouble() <= previous);
                previous = s.value(QStringLiteral("duration_ms")).toDouble();
                const double stepMs = step.value(QStringLiteral("duration_ms")).toDouble();
                QVERIFY(qAbs(s.value(QStringLiteral("share_of_step")).toDouble() - (stepMs > 0 ? 100.0 * previous / stepMs : 0)) < 1e-9);
                ++listed;
            }
        }
        QVERIFY(listed > 5);

        QXmlStreamReader xml(readAll(out + QStringLiteral("/report.junit.xml")));
        int testcases = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("testcase"))
                ++testcases;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(testcases, int(m_result.checks.size()));
        const QString junit = QString::fromUtf8(readAll(out + QStringLiteral("/report.junit.xml")));
        QVERIFY(junit.contains(QStringLiteral("Slowest statements of each step")));
        QVERIFY(junit.contains(QStringLiteral("upgrade %1: ").arg(m_result.targetRevision.id())));
        QVERIFY(junit.contains(QStringLiteral("% of the step")));
        const QByteArray md = readAll(out + QStringLiteral("/report.md"));
        QVERIFY(md.contains("V1.3"));
        // The Markdown has no chart: the captures and probes are listed with their time.
        for (const char *text : {"| capture | baseline ", "| capture | rolled back ", "| probe | further downgrade ", "## Slowest statements"})
            QVERIFY2(md.contains(text), text);

        // HTML: self-contained, with the chart inline and every section.
        const QString html = QString::fromUtf8(readAll(out + QStringLiteral("/report.html")));
        for (const char *text : {"data:image/png;base64,", "V1.3", "AccessExclusiveLock", "idx_project_repository", "public.code_chunks",
                                 "Captures, the inspector's own work", "rolled back"})
            QVERIFY2(html.contains(QLatin1String(text)), text);
        // Its slowest statements cover the same steps as the other formats', baseline included.
        const QString slowestHtml = html.mid(html.indexOf(QStringLiteral("<h2>Slowest statements</h2>")));
        for (const SlowStatementRow &row : slowestStatementRows(m_result))
            QVERIFY2(slowestHtml.contains(QStringLiteral("<td>%1</td>").arg(row.step)), qPrintable(row.step));
        QVERIFY(slowestHtml.contains(QStringLiteral("<td>upgrade 001</td>")));
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

    // The PDF reads like a report: page 1 has the verdict and every failing check, no check id
    // is broken across lines, no check's row is cut by a page break, and the locks are the
    // round trip's unless all are asked for. Read back with pdftotext (poppler-utils).
    void pdfReadsLikeAReport()
    {
        RehearsalResult r = m_result;
        // Three failures among the last checks, as a broken rollback would give.
        QStringList failing;
        for (qsizetype i = r.checks.size() - 3; i < r.checks.size(); ++i) {
            r.checks[i].status = CheckResult::Status::Fail;
            failing << r.checks.at(i).id;
        }
        sortFailingFirst(r.checks);
        QTemporaryDir dir;
        const QString keep = qEnvironmentVariable("REVISOR_KEEP_EXPORT");
        auto written = writeReports(r, keep.isEmpty() ? dir.path() : keep + QStringLiteral("/failing"), {QStringLiteral("pdf")});
        QVERIFY_RESULT(written);
        const QStringList pages = pdfPages(written->first());
        QVERIFY2(pages.size() >= 3, qPrintable(QString::number(pages.size())));
        const QString first = pages.first();
        QVERIFY2(first.contains(r.headline().left(40)), qPrintable(first.left(1500)));
        QVERIFY(r.headline().startsWith(QStringLiteral("FAIL: 3 of ")));
        for (const QString &id : failing)
            QVERIFY2(first.contains(id), qPrintable(id + QStringLiteral(" not on page 1:\n") + first.left(3000)));
        for (const char *field : {"Set", "Database", "Baseline", "Target", "When", "Rollback budget", "Scenario budget"})
            QVERIFY2(first.contains(QLatin1String(field)), field);

        const QString all = pages.join(QLatin1Char('\n'));
        for (const CheckResult &c : r.checks) {
            // Whole ids: a broken one would show as two fragments on separate lines.
            QVERIFY2(all.contains(c.id), qPrintable(c.id));
            // One page holds the row: its id and the last word of its title.
            const QString lastWord = c.title.split(QLatin1Char(' '), Qt::SkipEmptyParts).last();
            int idPage = -1;
            for (int p = 0; p < pages.size() && idPage < 0; ++p) {
                if (pages.at(p).contains(c.id))
                    idPage = p;
            }
            QVERIFY2(pages.at(idPage).contains(lastWord),
                     qPrintable(QStringLiteral("the row of %1 is cut: '%2' not on page %3").arg(c.id, lastWord).arg(idPage + 1)));
        }
        // Locks: the round trip's steps by default, every step when asked.
        QVERIFY(all.contains(QStringLiteral("Locks per step of the round trip")));
        QVERIFY(!all.contains(QStringLiteral("Locks per step\n")));
        ReportOptions everything;
        everything.allLocks = true;
        const QString html = reportHtml(r, {}, ReportMedium::Print, everything);
        QVERIFY(html.contains(QStringLiteral("<h2>Locks per step</h2>")));
        QVERIFY(reportHtml(r, {}, ReportMedium::Print).contains(QStringLiteral("<h2>Locks per step of the round trip</h2>")));
    }

    // A section heading followed by a chart (one line as tall as the image) is never left at
    // the foot of a page while its chart starts the next: the heading is pushed down a line
    // at a time by filler paragraphs, through a whole page, and must always share a page with
    // the caption right under the chart.
    void headingStaysWithItsChart()
    {
        QImage chart(720, 300, QImage::Format_RGB32);
        chart.fill(Qt::darkCyan);
        const QString resource = QStringLiteral("revisor-report://chart.png");
        QTemporaryDir dir;
        int keptTogether = 0;
        for (int filler = 40; filler < 110; filler += 3) {
            QString html = QStringLiteral("<html><body><h2>Start</h2>");
            for (int i = 0; i < filler; ++i)
                html += QStringLiteral("<p>filler line %1</p>").arg(i);
            html += QStringLiteral("<h2>Timing</h2><p><img src=\"%1\" width=\"640\"></p><p>caption under the chart</p></body></html>").arg(resource);
            const QString path = dir.filePath(QStringLiteral("chart-%1.pdf").arg(filler));
            QVERIFY_RESULT(writeHtmlPdf(html, {{resource, chart}}, QStringLiteral("t"), QStringLiteral("f"), path));
            const QStringList pages = pdfPages(path);
            int headingPage = -1, captionPage = -1;
            for (int p = 0; p < pages.size(); ++p) {
                if (pages.at(p).contains(QStringLiteral("Timing")))
                    headingPage = p;
                if (pages.at(p).contains(QStringLiteral("caption under the chart")))
                    captionPage = p;
            }
            QVERIFY2(headingPage >= 0 && headingPage == captionPage,
                     qPrintable(QStringLiteral("%1 filler lines: the heading on page %2, its chart's caption on page %3")
                                    .arg(filler).arg(headingPage + 1).arg(captionPage + 1)));
            keptTogether += headingPage > 0 ? 1 : 0;
        }
        // Some of these layouts did put the heading on a later page.
        QVERIFY(keptTogether > 0);
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
