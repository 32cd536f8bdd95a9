// Benchmark (issue 12, goal 4): a scratch server from start to the first statement, against
// initdb and `pg_ctl start -w` of PostgreSQL's own binaries measured in the same run. Not a
// test: it prints figures.
//
//   bench_scratch [runs=7]
//
// "scratch start" is what `revisor rehearse --scratch` pays before its first statement:
// ScratchCluster::start() (sweep, data directory, server start, readiness check), a session on
// a new database, and SELECT 1. The references run as the same user the cluster's server runs
// as (postgres when root). Goal: scratch start < 150 ms.
#include "benchstats.h"

#include "db/scratchcluster.h"
#include "db/scratchsupport.h"
#include "db/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace revisor;
using namespace revisor::bench;

namespace {

[[noreturn]] void die(const QString &what, const QString &why)
{
    std::fprintf(stderr, "bench_scratch: %s: %s\n", qPrintable(what), qPrintable(why));
    std::exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = std::max(1, argc > 1 ? QByteArray(argv[1]).toInt() : 7);
    auto bin = ScratchCluster::findBinDir();
    if (!bin)
        die(QStringLiteral("server binaries"), bin.error().toString());
    auto as = scratch::runAs();
    if (!as)
        die(QStringLiteral("server user"), as.error().toString());

    Series initdb{QStringLiteral("initdb (reference)"), {}};
    Series pgCtl{QStringLiteral("pg_ctl start -w"), {}};
    Series scratchStart{QStringLiteral("scratch start to first statement"), {}};
    // A first scratch start builds the template once; it is not counted ("warm machine").
    for (int run = -1; run < runs; ++run) {
        QTemporaryDir top(QDir::tempPath() + QStringLiteral("/bench-scratch-XXXXXX"));
        if (!top.isValid() || !scratch::chownTo(top.path(), *as))
            die(QStringLiteral("temporary directory"), top.errorString());
        const QString data = top.path() + QStringLiteral("/data");
        const double i = timedMs([&] {
            const auto o = scratch::runPg(*as, *bin + QStringLiteral("/initdb"),
                                          {QStringLiteral("-D"), data, QStringLiteral("--no-sync"), QStringLiteral("-A"),
                                           QStringLiteral("trust"), QStringLiteral("-U"), QStringLiteral("postgres")},
                                          top.path());
            if (!o.ok())
                die(QStringLiteral("initdb"), o.output);
        });
        QFile conf(data + QStringLiteral("/postgresql.conf"));
        if (!conf.open(QIODevice::Append))
            die(QStringLiteral("postgresql.conf"), conf.errorString());
        conf.write(QStringLiteral("\nlisten_addresses = ''\nunix_socket_directories = '%1'\nfsync = off\n").arg(top.path()).toUtf8());
        conf.close();
        const double p = timedMs([&] {
            const auto o = scratch::runPg(*as, *bin + QStringLiteral("/pg_ctl"),
                                          {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-D"), data,
                                           QStringLiteral("-l"), top.path() + QStringLiteral("/log")},
                                          top.path());
            if (!o.ok())
                die(QStringLiteral("pg_ctl start"), o.output);
        });
        scratch::runPg(*as, *bin + QStringLiteral("/pg_ctl"),
                       {QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-s"), QStringLiteral("-D"), data},
                       top.path());

        std::unique_ptr<ScratchCluster> cluster;
        const double s = timedMs([&] {
            auto started = ScratchCluster::start();
            if (!started)
                die(QStringLiteral("scratch start"), started.error().toString());
            cluster = std::move(*started);
            auto db = cluster->createDatabase(QStringLiteral("bench"));
            if (!db)
                die(QStringLiteral("create database"), db.error().toString());
            auto session = Session::open(*db, QStringLiteral("bench_scratch"));
            if (!session)
                die(QStringLiteral("connect"), session.error().toString());
            if (auto r = (*session)->exec(QStringLiteral("SELECT 1")); !r)
                die(QStringLiteral("first statement"), r.error().toString());
        });
        cluster.reset();
        if (run < 0)
            continue;
        initdb.ms << i;
        pgCtl.ms << p;
        scratchStart.ms << s;
    }
    std::printf("PostgreSQL binaries in %s, %d runs\n", qPrintable(*bin), runs);
    printHeader();
    printLine(initdb);
    printLine(pgCtl, &initdb);
    printLine(scratchStart, &initdb);
    printLine(scratchStart, &pgCtl);
    std::printf("goal: scratch start to first statement < 150 ms: %s (median %.1f ms)\n",
                scratchStart.median() < 150 ? "met" : "missed", scratchStart.median());
    return 0;
}
