#include "chartcanvas.h"

#include <QLocale>

namespace revisor {

ChartCanvas::ChartCanvas(QSize size, double devicePixelRatio)
    : image(QSize(qRound(size.width() * devicePixelRatio), qRound(size.height() * devicePixelRatio)), QImage::Format_ARGB32_Premultiplied),
      font(QStringLiteral("DejaVu Sans"))
{
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(Qt::white);
    font.setPixelSize(11);
    painter = std::make_unique<QPainter>(&image);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setFont(font);
}

QImage ChartCanvas::finish()
{
    painter->end();
    return image;
}

QString chartMsLabel(double ms)
{
    if (ms >= 10000.0)
        return QStringLiteral("%1 s").arg(QLocale(QLocale::English).toString(ms / 1000.0, 'f', 0));
    if (ms >= 1000.0)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'g', 3);
    return QStringLiteral("%1 ms").arg(ms, 0, 'g', 3);
}

} // namespace revisor
