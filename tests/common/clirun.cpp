#include "clirun.h"

#include <QElapsedTimer>
#include <QProcess>

namespace revisor::test {

CliRun runRevisor(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess p;
    p.setProcessEnvironment(environment);
    QElapsedTimer timer;
    timer.start();
    p.start(qEnvironmentVariable("REVISOR_BINARY"), arguments);
    if (!p.waitForFinished(180000))
        qFatal("revisor %s did not finish within 180 s", qPrintable(arguments.join(u' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()), timer.elapsed()};
}

} // namespace revisor::test
