#include "console.h"

#include "core/textescape.h"

namespace revisor::cli {

bool Console::parse(QCommandLineParser &parser, const QString &synopsis, int *exitCode)
{
    parser.setApplicationDescription(synopsis);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList args = arguments;
    args.removeAt(1); // the command
    args[0] = QStringLiteral("revisor ") + command;
    if (!parser.parse(args)) {
        err << "revisor " << command << ": " << parser.errorText() << "\n";
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        *exitCode = 0;
        return false;
    }
    return true;
}

// Errors and progress lines carry server messages, names and revision ids: plainLine()
// keeps the terminal escapes and line breaks in them from acting on the terminal.
int Console::report(const Error &error)
{
    QStringList lines = error.toString().split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = plainLine(line);
    err << "revisor " << command << ": error: " << lines.join(QLatin1Char('\n')) << Qt::endl;
    return error.exitCode();
}

void Console::progress(const QString &line)
{
    err << plainLine(line) << Qt::endl;
}

} // namespace revisor::cli
