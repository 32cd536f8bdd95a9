// Benchmark (issue 9, statement splitting): splitSql on generated scripts of INSERTs, beside
// libpg_query's own pg_query_split_with_scanner on the same bytes in the same run, so the
// figures can be compared across machines. Not a test: it prints figures.
//
//   bench_split [MB ...]      (default 1 4 50)
//
// Goal: splitting stays linear in the size of the script; a 50 MB file of ~450,000 INSERTs
// splits in seconds, within a small factor of the scanner alone.
#include "migrations/sqlsplitter.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <pg_query.h>

#include <cstdio>

using namespace revisor;

namespace {

// About 116 bytes a statement, so that 50 MB holds about 450,000 of them.
QString insertScript(qsizetype megabytes)
{
    const qsizetype target = megabytes * 1024 * 1024;
    QString script;
    script.reserve(target + 256);
    for (qint64 i = 1; script.size() < target; ++i) {
        script += QStringLiteral("INSERT INTO items (id, name, payload) VALUES (%1, 'item %1', 'payload text for row %1 -- not a comment');\n")
                      .arg(i);
    }
    return script;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QList<qsizetype> sizes;
    for (int i = 1; i < argc; ++i)
        sizes << QByteArray(argv[i]).toLongLong();
    if (sizes.isEmpty())
        sizes = {1, 4, 50};

    std::printf("%8s %10s %12s %14s %14s %8s\n", "MB", "statements", "splitSql s", "splitSql MB/s", "scanner MB/s", "ratio");
    for (const qsizetype mb : sizes) {
        const QString script = insertScript(mb);
        const QByteArray utf8 = script.toUtf8();
        const double megabytes = double(utf8.size()) / (1024 * 1024);

        QElapsedTimer t;
        t.start();
        const auto split = splitSql(script, QStringLiteral("bench.sql"), 1);
        const double splitSeconds = seconds(t);
        if (!split) {
            std::fprintf(stderr, "bench_split: %s\n", qPrintable(split.error().toString()));
            return 1;
        }

        t.start();
        PgQuerySplitResult reference = pg_query_split_with_scanner(utf8.constData());
        const double scannerSeconds = seconds(t);
        const int referenceStatements = reference.n_stmts;
        pg_query_free_split_result(reference);

        std::printf("%8.1f %10lld %12.2f %14.1f %14.1f %8.2f\n", megabytes, qlonglong(split->size()), splitSeconds,
                    megabytes / splitSeconds, megabytes / scannerSeconds, splitSeconds / scannerSeconds);
        if (referenceStatements != split->size())
            std::fprintf(stderr, "bench_split: the scanner found %d statements, splitSql %lld\n", referenceStatements,
                         qlonglong(split->size()));
        std::fflush(stdout);
    }
    return 0;
}
