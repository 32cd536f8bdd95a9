#include "ui/widgets/scalechart.h"

#include "ui/widgets/chartstyle.h"
#include "ui/widgets/uicolors.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace revisor::ui {

namespace {

// A log axis cannot show 0 ms: a step measured as nothing is drawn at a microsecond.
constexpr double kFloorMs = 0.001;

struct Extent
{
    double minRows = 1e300, maxRows = 0, minMs = 1e300, maxMs = 0;
    void add(double rows, double ms)
    {
        minRows = std::min(minRows, rows);
        maxRows = std::max(maxRows, rows);
        minMs = std::min(minMs, ms);
        maxMs = std::max(maxMs, ms);
    }
};

QString runName(const ScaleRun &run)
{
    return run.label.isEmpty() ? run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : run.label;
}

void addStep(QCustomPlot *plot, const ScaleRun &run, bool up, bool overlay, double toRows, Extent &extent)
{
    QColor color = up ? colors::upgradeBar() : colors::downgradeBar();
    if (overlay)
        color = color.lighter(150);
    const QString step = up ? QObject::tr("upgrade") : QObject::tr("downgrade");
    const QString suffix = overlay ? QObject::tr(" (%1)").arg(runName(run)) : QString();

    QCPGraph *points = plot->addGraph();
    points->setName(step + suffix);
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(overlay ? (up ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssSquare)
                                                    : (up ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssDiamond),
                                            color, color, 8));
    for (const ScalePoint &p : run.points) {
        const double rows = std::max<double>(p.rows, 1);
        const double ms = std::max(up ? p.upgradeMs : p.downgradeMs, kFloorMs);
        points->addData(rows, ms);
        extent.add(rows, ms);
    }

    const GrowthFit &fit = up ? run.upgradeFit : run.downgradeFit;
    if (run.points.isEmpty())
        return;
    QCPGraph *model = plot->addGraph();
    model->setName(QObject::tr("%1 model: %2, %3%4").arg(step, fit.growthName(), fit.formula(), suffix));
    model->setPen(QPen(color, 1.5, overlay ? Qt::DotLine : Qt::DashLine));
    // Sampled evenly on the log axis, from half the smallest volume to the farthest row count shown.
    const double from = std::max(1.0, double(run.points.constFirst().rows) / 2);
    const double to = std::max(toRows, double(run.points.constLast().rows) * 2);
    constexpr int kSamples = 48;
    for (int i = 0; i <= kSamples; ++i) {
        const double rows = from * std::pow(to / from, double(i) / kSamples);
        const double ms = std::max(fit.predict(rows), kFloorMs);
        model->addData(rows, ms);
        extent.add(rows, ms);
    }
}

void logAxis(QCPAxis *axis)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    axis->setNumberFormat(QStringLiteral("gb"));
    axis->setNumberPrecision(0);
}

} // namespace

void buildScaleChart(QCustomPlot *plot, const ScaleRun &run, const ScaleRun *overlay, double budgetMs, double extrapolateRows)
{
    plot->clearPlottables();
    plot->clearItems();
    applyChartPalette(plot);
    logAxis(plot->xAxis);
    logAxis(plot->yAxis);
    const QColor text = plot->palette().color(QPalette::WindowText);

    Extent extent;
    const double toRows = std::max(extrapolateRows, 0.0);
    for (bool up : {true, false})
        addStep(plot, run, up, false, toRows, extent);
    if (overlay) {
        for (bool up : {true, false})
            addStep(plot, *overlay, up, true, toRows, extent);
    }

    if (extrapolateRows > 0 && !run.points.isEmpty()) {
        auto *line = new QCPItemStraightLine(plot);
        line->point1->setCoords(extrapolateRows, 1);
        line->point2->setCoords(extrapolateRows, 10);
        line->setPen(QPen(text, 1, Qt::DotLine));
        for (bool up : {true, false}) {
            const double ms = std::max((up ? run.upgradeFit : run.downgradeFit).predict(extrapolateRows), kFloorMs);
            auto *mark = new QCPItemTracer(plot);
            mark->position->setCoords(extrapolateRows, ms);
            mark->setStyle(QCPItemTracer::tsCircle);
            mark->setSize(10);
            mark->setPen(QPen(up ? colors::upgradeBar() : colors::downgradeBar(), 2));
        }
    }
    if (budgetMs > 0) {
        extent.add(extent.minRows, budgetMs);
        addBudgetLine(plot, budgetMs);
    }

    if (extent.maxRows > 0) {
        plot->xAxis->setRange(std::pow(10.0, std::floor(std::log10(extent.minRows)) - 0.1), std::pow(10.0, std::ceil(std::log10(extent.maxRows)) + 0.1));
        plot->yAxis->setRange(std::pow(10.0, std::floor(std::log10(extent.minMs))), std::pow(10.0, std::ceil(std::log10(extent.maxMs * 1.5))));
    } else {
        plot->xAxis->setRange(10, 1e6);
        plot->yAxis->setRange(1, 1e5);
    }
    const QString table = run.points.isEmpty() ? QObject::tr("rows") : QObject::tr("rows of %1").arg(run.points.constLast().rowsTable);
    plot->xAxis->setLabel(QObject::tr("%1 (log scale)").arg(table));
    plot->yAxis->setLabel(QObject::tr("step time (ms, log scale)"));
    styleChartLegend(plot, !run.points.isEmpty());
    plot->replot();
}

} // namespace revisor::ui
