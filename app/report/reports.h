#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QByteArray>
#include <QStringList>

namespace revisor {

/// The machine- and review-readable reports, all written from the same result value.
QByteArray jsonReport(const RehearsalResult &result);
QByteArray junitReport(const RehearsalResult &result);
QByteArray markdownReport(const RehearsalResult &result);

/// Every report format, in the order they are offered: json, junit, md, html, pdf.
QStringList reportFormats();

/// Writes report.<ext> for each format (json -> report.json, junit -> report.junit.xml,
/// md -> report.md, html -> report.html, pdf -> report.pdf) into directory (created if
/// missing) and returns the paths written, in the order asked. The window's export and the
/// CLI both call this. html and pdf need a QGuiApplication (fonts), not a display: the CLI
/// runs on the offscreen platform.
Result<QStringList> writeReports(const RehearsalResult &result, const QString &directory, const QStringList &formats);

/// The one-screen summary the CLI prints.
QString summaryText(const RehearsalResult &result);

} // namespace revisor
