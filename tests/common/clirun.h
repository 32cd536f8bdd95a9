#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace revisor::test {

/// What a run of the revisor executable printed and returned.
struct CliRun
{
    int exitCode = -1;   ///< -1 when it crashed
    QString out;
    QString err;
    qint64 ms = 0;
};

/// Runs $REVISOR_BINARY (set by ctest) with arguments; fails the process if it hangs.
CliRun runRevisor(const QStringList &arguments,
                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

} // namespace revisor::test
