#pragma once

#include "report/reporthtml.h"

namespace revisor {

/// The report as a PDF (A4, paginated, page numbers in the footer), laid out by QTextDocument
/// from the same HTML as the browser file: the verdict and the failing checks on page 1, no
/// table row cut by a page break, no heading left at the foot of a page. Needs a
/// QGuiApplication (fonts), not a display.
Status writePdfReport(const RehearsalResult &result, const QString &path, const ReportOptions &options = {});

} // namespace revisor
