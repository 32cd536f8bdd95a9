#include "ui/window/mainentry.h"

#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace revisor::ui {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Mid, QColor(0x45, 0x48, 0x4e));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

} // namespace

void setUpApplication(QApplication &app)
{
    QApplication::setOrganizationName(QStringLiteral("revisor"));
    QApplication::setApplicationName(QStringLiteral("revisor"));
    QApplication::setApplicationDisplayName(QStringLiteral("Revisor"));
    QIcon icon;
    for (int size : {48, 128, 256})
        icon.addFile(QStringLiteral(":/revisor/icons/revisor-%1.png").arg(size));
    QApplication::setWindowIcon(icon);
    QGuiApplication::setDesktopFileName(QStringLiteral("org.revisor.Revisor"));
    // Fusion draws the same everywhere; keep the palette the platform theme gave us (dark or
    // light), unless REVISOR_THEME asks for one.
    const QPalette system = app.palette();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QString theme = qEnvironmentVariable("REVISOR_THEME");
    if (theme == QLatin1String("dark"))
        app.setPalette(darkPalette());
    else if (theme == QLatin1String("light"))
        app.setPalette(app.style()->standardPalette());
    else
        app.setPalette(system);
}

int runMainWindow(QApplication &app)
{
    setUpApplication(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Revisor: inspect PostgreSQL migrations step by step."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("scratch"), QApplication::translate("main", "Start a scratch PostgreSQL server and connect to it.")});
    parser.addOption({QStringLiteral("set"), QApplication::translate("main", "Migration set directory to open."), QStringLiteral("DIR")});
    QCommandLineOption demo(QStringLiteral("demo-steps"), QStringLiteral("steps to run after connecting"), QStringLiteral("LIST"));
    demo.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(demo);
    parser.process(app);

    MainWindowOptions options;
    options.scratch = parser.isSet(QStringLiteral("scratch"));
    options.setDirectory = parser.value(QStringLiteral("set"));
    if (parser.isSet(demo))
        options.demoSteps = parser.value(demo).split(QLatin1Char(','), Qt::SkipEmptyParts);
    MainWindow window(options);
    window.show();
    return app.exec();
}

} // namespace revisor::ui
