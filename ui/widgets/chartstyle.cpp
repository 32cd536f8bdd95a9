#include "ui/widgets/chartstyle.h"

#include "ui/widgets/uicolors.h"

#include <qcustomplot.h>

namespace revisor::ui {

namespace {

void styleAxis(QCPAxis *axis, const QColor &text, const QColor &grid)
{
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    axis->grid()->setSubGridVisible(false);
}

} // namespace

void applyChartPalette(QCustomPlot *plot)
{
    const QPalette palette = plot->palette();
    plot->setBackground(palette.brush(QPalette::Base));
    styleAxis(plot->xAxis, palette.color(QPalette::WindowText), palette.color(QPalette::Mid));
    styleAxis(plot->yAxis, palette.color(QPalette::WindowText), palette.color(QPalette::Mid));
}

void addBudgetLine(QCustomPlot *plot, double budgetMs)
{
    if (budgetMs <= 0)
        return;
    // Two points of the same height make the line horizontal; 1 and 10 suit a log axis too.
    auto *line = new QCPItemStraightLine(plot);
    line->point1->setCoords(1, budgetMs);
    line->point2->setCoords(10, budgetMs);
    line->setPen(QPen(colors::errorText(), 1.5, Qt::DashLine));
    auto *label = new QCPItemText(plot);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(0.99, budgetMs);
    label->setText(QObject::tr("rollback budget %1 s").arg(budgetMs / 1000.0, 0, 'g', 3));
    label->setColor(colors::errorText());
}

void styleChartLegend(QCustomPlot *plot, bool visible)
{
    const QPalette palette = plot->palette();
    plot->legend->setVisible(visible);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setTextColor(palette.color(QPalette::WindowText));
    plot->legend->setBorderPen(Qt::NoPen);
    // In a row of its own above the axis rect, laid out left to right: inside the axis rect it
    // covered the first bars (or points) whenever the chart was short.
    if (plot->legend->layout() != plot->plotLayout()) {
        plot->axisRect()->insetLayout()->take(plot->legend);
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, plot->legend);
        plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        plot->plotLayout()->setRowStretchFactor(0, 0.001);
    }
}

} // namespace revisor::ui
