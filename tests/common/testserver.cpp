#include "testserver.h"

#include "db/session.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>

#include <atomic>
#include <memory>

namespace revisor::test {

ScratchCluster &server()
{
    // Destroyed at exit, which stops the server and removes its directory.
    static const std::unique_ptr<ScratchCluster> cluster = [] {
        ScratchCluster::installSignalCleanup();
        QElapsedTimer timer;
        timer.start();
        auto started = ScratchCluster::start();
        if (!started)
            qFatal("cannot start the scratch PostgreSQL cluster for the tests:\n%s", qPrintable(started.error().toString()));
        qInfo("scratch PostgreSQL %s at %s, started in %lld ms", qPrintable((*started)->serverVersion()),
              qPrintable((*started)->directory()), timer.elapsed());
        return std::move(*started);
    }();
    return *cluster;
}

Result<ConnectionSettings> freshDatabase(const QString &prefix)
{
    static std::atomic<int> counter{0};
    QString name = prefix.toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    name = name.left(40);
    if (name.isEmpty())
        name = QStringLiteral("test");
    return server().createDatabase(QStringLiteral("%1_%2").arg(name).arg(++counter));
}

std::unique_ptr<Session> openSession(const ConnectionSettings &settings)
{
    auto session = Session::open(settings);
    if (!session)
        qFatal("%s", qPrintable(session.error().toString()));
    return std::move(*session);
}

QString sourceDir()
{
    const QString fromEnvironment = qEnvironmentVariable("REVISOR_SOURCE_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral(REVISOR_TEST_SOURCE_DIR);
}

} // namespace revisor::test
