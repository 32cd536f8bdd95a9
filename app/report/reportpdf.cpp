// The PDF report: the print variant of the report HTML, laid out by QTextDocument on A4 pages
// and written by QPdfWriter. Both are QtGui: no widget, no display.
#include "reportpdf.h"

#include "report/reporthtml.h"
#include "report/timingimage.h"

#include <QAbstractTextDocumentLayout>
#include <QFileInfo>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace revisor {

namespace {

const QString ChartResource = QStringLiteral("revisor-report://timing.png");

// Where QTextDocument's pagination reads badly: a table row cut in two by a page break (the
// layout only moves a row whose first line does not fit), or a section heading at the foot of
// a page with its content on the next. Counted in document order: the n-th table, its r-th
// row (the header row is 0), or the n-th <h2>.
struct BreakFix
{
    enum class Kind { None, Row, Heading } kind = Kind::None;
    int index = 0;
    int row = 0;
};

QRectF rectOf(QAbstractTextDocumentLayout *layout, const QTextBlock &block)
{
    return layout->blockBoundingRect(block);
}

BreakFix firstBadBreak(QTextDocument &doc, qreal pageHeight)
{
    QAbstractTextDocumentLayout *layout = doc.documentLayout();
    const auto pageOf = [pageHeight](qreal y) { return int(y / pageHeight); };
    int table = 0, heading = 0;
    for (QTextFrame::iterator it = doc.rootFrame()->begin(); !it.atEnd(); ++it) {
        if (auto *t = qobject_cast<QTextTable *>(it.currentFrame())) {
            for (int r = 1; r < t->rows(); ++r) {
                qreal top = 1e12, bottom = 0;
                for (int c = 0; c < t->columns(); ++c) {
                    const QTextTableCell cell = t->cellAt(r, c);
                    if (!cell.isValid())
                        continue;
                    top = std::min(top, rectOf(layout, cell.firstCursorPosition().block()).top());
                    bottom = std::max(bottom, rectOf(layout, cell.lastCursorPosition().block()).bottom());
                }
                // A row taller than a page has to be cut somewhere.
                if (bottom > top && bottom - top < pageHeight * 0.8 && pageOf(top) != pageOf(bottom - 0.5))
                    return {BreakFix::Kind::Row, table, r};
            }
            ++table;
            continue;
        }
        const QTextBlock block = it.currentBlock();
        if (block.isValid() && block.blockFormat().headingLevel() == 2) {
            // Keep a heading with at least four of its lines (or the start of its table), and
            // with the whole first line of the paragraph after it: a chart is one line as tall
            // as the image, which the layout moves to the next page whole, leaving the heading
            // alone at the foot of this one.
            const QRectF r = rectOf(layout, block);
            if (pageOf(r.top()) != pageOf(r.bottom() + 4 * r.height()))
                return {BreakFix::Kind::Heading, heading, 0};
            QTextFrame::iterator next = it;
            ++next;
            const QTextBlock following = next.atEnd() ? QTextBlock() : next.currentBlock();
            if (following.isValid() && following.layout() && following.layout()->lineCount() > 0) {
                const QTextLine first = following.layout()->lineAt(0);
                const qreal bottom = rectOf(layout, following).top() + first.rect().bottom();
                if (first.height() < pageHeight * 0.8 && pageOf(r.top()) != pageOf(bottom - 0.5))
                    return {BreakFix::Kind::Heading, heading, 0};
            }
            ++heading;
        }
    }
    return {};
}

// Index of the n-th occurrence of `tag` at or after `from`, or -1.
qsizetype nth(const QString &html, const QString &tag, int n, qsizetype from = 0)
{
    qsizetype at = from - 1;
    for (int i = 0; i <= n; ++i) {
        at = html.indexOf(tag, at + 1);
        if (at < 0)
            return -1;
    }
    return at;
}

// The HTML with the bad break fixed: the table split before the row, its second part on a new
// page with the header row again; or the heading on a new page. False when it cannot be found.
bool applyFix(QString &html, const BreakFix &fix)
{
    if (fix.kind == BreakFix::Kind::Heading) {
        const qsizetype at = nth(html, QStringLiteral("<h2>"), fix.index);
        if (at < 0)
            return false;
        html.replace(at, 4, QStringLiteral("<h2 style=\"page-break-before: always\">"));
        return true;
    }
    const qsizetype tableAt = nth(html, QStringLiteral("<table"), fix.index);
    if (tableAt < 0)
        return false;
    const qsizetype tagEnd = html.indexOf(QLatin1Char('>'), tableAt);
    const qsizetype rowAt = nth(html, QStringLiteral("<tr"), fix.row, tableAt);
    const qsizetype tableEnd = html.indexOf(QStringLiteral("</table>"), tableAt);
    if (tagEnd < 0 || rowAt < 0 || tableEnd < 0 || rowAt > tableEnd)
        return false;
    const QString open = html.mid(tableAt, tagEnd - tableAt).replace(QStringLiteral("<table"), QStringLiteral("<table style=\"page-break-before: always\""));
    QString header;
    const qsizetype theadAt = html.indexOf(QStringLiteral("<thead>"), tableAt);
    if (theadAt >= 0 && theadAt < rowAt) {
        const qsizetype theadEnd = html.indexOf(QStringLiteral("</thead>"), theadAt);
        header = html.mid(theadAt, theadEnd + 8 - theadAt);
    }
    html.insert(rowAt, QStringLiteral("</table>\n") + open + QStringLiteral(">\n") + header);
    return true;
}

} // namespace

Status writePdfReport(const RehearsalResult &result, const QString &path, const ReportOptions &options)
{
    return writeHtmlPdf(reportHtml(result, ChartResource, ReportMedium::Print, options),
                        {{ChartResource, renderTimingChart(result, {720, 300}, 3.0)}},
                        QObject::tr("Revisor rehearsal: %1").arg(result.setName),
                        QObject::tr("Revisor rehearsal of %1 — %2").arg(result.setName, result.passed() ? QObject::tr("PASS") : QObject::tr("FAIL")),
                        path);
}

Status writeHtmlPdf(const QString &source, const QMap<QString, QImage> &images, const QString &title, const QString &footerText,
                    const QString &path)
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Revisor"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter));

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(8.5);
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);
    for (auto it = images.cbegin(); it != images.cend(); ++it)
        doc.addResource(QTextDocument::ImageResource, QUrl(it.key()), it.value());
    const QRectF paint = writer.pageLayout().paintRectPixels(writer.resolution());
    const qreal footer = writer.resolution() * 0.25; // a quarter inch for the page number
    const QSizeF page(paint.width(), paint.height() - footer);
    // Lay out, fix the first bad break, lay out again: each fix moves what follows it, so
    // they are found one at a time (a few dozen passes at most for a long report).
    QString html = source;
    for (int pass = 0; pass < 200; ++pass) {
        doc.setHtml(html);
        doc.setPageSize(page);
        const BreakFix fix = firstBadBreak(doc, page.height());
        if (fix.kind == BreakFix::Kind::None || !applyFix(html, fix))
            break;
    }
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
        painter.drawText(footerRect, Qt::AlignLeft | Qt::AlignBottom, footerText);
        painter.drawText(footerRect, Qt::AlignRight | Qt::AlignBottom, QObject::tr("page %1 of %2").arg(i + 1).arg(pages));
    }
    if (!painter.end())
        return fail(Error::input(path, 0, QObject::tr("cannot write the PDF")));
    if (QFileInfo(path).size() == 0)
        return fail(Error::input(path, 0, QObject::tr("the PDF is empty")));
    return {};
}

} // namespace revisor
