#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QImage>
#include <QList>
#include <QString>

namespace revisor {

/// One bar of the report's timing chart: a step of the result, in the order it ran.
struct TimingBar
{
    StepResult::Kind kind = StepResult::Kind::Upgrade;
    QString label;          ///< "↑002", "↓002", "seed sample"
    double durationMs = 0;
    bool failed = false;    ///< failed or cancelled: drawn hatched, whatever its kind
    friend bool operator==(const TimingBar &, const TimingBar &) = default;
};

/// The bars of a result's steps (baseline, seed, upgrade, downgrade), in order.
QList<TimingBar> timingBars(const RehearsalResult &result);

/// The report's step timing chart, drawn with QPainter on an image (QtGui only, no display
/// needed): one bar per step on a logarithmic millisecond axis, so that 20 ms steps and the
/// rollback budget (a dashed line at result.budgets.rollbackMs) are both readable, with a
/// legend of the kinds shown. Light colours: reports are read on white paper. `size` is in
/// logical pixels; the image has size * devicePixelRatio pixels and says so
/// (QImage::devicePixelRatio), so that a painter or a QTextDocument draws it at `size`.
QImage renderTimingChart(const RehearsalResult &result, QSize size = {720, 300}, double devicePixelRatio = 2.0);

} // namespace revisor
