#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QByteArray>
#include <QString>

namespace revisor {

/// Where the report HTML is rendered: a browser (Screen), or Qt's rich text for the PDF (Print),
/// which gets a stylesheet without the page-centring rules it would misread.
enum class ReportMedium { Screen, Print };

/// The review report as one HTML page: header (what it describes), verdict and what failed,
/// timing (chart and steps), checks, both schema diffs with the statements behind the
/// rollback's differences, row counts and locks per step. `chartSource` is the <img src> of the
/// chart (a data: URI for the self-contained file, a resource name for the PDF); empty leaves
/// the chart out. All text from the result is escaped.
QString reportHtml(const RehearsalResult &result, const QString &chartSource, ReportMedium medium = ReportMedium::Screen);

/// The self-contained HTML file: inline CSS, the chart embedded as a base64 PNG. Needs a
/// QGuiApplication (fonts for the chart).
QByteArray htmlReport(const RehearsalResult &result);

} // namespace revisor
