#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QColor>
#include <QList>
#include <QString>

namespace revisor {

/// One bar of a timing chart (the report's image and the window's Timing tab): a step of the
/// migration, or a capture or probe of the inspector itself, shown as a bar of its own so that
/// the migration's time is not confused with the tool's.
struct TimingBar
{
    enum class Kind { Upgrade, Downgrade, Seed, Capture, Probe };
    Kind kind = Kind::Upgrade;
    QString label;          ///< "↑002", "↓002", "seed sample", "capture baseline", "probe re-up"
    double durationMs = 0;
    bool failed = false;    ///< failed or cancelled: drawn hatched, whatever its kind
    friend bool operator==(const TimingBar &, const TimingBar &) = default;

    /// The bar of a step: "↑002", "↓002", "seed sample".
    static TimingBar ofStep(const StepResult &step);
    /// The bar of a capture of `point` ("baseline", "rolled back", a revision).
    static TimingBar ofCapture(const QString &point, double ms);
    /// The bar of a probe that ran; `what` names it ("down", "re-up").
    static TimingBar ofProbe(const ProbeResult &probe, const QString &what);
};

/// Every bar of a result in the order the rehearsal ran them: the steps, each point's capture
/// after the steps that led to it (the baseline's before the upgrade, the upgraded point's
/// before the downgrade, the rolled-back one's after it), then the probes that ran.
QList<TimingBar> timingBars(const RehearsalResult &result);

/// The fill of a bar of `kind` (chartcolors).
QColor timingBarColor(TimingBar::Kind kind);
/// The legend's word for `kind`.
QString timingBarKindName(TimingBar::Kind kind);

} // namespace revisor
