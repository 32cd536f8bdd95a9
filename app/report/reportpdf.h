#pragma once

#include "rehearsal/rehearsalresult.h"

namespace revisor {

/// The report as a PDF (A4, paginated, page numbers in the footer), laid out by QTextDocument
/// from the same HTML as the browser file. Needs a QGuiApplication (fonts), not a display.
Status writePdfReport(const RehearsalResult &result, const QString &path);

} // namespace revisor
