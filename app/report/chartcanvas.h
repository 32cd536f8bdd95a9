#pragma once

#include <QFont>
#include <QImage>
#include <QPainter>

#include <memory>

namespace revisor {

/// What the reports' charts are drawn on: a white image of `size` logical pixels at
/// `devicePixelRatio`, a painter with antialiasing and the reports' chart font (11 px DejaVu
/// Sans, metric-compatible everywhere the PDF is read).
struct ChartCanvas
{
    ChartCanvas(QSize size, double devicePixelRatio);
    QImage image;
    QFont font;
    std::unique_ptr<QPainter> painter;
    /// Ends painting and hands over the image.
    QImage finish();
};

/// "100 ms", "30 s", "10,000 s": a duration on a chart's log axis or budget line.
QString chartMsLabel(double ms);

} // namespace revisor
