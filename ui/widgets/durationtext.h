#pragma once

#include <QString>

namespace revisor::ui {

/// A duration in the unit that reads best: "840 ms" under a second, "12.4 s" above,
/// "3 min 05 s" from a minute on.
QString durationText(double ms);

} // namespace revisor::ui
