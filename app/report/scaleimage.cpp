// The scale chart of the HTML and PDF scale reports, drawn directly with QPainter: the engine
// has QtGui but no widgets, so the window's chart library (QCustomPlot) is not available here.
#include "scaleimage.h"

#include "report/chartcanvas.h"
#include "report/chartcolors.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace revisor {

namespace {

using namespace chartcolors;

// A log axis cannot show 0 ms: a step measured as nothing is drawn at a microsecond.
constexpr double kFloorMs = 0.001;

// One logarithmic axis: values from `lower` to `upper` onto pixels from `from` to `to`.
struct LogScale
{
    double lower, upper, from, to;
    double at(double v) const
    {
        const double t = (std::log10(std::max(v, lower)) - std::log10(lower)) / (std::log10(upper) - std::log10(lower));
        return from + std::clamp(t, 0.0, 1.0) * (to - from);
    }
};

QString rowsLabel(double rows)
{
    if (rows >= 1e6)
        return QStringLiteral("%1M").arg(rows / 1e6, 0, 'g', 3);
    if (rows >= 1e3)
        return QStringLiteral("%1k").arg(rows / 1e3, 0, 'g', 3);
    return QString::number(rows, 'g', 3);
}

double decadeBelow(double v) { return std::pow(10.0, std::floor(std::log10(v))); }
double decadeAbove(double v) { return std::pow(10.0, std::ceil(std::log10(v))); }

} // namespace

