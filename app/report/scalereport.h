#pragma once

#include "rehearsal/scalerun.h"

#include <QByteArray>

namespace revisor {

/// The scale run for people: volumes and times, the fitted step models, the statements whose
/// time grows with the rows, and the extrapolation to `extrapolateRows` (none when <= 0).
QByteArray scaleMarkdown(const ScaleRun &run, double extrapolateRows);

/// The plain-text version the CLI prints.
QString scaleSummary(const ScaleRun &run, double extrapolateRows);

} // namespace revisor
