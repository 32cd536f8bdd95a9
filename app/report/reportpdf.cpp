// The PDF report: the print variant of the report HTML, laid out by QTextDocument on A4 pages
// and written by QPdfWriter. Both are QtGui: no widget, no display.
#include "reportpdf.h"

#include "report/reporthtml.h"
#include "report/timingimage.h"

#include <QAbstractTextDocumentLayout>
#include <QFileInfo>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace revisor {

namespace {

const QString ChartResource = QStringLiteral("revisor-report://timing.png");

} // namespace

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
    doc.addResource(QTextDocument::ImageResource, QUrl(ChartResource), renderTimingChart(result, {720, 300}, 3.0));
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

} // namespace revisor
