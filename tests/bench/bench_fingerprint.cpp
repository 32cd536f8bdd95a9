// Benchmark (issue 12, goal 1): a full data capture of 100,000 code_chunks rows with
// 1536-value embeddings, with and without per-row detail, against a serial scan that reads
// every column's bytes (heap and TOAST) of the same table in the same run. Once with real[]
// embeddings, and once more with pgvector's vector(1536) when the server has the extension.
// Not a test: it prints figures.
//
//   bench_fingerprint [rows=100000] [runs=5]      (also $BENCH_ROWS, $BENCH_RUNS)
//
// Reference: SELECT sum(pg_column_size(t.*)) FROM ONLY t, parallel workers off. Building the
// whole-row value detoasts every field, so it reads the same bytes a capture must read, and
// does nothing else. Goals: row detail <= 2.0x, server-side summary only <= 1.2x.
//
// Beside them, what bounds any capture on this machine: the server's own hash of each
// embedding (the expression the capture uses for that column, nothing else read or sent),
// serially and split over as many connections as a capture opens, and Revisor's own CPU time
// in the capture, which competes with the server's backends for the same cores.
#include "benchstats.h"

#include "data/copyout.h"
#include "data/datacapture.h"
#include "db/session.h"
#include "testserver.h"

#include <QCoreApplication>

#include <cstdio>
#include <ctime>
#include <latch>
#include <thread>

using namespace revisor;
using namespace revisor::bench;

namespace {

[[noreturn]] void die(const QString &what, const Error &e)
{
    std::fprintf(stderr, "bench_fingerprint: %s: %s\n", qPrintable(what), qPrintable(e.toString()));
    std::exit(1);
}

QueryResult exec(Session &session, const QString &sql)
{
    auto r = session.exec(sql);
    if (!r)
        die(sql.left(80), r.error());
    return *r;
}

// Realistic embeddings: 1536 full-precision reals per row (sin of distinct arguments, so they
// neither repeat inside a row nor compress much), ~200 characters of content. To keep
// generation short, 1000 distinct embeddings are made once and shared round-robin: each row
// still stores, detoasts and sends its own value, which is what the scans pay for.
void generate(Session &session, qint64 rows, bool vector)
{
    if (vector)
        exec(session, QStringLiteral("CREATE EXTENSION vector"));
    exec(session, QStringLiteral("CREATE TABLE code_chunks (id integer PRIMARY KEY, repository_id integer NOT NULL,"
                                 " file_path text NOT NULL, start_line integer NOT NULL, end_line integer NOT NULL,"
                                 " content text NOT NULL, embedding %1)")
                      .arg(vector ? QStringLiteral("vector(1536)") : QStringLiteral("real[]")));
    exec(session, QStringLiteral("CREATE TEMP TABLE embeddings AS SELECT e, (SELECT array_agg(sin((e * 1536 + i)::float8)::real)"
                                 " FROM generate_series(1, 1536) i) AS v FROM generate_series(0, 999) e"));
    exec(session, QStringLiteral("INSERT INTO code_chunks SELECT g, g % 10 + 1, 'src/module_' || g % 100 || '/file_' || g || '.py',"
                                 " g % 500, g % 500 + 20, repeat(md5(g::text), 6) || ' -- chunk ' || g, v%2"
                                 " FROM generate_series(1, %1) g JOIN embeddings ON e = g % 1000")
                      .arg(rows)
                      .arg(vector ? QStringLiteral("::vector(1536)") : QString()));
    exec(session, QStringLiteral("DROP TABLE embeddings"));
    exec(session, QStringLiteral("VACUUM ANALYZE code_chunks"));
}

double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// `sql` (an aggregate over code_chunks) run at once on `connections` sessions, each over its
// share of the heap's blocks: what any capture that hashes on the server can reach at best on
// this machine. Each session is opened in its own thread before the clock starts.
double splitMs(const ConnectionSettings &db, const QString &sql, qint64 blocks, int connections)
{
    std::latch ready(connections + 1), go(1);
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i) {
        threads.emplace_back([&, i] {
            auto opened = Session::open(db, QStringLiteral("bench_fingerprint_%1").arg(i));
            if (!opened)
                die(QStringLiteral("connect"), opened.error());
            exec(**opened, QStringLiteral("SET max_parallel_workers_per_gather = 0"));
            QString range = QStringLiteral(" WHERE ctid >= '(%1,0)'").arg(blocks * i / connections);
            if (i < connections - 1)
                range += QStringLiteral(" AND ctid < '(%1,0)'").arg(blocks * (i + 1) / connections);
            ready.count_down();
            go.wait();
            exec(**opened, sql + range);
        });
    }
    ready.arrive_and_wait();
    return timedMs([&] {
        go.count_down();
        for (std::thread &t : threads)
            t.join();
    });
}

