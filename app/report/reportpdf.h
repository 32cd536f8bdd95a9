#pragma once

#include "report/reporthtml.h"

#include <QImage>
#include <QMap>

namespace revisor {

/// The report as a PDF (A4, paginated, page numbers in the footer), laid out by QTextDocument
/// from the same HTML as the browser file: the verdict and the failing checks on page 1, no
/// table row cut by a page break, no heading left at the foot of a page. Needs a
/// QGuiApplication (fonts), not a display.
Status writePdfReport(const RehearsalResult &result, const QString &path, const ReportOptions &options = {});

/// Any report HTML (ReportMedium::Print) as such a PDF: `images` are the resources its <img>
/// tags name, `title` the document's title, `footer` the text left of each page number.
Status writeHtmlPdf(const QString &html, const QMap<QString, QImage> &images, const QString &title, const QString &footer,
                    const QString &path);

} // namespace revisor
