// The revisor executable: the command line when given a verb, else the desktop window.
// The only place that creates the application object.
#include "cli/cli.h"
#include "ui/window/mainentry.h"

#include <QApplication>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (revisor::isCliInvocation(arguments)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("revisor"));
        return revisor::runCli(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    return revisor::ui::runMainWindow(app);
}
