// revisor scratch: a throwaway server for demos and manual work, kept until Ctrl-C.
#include "cli/clicontext.h"

#include "db/scratchcluster.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace revisor::cli {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    (void)!::write(g_signalPipe[1], &c, 1);
}

} // namespace

int cmdScratch(Context &ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("database"), QStringLiteral("Also create this database and print its URL."),
                      QStringLiteral("NAME")});
    int code = 0;
    if (!ctx.parse(parser, QStringLiteral("Start a throwaway PostgreSQL server (unix socket only), print its URL and keep it "
                                          "until Ctrl-C; its directory is removed on exit."), &code))
        return code;
    auto cluster = ScratchCluster::start();
    if (!cluster)
        return ctx.report(cluster.error());
    QString url = (*cluster)->url();
    if (parser.isSet(QStringLiteral("database"))) {
        auto created = (*cluster)->createDatabase(parser.value(QStringLiteral("database")));
        if (!created)
            return ctx.report(created.error());
        url = (*cluster)->url(parser.value(QStringLiteral("database")));
    }
    ctx.out << url << Qt::endl;
    ctx.progress(QStringLiteral("PostgreSQL %1 in %2 (pgvector: %3). Press Ctrl-C to stop and remove it.")
                     .arg((*cluster)->serverVersion(), (*cluster)->directory(),
                          (*cluster)->hasPgvector() ? QStringLiteral("yes") : QStringLiteral("no")));

    // Ctrl-C and SIGTERM end the event loop so that the cluster is stopped by its destructor.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return ctx.report(Error::database(QStringLiteral("socketpair failed")));
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, QCoreApplication::instance(), &QCoreApplication::quit);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    QCoreApplication::exec();
    ctx.progress(QStringLiteral("stopping the scratch server"));
    if (auto stopped = (*cluster)->stop(); !stopped)
        return ctx.report(stopped.error());
    return 0;
}

} // namespace revisor::cli
