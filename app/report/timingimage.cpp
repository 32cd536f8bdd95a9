// The timing chart of the HTML and PDF reports, drawn directly with QPainter: the engine has
// QtGui but no widgets, so QCustomPlot (the window's chart library) is not available here, and
// a report needs only this one fixed chart.
#include "timingimage.h"

#include "report/chartcanvas.h"
#include "report/chartcolors.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace revisor {

namespace {

using namespace chartcolors;

// Maps milliseconds to y on a log axis from `lower` (bottom) to `upper` (top).
struct LogAxis
{
    double lower, upper;
    QRectF plot;
    double y(double ms) const
    {
        const double t = (std::log10(ms) - std::log10(lower)) / (std::log10(upper) - std::log10(lower));
        return plot.bottom() - std::clamp(t, 0.0, 1.0) * plot.height();
    }
};

void drawBar(QPainter &p, const QRectF &bar, const QColor &color, bool failed)
{
    p.setPen(QPen(color.darker(130), 1));
    p.setBrush(failed ? QBrush(Failed, Qt::BDiagPattern) : QBrush(color));
    p.drawRect(bar);
}

} // namespace

QImage renderTimingChart(const RehearsalResult &result, QSize size, double devicePixelRatio)
{
    ChartCanvas canvas(size, devicePixelRatio);
    QPainter &p = *canvas.painter;
    const QFontMetricsF fm(canvas.font, &canvas.image);

    const QList<TimingBar> bars = timingBars(result);
    const double budget = result.budgets.rollbackMs;
    double minMs = budget > 0 ? budget : 1.0, maxMs = budget > 0 ? budget : 1.0;
    for (const TimingBar &b : bars) {
        // A log axis cannot show 0: a bar of nothing is drawn as a microsecond.
        minMs = std::min(minMs, std::max(b.durationMs, 0.001));
        maxMs = std::max(maxMs, b.durationMs);
    }
    const double lower = std::pow(10.0, std::floor(std::log10(minMs)));
    const double upper = std::pow(10.0, std::ceil(std::log10(maxMs * 1.5)));

    // Rotated labels when many steps would make level ones overlap.
    double widestLabel = 0;
    for (const TimingBar &b : bars)
        widestLabel = std::max(widestLabel, fm.horizontalAdvance(b.label));
    const double left = fm.horizontalAdvance(QStringLiteral("100 ms")) + 14;
    const double slot0 = (size.width() - left - 8) / std::max<double>(bars.size(), 1);
    const bool rotate = widestLabel + 4 > slot0;
    const double bottom = (rotate ? widestLabel * 0.72 + fm.height() : fm.height() * 1.6) + fm.height() + 6;
    const double top = fm.height() + 12; // the legend row
    LogAxis axis{lower, upper, QRectF(left, top, size.width() - left - 8, size.height() - top - bottom)};

    // Grid and tick labels, one per decade.
    p.setPen(Text);
    for (double v = lower; v <= upper * 1.0001; v *= 10) {
        const double y = axis.y(v);
        p.setPen(QPen(Grid, 1, Qt::DotLine));
        p.drawLine(QPointF(axis.plot.left(), y), QPointF(axis.plot.right(), y));
        p.setPen(Text);
        p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, chartMsLabel(v));
    }
    p.setPen(QPen(Text, 1));
    p.drawLine(axis.plot.bottomLeft(), axis.plot.bottomRight());
    p.drawLine(axis.plot.bottomLeft(), axis.plot.topLeft());

    // The bars and their labels.
    const double slot = axis.plot.width() / std::max<double>(bars.size(), 1);
    for (int i = 0; i < bars.size(); ++i) {
        const TimingBar &b = bars.at(i);
        const double x = axis.plot.left() + slot * (i + 0.5);
        const double w = std::min(slot * 0.6, 48.0);
        const double yTop = axis.y(std::max(b.durationMs, 0.001));
        drawBar(p, QRectF(x - w / 2, yTop, w, axis.plot.bottom() - yTop), timingBarColor(b.kind), b.failed);
        p.setPen(Text);
        if (rotate) {
            p.save();
            p.translate(x + fm.ascent() / 3, axis.plot.bottom() + 4);
            p.rotate(-45);
            p.drawText(QPointF(-fm.horizontalAdvance(b.label), 0), b.label);
            p.restore();
        } else {
            p.drawText(QRectF(x - slot / 2, axis.plot.bottom() + 2, slot, fm.height() + 2), Qt::AlignHCenter | Qt::AlignTop, b.label);
        }
    }
    p.setPen(Text);
    p.drawText(QRectF(axis.plot.left(), size.height() - fm.height() - 2, axis.plot.width(), fm.height() + 2), Qt::AlignHCenter,
               QObject::tr("in the order they ran (↑ upgrade, ↓ downgrade; captures and probes are the inspector's own); "
                           "duration on a log scale"));

    // The rollback budget.
    if (budget > 0) {
        const double y = axis.y(budget);
        p.setPen(QPen(Budget, 1.5, Qt::DashLine));
        p.drawLine(QPointF(axis.plot.left(), y), QPointF(axis.plot.right(), y));
        p.setPen(Budget);
        p.drawText(QRectF(axis.plot.left(), y - fm.height() - 2, axis.plot.width() - 4, fm.height()), Qt::AlignRight | Qt::AlignBottom,
                   QObject::tr("rollback budget %1").arg(chartMsLabel(budget)));
    }

    // The legend: only the kinds the chart shows.
    double lx = axis.plot.left();
    const auto legend = [&](const QColor &color, bool failed, const QString &text) {
        drawBar(p, QRectF(lx, 4, 12, fm.height() - 2), color, failed);
        p.setPen(Text);
        p.drawText(QPointF(lx + 16, 4 + fm.ascent() - 1), text);
        lx += 16 + fm.horizontalAdvance(text) + 14;
    };
    for (TimingBar::Kind kind : {TimingBar::Kind::Upgrade, TimingBar::Kind::Downgrade, TimingBar::Kind::Seed, TimingBar::Kind::Capture,
                                 TimingBar::Kind::Probe}) {
        if (std::any_of(bars.cbegin(), bars.cend(), [kind](const TimingBar &b) { return b.kind == kind && !b.failed; }))
            legend(timingBarColor(kind), false, timingBarKindName(kind));
    }
    if (std::any_of(bars.cbegin(), bars.cend(), [](const TimingBar &b) { return b.failed; }))
        legend(Failed, true, QObject::tr("failed / cancelled"));
    return canvas.finish();
}

} // namespace revisor
