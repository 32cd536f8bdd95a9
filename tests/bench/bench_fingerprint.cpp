// Benchmark (issue 3, Performance): fingerprinting code_chunks-like rows with 1536-dimension
// embeddings, beside a plain count(*) and naive md5(row::text) scans, in the same run on a
// scratch server. Not a test: it prints figures.
//
//   bench_fingerprint [rows]      (default 100000; also $BENCH_ROWS)
#include "data/datacapture.h"
#include "data/datacompare.h"
#include "db/session.h"
#include "testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <cstdio>

using namespace revisor;

namespace {

[[noreturn]] void die(const QString &what, const Error &e)
{
    std::fprintf(stderr, "bench_fingerprint: %s: %s\n", qPrintable(what), qPrintable(e.toString()));
    std::exit(1);
}

struct Measure
{
    QString name;
    double ms = 0;
    QString note;
};

template <typename F>
double timed(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 rows = qEnvironmentVariableIntValue("BENCH_ROWS");
    if (argc > 1)
        rows = QByteArray(argv[1]).toLongLong();
    if (rows <= 0)
        rows = 100000;

    auto db = test::freshDatabase(QStringLiteral("bench_fingerprint"));
    if (!db)
        die(QStringLiteral("create database"), db.error());
    auto opened = Session::open(*db, QStringLiteral("bench_fingerprint"));
    if (!opened)
        die(QStringLiteral("connect"), opened.error());
    Session &session = **opened;
    const auto exec = [&](const QString &sql) {
        auto r = session.exec(sql);
        if (!r)
            die(sql.left(60), r.error());
        return *r;
    };

    // Realistic embeddings: 1536 full-precision reals per row (sin of distinct arguments, so
    // they neither repeat inside a row nor compress much), ~200 characters of content. To keep
    // generation short, 1000 distinct embeddings are made once and shared round-robin: each
    // row still stores, detoasts and prints its own array, which is what the scans pay for.
    std::printf("generating %lld code_chunks rows with real[1536] embeddings...\n", rows);
    std::fflush(stdout);
    exec(QStringLiteral("CREATE TABLE code_chunks (id integer PRIMARY KEY, repository_id integer NOT NULL,"
                        " file_path text NOT NULL, start_line integer NOT NULL, end_line integer NOT NULL,"
                        " content text NOT NULL, embedding real[])"));
    const double generateMs = timed([&] {
        exec(QStringLiteral("CREATE TEMP TABLE embeddings AS SELECT e, (SELECT array_agg(sin((e * 1536 + i)::float8)::real)"
                            " FROM generate_series(1, 1536) i) AS v FROM generate_series(0, 999) e"));
        exec(QStringLiteral("INSERT INTO code_chunks SELECT g, g % 10 + 1, 'src/module_' || g % 100 || '/file_' || g || '.py',"
                            " g % 500, g % 500 + 20, repeat(md5(g::text), 6) || ' -- chunk ' || g, v"
                            " FROM generate_series(1, %1) g JOIN embeddings ON e = g % 1000").arg(rows));
        exec(QStringLiteral("DROP TABLE embeddings"));
        exec(QStringLiteral("VACUUM ANALYZE code_chunks"));
    });
    const QString size = exec(QStringLiteral("SELECT pg_size_pretty(pg_total_relation_size('code_chunks'))")).scalar();
    std::printf("generated in %.1f s, table size %s, PostgreSQL %s\n\n", generateMs / 1000, qPrintable(size),
                qPrintable(session.serverVersion()));

    QList<Measure> results;
    // count(*): warm, best of three.
    double countMs = 1e18;
    for (int i = 0; i < 3; ++i)
        countMs = std::min(countMs, timed([&] { exec(QStringLiteral("SELECT count(*) FROM code_chunks")); }));
    results.append({QStringLiteral("SELECT count(*)"), countMs, QStringLiteral("best of 3")});

    // The heavy scans, interleaved and repeated (best of $BENCH_REPEAT, default 2), so that a
    // burst of load on a shared machine does not favour one of them.
    const int repeat = std::max(1, qEnvironmentVariableIsSet("BENCH_REPEAT") ? qEnvironmentVariableIntValue("BENCH_REPEAT") : 2);
    DataCapture capture;
    DataCaptureOptions summaryOnly;
    summaryOnly.rowDetailLimit = 0;
    QString naive;
    double captureMs = 1e18, summaryMs = 1e18, naiveMs = 1e18, naiveSumMs = 1e18;
    for (int round = 0; round < repeat; ++round) {
        captureMs = std::min(captureMs, timed([&] {
            auto c = captureData(session);
            if (!c)
                die(QStringLiteral("captureData"), c.error());
            capture = std::move(*c);
        }));
        naiveMs = std::min(naiveMs, timed([&] {
            naive = exec(QStringLiteral("SELECT md5(string_agg(md5(t::text), '' ORDER BY id)) FROM code_chunks t")).scalar();
        }));
        summaryMs = std::min(summaryMs, timed([&] {
            if (auto c = captureData(session, summaryOnly); !c)
                die(QStringLiteral("captureData summary"), c.error());
        }));
        naiveSumMs = std::min(naiveSumMs, timed([&] {
            exec(QStringLiteral("SELECT sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric) FROM code_chunks t"));
        }));
    }
    const TableData &table = capture.tables.first();
    if (table.rows != rows)
        die(QStringLiteral("captureData"), Error::database(QStringLiteral("counted %1 rows").arg(table.rows)));
    const QString best = QStringLiteral("best of %1").arg(repeat);
    results.append({QStringLiteral("captureData (row detail, default)"), captureMs,
                    QStringLiteral("%1; %2 MB of hashes").arg(best).arg(double(table.hashes.size() * 8) / 1e6, 0, 'f', 1)});
    results.append({QStringLiteral("captureData (server aggregate only)"), summaryMs, best + QStringLiteral("; rowDetailLimit = 0")});
    results.append({QStringLiteral("md5(string_agg(md5(t::text) ORDER BY id))"), naiveMs, best});
    results.append({QStringLiteral("sum of md5(t::text), unordered"), naiveSumMs, best});

    std::printf("%-44s %10s %12s %9s %9s  %s\n", "method", "ms", "rows/s", "x count", "x naive", "note");
    for (const Measure &m : results) {
        std::printf("%-44s %10.1f %12.0f %9.1f %9.2f  %s\n", qPrintable(m.name), m.ms, double(rows) / (m.ms / 1000),
                    m.ms / countMs, m.ms / naiveMs, qPrintable(m.note));
    }

    // Client-side work on the captured detail.
    DataCapture second = capture;
    const double fingerprintMs = timed([&] { (void)table.fingerprint(); });
    const double compareMs = timed([&] { (void)compareCaptures(capture, second); });
    second.tables[0].hashes[second.tables[0].columns.size() * 5 + 6] ^= 1;  // one embedding "changed"
    QList<TableComparison> diff;
    const double compareChangedMs = timed([&] { diff = compareCaptures(capture, second); });
    QByteArray json;
    const double jsonMs = timed([&] { json = QJsonDocument(capture.toJson()).toJson(QJsonDocument::Compact); });
    std::printf("\nclient side: fingerprint over all columns %.1f ms; compare equal %.1f ms; compare with one change %.1f ms (%s);"
                " JSON with row detail %.1f MB in %.0f ms\n",
                fingerprintMs, compareMs, compareChangedMs, qPrintable(diff.first().describe().section(QLatin1Char(';'), 1)),
                double(json.size()) / 1e6, jsonMs);
    return 0;
}
