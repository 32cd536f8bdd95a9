#pragma once

#include "rehearsal/rehearsalresult.h"
#include "ui/widgets/timingchart.h"

#include <QByteArray>
#include <QImage>
#include <QStringList>

namespace revisor::ui {

/// Every report format the window can export: the engine's json, junit and md, plus html and
/// pdf, which need the timing chart and so are written here, in the ui layer.
QStringList exportFormats();

/// The bars of the step timing chart for a result's steps (baseline, seed, upgrade, downgrade).
QList<StepTiming> stepTimings(const RehearsalResult &result);

/// The step timing chart drawn offscreen with buildStepTimingChart, in light colours whatever
/// the window's theme (reports are printed). `size` is in logical pixels; the image has
/// size * devicePixelRatio pixels.
QImage renderTimingChart(const RehearsalResult &result, QSize size = {720, 320}, double devicePixelRatio = 2.0);

/// Where the report HTML is rendered: a browser (Screen), or Qt's rich text for the PDF (Print),
/// which gets a stylesheet without the page-centring rules it would misread.
enum class ReportMedium { Screen, Print };

/// The review report as one HTML page: summary, checks, timing (chart and steps), both schema
/// diffs, row counts and locks per step. `chartSource` is the <img src> of the chart (a data:
/// URI for the self-contained file, a resource name for the PDF); empty leaves the chart out.
/// All text from the result is escaped.
QString reportHtml(const RehearsalResult &result, const QString &chartSource, ReportMedium medium = ReportMedium::Screen);

/// The self-contained HTML file: inline CSS, the chart embedded as a base64 PNG.
QByteArray htmlReport(const RehearsalResult &result);

/// The same content as a PDF (A4, paginated, page numbers in the footer).
Status writePdfReport(const RehearsalResult &result, const QString &path);

/// Writes report.<ext> for each format (json -> report.json, junit -> report.junit.xml,
/// md -> report.md, html -> report.html, pdf -> report.pdf) into directory (created if
/// missing) and returns the paths written, in the order asked. Needs a QGuiApplication for
/// html and pdf.
Result<QStringList> exportReports(const RehearsalResult &result, const QString &directory, const QStringList &formats);

} // namespace revisor::ui
