#include "ui/widgets/timingchart.h"

#include "report/chartcolors.h"
#include "ui/widgets/chartstyle.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace revisor::ui {

namespace {

QCPBars *addBars(QCustomPlot *plot, const QString &name, const QColor &color, Qt::BrushStyle style = Qt::SolidPattern)
{
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setWidth(0.6);
    bars->setPen(QPen(color.darker(130)));
    bars->setBrush(QBrush(color, style));
    return bars;
}

} // namespace

void buildStepTimingChart(QCustomPlot *plot, const QList<TimingBar> &steps, double budgetMs)
{
    plot->clearPlottables();
    plot->clearItems();
    applyChartPalette(plot);

    // One series per kind, in the legend's order, and one for every failed bar.
    constexpr TimingBar::Kind kinds[] = {TimingBar::Kind::Upgrade, TimingBar::Kind::Downgrade, TimingBar::Kind::Seed,
                                         TimingBar::Kind::Capture, TimingBar::Kind::Probe};
    QList<QCPBars *> series;
    for (TimingBar::Kind kind : kinds)
        series << addBars(plot, timingBarKindName(kind), timingBarColor(kind));
    QCPBars *failed = addBars(plot, QObject::tr("failed / cancelled"), chartcolors::Failed, Qt::BDiagPattern);

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double minMs = budgetMs > 0 ? budgetMs : 1.0, maxMs = budgetMs;
    for (int i = 0; i < steps.size(); ++i) {
        const TimingBar &s = steps.at(i);
        const double x = i + 1;
        // A log axis cannot show 0: clamp to a microsecond.
        const double ms = std::max(s.durationMs, 0.001);
        minMs = std::min(minMs, ms);
        maxMs = std::max(maxMs, ms);
        ticker->addTick(x, s.label);
        // `kinds` lists every kind in the enum's order, so a kind's value is its series.
        (s.failed ? failed : series.at(int(s.kind)))->addData(x, ms);
    }
    const double lower = std::pow(10.0, std::floor(std::log10(minMs)) - 0.2);
    const double upper = std::pow(10.0, std::ceil(std::log10(maxMs * 1.5)));
    series << failed;
    for (QCPBars *bars : series) {
        bars->setBaseValue(lower);
        bars->removeFromLegend();
        if (!bars->data()->isEmpty())
            bars->addToLegend();
    }

    plot->xAxis->setTicker(ticker);
    plot->xAxis->setTickLabelRotation(steps.size() > 8 ? 60 : 0);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->setRange(0.3, std::max<double>(steps.size(), 1) + 0.7);
    plot->xAxis->setLabel(QObject::tr("work of this session in order (↑ upgrade, ↓ downgrade, captures and probes)"));
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    auto logTicker = QSharedPointer<QCPAxisTickerLog>::create();
    plot->yAxis->setTicker(logTicker);
    plot->yAxis->setNumberFormat(QStringLiteral("gb"));
    plot->yAxis->setNumberPrecision(0);
    plot->yAxis->setRange(lower, upper);
    plot->yAxis->setLabel(QObject::tr("duration (ms, log scale)"));

    addBudgetLine(plot, budgetMs);
    styleChartLegend(plot, !steps.isEmpty());
    plot->replot();
}

} // namespace revisor::ui
