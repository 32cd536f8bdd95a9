#include "mainentry.h"

#include <QApplication>
#include <QLabel>

namespace revisor::ui {

int runMainWindow(QApplication &app)
{
    QLabel label(QStringLiteral("Revisor window: under construction"));
    label.show();
    return app.exec();
}

} // namespace revisor::ui