void measure(const QString &kind, qint64 rows, int runs)
{
    auto db = test::freshDatabase(QStringLiteral("bench_fingerprint_") + kind);
    if (!db)
        die(QStringLiteral("create database"), db.error());
    auto opened = Session::open(*db, QStringLiteral("bench_fingerprint"));
    if (!opened)
        die(QStringLiteral("connect"), opened.error());
    Session &session = **opened;
    std::printf("\n== %s: generating %lld code_chunks rows...\n", qPrintable(kind), rows);
    std::fflush(stdout);
    const double generateMs = timedMs([&] { generate(session, rows, kind == QLatin1String("vector")); });
    std::printf("generated in %.1f s, table size %s, PostgreSQL %s\n", generateMs / 1000,
                qPrintable(exec(session, QStringLiteral("SELECT pg_size_pretty(pg_total_relation_size('code_chunks'))")).scalar()),
                qPrintable(session.serverVersion()));

    Series reference{QStringLiteral("%1: serial read of every byte").arg(kind), {}};
    Series detail{QStringLiteral("%1: captureData, row detail").arg(kind), {}};
    // Revisor's own CPU time in the capture with row detail (all its threads), which on a
    // machine with as many cores as connections competes with the server's backends.
    Series detailCpu{QStringLiteral("%1: ... of which Revisor's CPU (client)").arg(kind), {}};
    Series summary{QStringLiteral("%1: captureData, summary only").arg(kind), {}};
    Series copy{QStringLiteral("%1: COPY (FORMAT binary) to the client").arg(kind), {}};
    // The floor of any server-side hash of the embeddings: the server's own hash of each value
    // (what the capture computes for that column), serially, with nothing sent. The capture
    // splits its scan over the cores; this line says what there is to split.
    Series floor{QStringLiteral("%1: the server's hash of each embedding alone, serial").arg(kind), {}};
    const QString floorSql = kind == QLatin1String("vector")
        ? QStringLiteral("SELECT sum(hash_array_extended(ARRAY[vector_send(embedding)], 1)) FROM ONLY code_chunks")
        : QStringLiteral("SELECT sum(hash_array_extended(embedding, 1)) FROM ONLY code_chunks");
    const int connections = DataCaptureOptions().scanConnections();
    Series split{QStringLiteral("%1: the same, split over %2 connections").arg(kind).arg(connections), {}};
    const qint64 blocks = exec(session, QStringLiteral("SELECT pg_relation_size('code_chunks') / current_setting('block_size')::bigint")).scalar().toLongLong();
    Series text;
    const auto copyOut = [&](const QString &sql) {
        if (auto s = copyOutBinary(session, sql, [](const CopyRow &) {}); !s)
            die(QStringLiteral("COPY"), s.error());
    };
    DataCaptureOptions summaryOnly;
    summaryOnly.rowDetailLimit = 0;
    const auto capture = [&](const DataCaptureOptions &options) {
        auto c = captureData(session, options);
        if (!c)
            die(QStringLiteral("captureData"), c.error());
        if (c->tables.size() != 1 || c->tables.first().rows != rows)
            die(QStringLiteral("captureData"), Error::database(QStringLiteral("unexpected capture")));
    };
    exec(session, QStringLiteral("SET max_parallel_workers_per_gather = 0"));
    // One warm-up of each, then the measured runs interleaved, so that a burst of load on a
    // shared machine does not favour one of them.
    for (int run = -1; run < runs; ++run) {
        const double r = timedMs([&] { exec(session, QStringLiteral("SELECT sum(pg_column_size(t.*)) FROM ONLY code_chunks t")); });
        const double cpuBefore = processCpuMs();
        const double d = timedMs([&] { capture({}); });
        const double dCpu = processCpuMs() - cpuBefore;
        const double s = timedMs([&] { capture(summaryOnly); });
        const double c = timedMs([&] { copyOut(QStringLiteral("COPY code_chunks TO STDOUT (FORMAT binary)")); });
        const double f = timedMs([&] { exec(session, floorSql); });
        const double p = splitMs(*db, floorSql, blocks, connections);
        const double t = timedMs([&] {
            // The text form, as the capture before issue 12 read it (there hashed on the server).
            auto r = session.exec(QStringLiteral("SELECT sum(hashtextextended(t::text, 0)) FROM ONLY code_chunks t"));
            if (!r)
                die(QStringLiteral("text form"), r.error());
        });
        if (run < 0)
            continue;
        reference.ms << r;
        detail.ms << d;
        detailCpu.ms << dCpu;
        summary.ms << s;
        copy.ms << c;
        floor.ms << f;
        split.ms << p;
        text.ms << t;
    }
    printHeader();
    printLine(reference);
    printLine(detail, &reference, 2.0);
    printLine(detailCpu, &reference);
    printLine(summary, &reference, 1.2);
    printLine(copy, &reference);
    printLine(floor, &reference);
    printLine(split, &reference);
    text.name = kind + QStringLiteral(": hash of each row's text form, on the server");
    printLine(text, &reference);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : qEnvironmentVariableIntValue("BENCH_ROWS");
    if (rows <= 0)
        rows = 100000;
    int runs = argc > 2 ? QByteArray(argv[2]).toInt() : qEnvironmentVariableIntValue("BENCH_RUNS");
    if (runs <= 0)
        runs = 5;
    measure(QStringLiteral("real"), rows, runs);
    if (test::server().hasPgvector())
        measure(QStringLiteral("vector"), rows, runs);
    else
        std::printf("\nthe server has no pgvector: the vector(1536) variant is not measured\n");
    return 0;
}
