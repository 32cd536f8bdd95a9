// revisor-app, the full application: the command line when given a verb, else the desktop
// window. Users run the launcher (launcher.cpp, the `revisor` executable), which execs this
// with the same arguments for everything but `revisor diff`. The only place that creates a
// QApplication.
#include "cli/cli.h"
#include "ui/window/mainentry.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (revisor::isCliInvocation(arguments)) {
        // The command line never opens a window. Its HTML and PDF reports draw text, and
        // QtGui's fonts need a QGuiApplication: the offscreen platform gives one without a
        // display (no X server, no Wayland), whatever the environment names. The CLI parses
        // the arguments as given: QGuiApplication takes options of its own out of
        // arguments() (-session, -title, -display...), which must stay the CLI's to refuse.
        std::unique_ptr<QCoreApplication> app;
        if (revisor::cliDrawsReports(arguments)) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
        QCoreApplication::setApplicationName(QStringLiteral("revisor"));
        return revisor::runCli(arguments);
    }
    QApplication app(argc, argv);
    return revisor::ui::runMainWindow(app);
}
