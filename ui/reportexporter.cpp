#include "reportexporter.h"

#include "report/reports.h"
#include "ui/panels/timingpanel.h"

#include <qcustomplot.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace revisor::ui {

namespace {

const QString ChartResource = QStringLiteral("revisor-report://timing.png");

// Reports are read on white paper: the chart gets a light palette even in a dark window.
QPalette reportPalette()
{
    QPalette p(QColor(0xef, 0xf0, 0xf2), QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::WindowText, QColor(0x1d, 0x1f, 0x23));
    p.setColor(QPalette::Text, QColor(0x1d, 0x1f, 0x23));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Mid, QColor(0xc4, 0xc8, 0xce));
    return p;
}

QByteArray pngOf(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

Status writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        return fail(Error::input(path, 0, QObject::tr("cannot write: %1").arg(f.errorString())));
    return {};
}

} // namespace

QStringList exportFormats()
{
    return engineReportFormats() + QStringList{QStringLiteral("html"), QStringLiteral("pdf")};
}

QList<StepTiming> stepTimings(const RehearsalResult &result)
{
    QList<StepTiming> timings;
    for (const StepResult &s : result.allSteps())
        timings << TimingPanel::timingOf(s);
    return timings;
}

QImage renderTimingChart(const RehearsalResult &result, QSize size, double devicePixelRatio)
{
    // Never shown: QCustomPlot draws into its own buffer, so this works offscreen too.
    QCustomPlot plot;
    plot.setPalette(reportPalette());
    plot.resize(size);
    QFont font = plot.font();
    font.setPointSizeF(9);
    plot.setFont(font);
    plot.xAxis->setTickLabelFont(font);
    plot.yAxis->setTickLabelFont(font);
    plot.xAxis->setLabelFont(font);
    plot.yAxis->setLabelFont(font);
    plot.legend->setFont(font);
    buildStepTimingChart(&plot, stepTimings(result));
    const QPixmap pixmap = plot.toPixmap(size.width(), size.height(), devicePixelRatio);
    QImage image = pixmap.toImage();
    image.setDevicePixelRatio(1.0);
    return image;
}

QByteArray htmlReport(const RehearsalResult &result)
{
    const QByteArray png = pngOf(renderTimingChart(result));
    const QString uri = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
    return reportHtml(result, uri).toUtf8();
}

Status writePdfReport(const RehearsalResult &result, const QString &path)
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setTitle(QObject::tr("Revisor rehearsal: %1").arg(result.setName));
    writer.setCreator(QStringLiteral("Revisor"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter));

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(8.5);
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);
    QImage chart = renderTimingChart(result, {720, 320}, 3.0);
    chart.setDevicePixelRatio(3.0);
    doc.addResource(QTextDocument::ImageResource, QUrl(ChartResource), chart);
    doc.setHtml(reportHtml(result, ChartResource, ReportMedium::Print));

    const QRectF paint = writer.pageLayout().paintRectPixels(writer.resolution());
    const qreal footer = writer.resolution() * 0.25; // a quarter inch for the page number
    const QSizeF page(paint.width(), paint.height() - footer);
    doc.setPageSize(page);
    const int pages = doc.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return fail(Error::input(path, 0, QObject::tr("cannot write the PDF")));
    QFont footerFont(font);
    footerFont.setPointSizeF(7.5);
    for (int i = 0; i < pages; ++i) {
        if (i > 0)
            writer.newPage();
        painter.save();
        painter.translate(0, -i * page.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, i * page.height(), page.width(), page.height());
        context.palette.setColor(QPalette::Text, Qt::black);
        painter.setClipRect(context.clip);
        doc.documentLayout()->draw(&painter, context);
        painter.restore();
        painter.setFont(footerFont);
        painter.setPen(QColor(0x5f, 0x66, 0x70));
        const QRectF footerRect(0, page.height(), page.width(), footer);
        painter.drawText(footerRect, Qt::AlignLeft | Qt::AlignBottom,
                         QObject::tr("Revisor rehearsal of %1 — %2").arg(result.setName, result.passed() ? QObject::tr("PASS") : QObject::tr("FAIL")));
        painter.drawText(footerRect, Qt::AlignRight | Qt::AlignBottom, QObject::tr("page %1 of %2").arg(i + 1).arg(pages));
    }
    if (!painter.end())
        return fail(Error::input(path, 0, QObject::tr("cannot write the PDF")));
    if (QFileInfo(path).size() == 0)
        return fail(Error::input(path, 0, QObject::tr("the PDF is empty")));
    return {};
}

Result<QStringList> exportReports(const RehearsalResult &result, const QString &directory, const QStringList &formats)
{
    const QStringList known = exportFormats();
    for (const QString &format : formats) {
        if (!known.contains(format))
            return fail(Error::usage(QObject::tr("unknown report format '%1' (known: %2)").arg(format, known.join(QStringLiteral(", ")))));
    }
    if (!QDir().mkpath(directory))
        return fail(Error::input(directory, 0, QObject::tr("cannot create the report directory")));
    const QDir dir(directory);
    QStringList written;
    for (const QString &format : formats) {
        if (engineReportFormats().contains(format)) {
            auto paths = writeReports(result, directory, {format});
            if (!paths)
                return fail(paths.error());
            written << *paths;
        } else if (format == QLatin1String("html")) {
            const QString path = dir.filePath(QStringLiteral("report.html"));
            if (Status s = writeFile(path, htmlReport(result)); !s)
                return fail(s.error());
            written << path;
        } else {
            const QString path = dir.filePath(QStringLiteral("report.pdf"));
            if (Status s = writePdfReport(result, path); !s)
                return fail(s.error());
            written << path;
        }
    }
    return written;
}

} // namespace revisor::ui
