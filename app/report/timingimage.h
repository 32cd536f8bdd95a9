#pragma once

#include "rehearsal/rehearsalresult.h"
#include "report/timingbars.h"

#include <QImage>

namespace revisor {

/// The report's timing chart, drawn with QPainter on an image (QtGui only, no display
/// needed): one bar per step, capture and probe (timingBars(), captures and probes in muted
/// colours) on a logarithmic millisecond axis, so that 20 ms steps and the rollback budget (a
/// dashed line at result.budgets.rollbackMs) are both readable, with a legend of the kinds
/// shown. Light colours: reports are read on white paper. `size` is in logical pixels; the
/// image has size * devicePixelRatio pixels and says so (QImage::devicePixelRatio), so that a
/// painter or a QTextDocument draws it at `size`.
QImage renderTimingChart(const RehearsalResult &result, QSize size = {720, 300}, double devicePixelRatio = 2.0);

} // namespace revisor
