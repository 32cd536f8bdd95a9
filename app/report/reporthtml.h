#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QByteArray>
#include <QImage>
#include <QString>

namespace revisor {

/// Where the report HTML is rendered: a browser (Screen), or Qt's rich text for the PDF (Print),
/// which gets a stylesheet without the page-centring rules it would misread.
enum class ReportMedium { Screen, Print };

/// Choices a reader of the HTML and PDF reports can make.
struct ReportOptions
{
    bool allLocks = false;  ///< locks of every step, not only the round trip's (upgrade, downgrade)
};

/// The review report as one HTML page: header (what it describes), verdict and what failed,
/// timing (chart and steps), checks, both schema diffs with the statements behind the
/// rollback's differences, row counts and locks per step. `chartSource` is the <img src> of the
/// chart (a data: URI for the self-contained file, a resource name for the PDF); empty leaves
/// the chart out. All text from the result is escaped.
QString reportHtml(const RehearsalResult &result, const QString &chartSource, ReportMedium medium = ReportMedium::Screen,
                   const ReportOptions &options = {});

/// The reports' stylesheet for `medium` (inline in every HTML report).
QString reportStylesheet(ReportMedium medium);

/// An image as a data: URI (PNG, base64) for a self-contained HTML file.
QString pngDataUri(const QImage &image);

/// The self-contained HTML file: inline CSS, the chart embedded as a base64 PNG. Needs a
/// QGuiApplication (fonts for the chart).
QByteArray htmlReport(const RehearsalResult &result, const ReportOptions &options = {});

} // namespace revisor
