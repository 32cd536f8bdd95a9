#pragma once

#include "rehearsal/scalerun.h"

#include <QImage>

namespace revisor {

/// The scale report's chart, drawn with QPainter (QtGui only, no display needed): upgrade and
/// downgrade time against rows on log-log axes, measured points and the fitted model of each
/// step (dashed, reaching out to `extrapolateRows` when given, where the predictions are
/// circled), and the budget line at `budgetMs` (none when <= 0). Light colours for paper.
/// `size` is in logical pixels; the image has size * devicePixelRatio pixels.
QImage renderScaleChart(const ScaleRun &run, double extrapolateRows = 0, double budgetMs = 0, QSize size = {720, 340},
                        double devicePixelRatio = 2.0);

} // namespace revisor
