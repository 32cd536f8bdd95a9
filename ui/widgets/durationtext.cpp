#include "ui/widgets/durationtext.h"

#include <cmath>

namespace revisor::ui {

QString durationText(double ms)
{
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(std::round(ms), 0, 'f', 0);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
    const qint64 seconds = qint64(std::round(ms / 1000.0));
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace revisor::ui