QImage renderScaleChart(const ScaleRun &run, double extrapolateRows, double budgetMs, QSize size, double devicePixelRatio)
{
    ChartCanvas canvas(size, devicePixelRatio);
    QPainter &p = *canvas.painter;
    const QFontMetricsF fm(canvas.font, &canvas.image);

    // The ranges: every measured point, the models out to the extrapolation, the budget.
    double minRows = 1e300, maxRows = 1, minMs = 1e300, maxMs = kFloorMs;
    for (const ScalePoint &pt : run.points) {
        minRows = std::min(minRows, std::max<double>(pt.rows, 1));
        maxRows = std::max(maxRows, double(pt.rows));
        for (double ms : {pt.upgradeMs, pt.downgradeMs}) {
            minMs = std::min(minMs, std::max(ms, kFloorMs));
            maxMs = std::max(maxMs, ms);
        }
    }
    if (run.points.isEmpty())
        minRows = 1, minMs = 1;
    const double farRows = std::max(maxRows * 2, extrapolateRows);
    for (const GrowthFit *fit : {&run.upgradeFit, &run.downgradeFit})
        maxMs = std::max(maxMs, fit->predict(farRows));
    if (budgetMs > 0)
        maxMs = std::max(maxMs, budgetMs), minMs = std::min(minMs, budgetMs);

    const double left = std::max(fm.horizontalAdvance(QStringLiteral("100 ms")), fm.horizontalAdvance(chartMsLabel(decadeAbove(maxMs * 1.5)))) + 14;
    const double top = fm.height() + 12;  // the legend row
    const double bottom = fm.height() * 2 + 12;
    const QRectF plot(left, top, size.width() - left - 12, size.height() - top - bottom);
    const LogScale x{decadeBelow(minRows / 2), decadeAbove(farRows * 1.01), plot.left(), plot.right()};
    const LogScale y{decadeBelow(minMs), decadeAbove(maxMs * 1.5), plot.bottom(), plot.top()};

    // Grid and tick labels, one per decade.
    for (double v = y.lower; v <= y.upper * 1.0001; v *= 10) {
        p.setPen(QPen(Grid, 1, Qt::DotLine));
        p.drawLine(QPointF(plot.left(), y.at(v)), QPointF(plot.right(), y.at(v)));
        p.setPen(Text);
        p.drawText(QRectF(0, y.at(v) - fm.height() / 2, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, chartMsLabel(v));
    }
    for (double v = x.lower; v <= x.upper * 1.0001; v *= 10) {
        p.setPen(QPen(Grid, 1, Qt::DotLine));
        p.drawLine(QPointF(x.at(v), plot.top()), QPointF(x.at(v), plot.bottom()));
        p.setPen(Text);
        p.drawText(QRectF(x.at(v) - 40, plot.bottom() + 2, 80, fm.height() + 2), Qt::AlignHCenter | Qt::AlignTop, rowsLabel(v));
    }
    p.setPen(QPen(Text, 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    const QString table = run.points.isEmpty() ? QObject::tr("rows") : QObject::tr("rows of %1").arg(run.points.constLast().rowsTable);
    p.drawText(QRectF(plot.left(), size.height() - fm.height() - 2, plot.width(), fm.height() + 2), Qt::AlignHCenter,
               QObject::tr("%1 (log scale); step time on a log scale").arg(table));

    p.save();
    p.setClipRect(plot.adjusted(-6, -6, 6, 6));
    for (bool up : {true, false}) {
        const QColor color = up ? Upgrade : Downgrade;
        const GrowthFit &fit = up ? run.upgradeFit : run.downgradeFit;
        // The model, sampled evenly on the log axis.
        if (!run.points.isEmpty()) {
            QPainterPath path;
            const double from = x.lower, to = farRows;
            for (int i = 0; i <= 64; ++i) {
                const double rows = from * std::pow(to / from, i / 64.0);
                const QPointF pt(x.at(rows), y.at(std::max(fit.predict(rows), kFloorMs)));
                i == 0 ? path.moveTo(pt) : path.lineTo(pt);
            }
            p.setPen(QPen(color, 1.5, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
        p.setPen(QPen(color.darker(130), 1));
        p.setBrush(color);
        for (const ScalePoint &pt : run.points) {
            const QPointF c(x.at(std::max<double>(pt.rows, 1)), y.at(std::max(up ? pt.upgradeMs : pt.downgradeMs, kFloorMs)));
            if (up)
                p.drawEllipse(c, 4, 4);
            else
                p.drawRect(QRectF(c.x() - 3.5, c.y() - 3.5, 7, 7));
        }
        if (extrapolateRows > 0 && !run.points.isEmpty()) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(color, 2));
            p.drawEllipse(QPointF(x.at(extrapolateRows), y.at(std::max(fit.predict(extrapolateRows), kFloorMs))), 6, 6);
        }
    }
    p.restore();
    if (extrapolateRows > 0) {
        p.setPen(QPen(Text, 1, Qt::DotLine));
        p.drawLine(QPointF(x.at(extrapolateRows), plot.top()), QPointF(x.at(extrapolateRows), plot.bottom()));
        p.setPen(Text);
        p.drawText(QRectF(x.at(extrapolateRows) - 204, plot.top() + 2, 200, fm.height()), Qt::AlignRight,
                   QObject::tr("%1 rows").arg(QLocale(QLocale::English).toString(qint64(extrapolateRows))));
    }
    if (budgetMs > 0) {
        p.setPen(QPen(Budget, 1.5, Qt::DashLine));
        p.drawLine(QPointF(plot.left(), y.at(budgetMs)), QPointF(plot.right(), y.at(budgetMs)));
        p.setPen(Budget);
        p.drawText(QRectF(plot.left(), y.at(budgetMs) - fm.height() - 2, plot.width() - 4, fm.height()), Qt::AlignRight | Qt::AlignBottom,
                   QObject::tr("rollback budget %1").arg(chartMsLabel(budgetMs)));
    }

    // The legend.
    double lx = plot.left();
    const auto legend = [&](const QColor &color, bool disc, const QString &text) {
        p.setPen(QPen(color.darker(130), 1));
        p.setBrush(color);
        const QPointF c(lx + 5, 4 + fm.height() / 2);
        disc ? p.drawEllipse(c, 4, 4) : p.drawRect(QRectF(c.x() - 3.5, c.y() - 3.5, 7, 7));
        p.setPen(Text);
        p.drawText(QPointF(lx + 14, 4 + fm.ascent() - 1), text);
        lx += 14 + fm.horizontalAdvance(text) + 16;
    };
    legend(Upgrade, true, QObject::tr("upgrade: %1").arg(run.upgradeFit.growthName()));
    legend(Downgrade, false, QObject::tr("downgrade: %1").arg(run.downgradeFit.growthName()));
    p.setPen(Text);
    p.drawText(QPointF(lx, 4 + fm.ascent() - 1), QObject::tr("(dashed: fitted model)"));
    return canvas.finish();
}

} // namespace revisor
