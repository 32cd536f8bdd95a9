#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QByteArray>
#include <QStringList>

namespace revisor {

/// The machine- and review-readable reports, all written from the same result value.
QByteArray jsonReport(const RehearsalResult &result);
QByteArray junitReport(const RehearsalResult &result);
QByteArray markdownReport(const RehearsalResult &result);

/// Formats the engine can write without a GUI (html and pdf come from the window's exporter).
QStringList engineReportFormats();

/// Writes report.<ext> for each format into directory (created if missing); returns the paths.
Result<QStringList> writeReports(const RehearsalResult &result, const QString &directory, const QStringList &formats);

/// The one-screen summary the CLI prints.
QString summaryText(const RehearsalResult &result);

} // namespace revisor
