#pragma once

#include "rehearsal/scalerun.h"
#include "report/reporthtml.h"

#include <QByteArray>

namespace revisor {

/// The scale run for people: volumes and times, the fitted step models, the statements whose
/// time grows with the rows, and the extrapolation to `extrapolateRows` (none when <= 0).
QByteArray scaleMarkdown(const ScaleRun &run, double extrapolateRows);

/// The same as one HTML page with the chart (renderScaleChart()) above the tables;
/// `chartSource` is the chart's <img src>. All text from the run is escaped.
QString scaleHtml(const ScaleRun &run, double extrapolateRows, const QString &chartSource, ReportMedium medium = ReportMedium::Screen);
/// The self-contained HTML file: inline CSS, the chart embedded as a base64 PNG.
QByteArray htmlScaleReport(const ScaleRun &run, double extrapolateRows);
/// The PDF (A4, paginated like the rehearsal report).
Status writeScalePdf(const ScaleRun &run, double extrapolateRows, const QString &path);

/// The plain-text version the CLI prints.
QString scaleSummary(const ScaleRun &run, double extrapolateRows);

} // namespace revisor
