// Benchmark (not a test): snapshot of a 2,000-table schema against pg_dump --schema-only on the
// same database in the same run, and the diff of two such snapshots.
// Goals (issue 3): snapshot < 1/3 of pg_dump; diff < 50 ms.
// Goal (issue 12, 5): `revisor diff` of two snapshot files within 3x of the in-process diff;
// the files compact (the default) and pretty (--pretty, the only layout before).
//   bench_snapshot [tables=2000] [runs=5]      (10000 tables work too)

#include "db/scratchcluster.h"
#include "db/session.h"
#include "schema/catalogreader.h"
#include "schema/snapshotdiff.h"
#include "testserver.h"
#include "benchstats.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace revisor;

namespace {

[[noreturn]] void die(const QString &what, const Error &e)
{
    std::fprintf(stderr, "bench_snapshot: %s: %s\n", qPrintable(what), qPrintable(e.toString()));
    std::exit(1);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

// t_<i>: 10 columns, a primary key, a CHECK, an index and a foreign key to t_<i-1> (t_0 to
// itself). Created 100 tables per transaction to stay under max_locks_per_transaction.
void createSchema(Session &session, int tables)
{
    const QString batch = QStringLiteral(R"(
DO $$
BEGIN
  FOR i IN %1..%2 LOOP
    EXECUTE format('CREATE TABLE public.%I (
        id bigint PRIMARY KEY,
        parent_id bigint REFERENCES public.%I (id) ON DELETE CASCADE,
        name varchar(50) NOT NULL DEFAULT ''unnamed'',
        amount numeric(12, 2) CHECK (amount >= 0),
        quantity integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        active boolean DEFAULT true,
        payload jsonb,
        tags text[],
        due date)', 't_' || i, 't_' || greatest(i - 1, 0));
    EXECUTE format('CREATE INDEX %I ON public.%I (name, created_at)', 't_' || i || '_name_idx', 't_' || i);
    EXECUTE format('COMMENT ON TABLE public.%I IS %L', 't_' || i, 'table number ' || i);
  END LOOP;
END
$$)");
    for (int from = 0; from < tables; from += 100) {
        const int to = std::min(from + 100, tables) - 1;
        if (auto r = session.exec(batch.arg(from).arg(to)); !r)
            die(QStringLiteral("creating tables %1..%2").arg(from).arg(to), r.error());
    }
}

Snapshot capture(Session &session)
{
    auto s = captureSnapshot(session);
    if (!s)
        die(QStringLiteral("snapshot"), s.error());
    return std::move(*s);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int tables = argc > 1 ? QByteArray(argv[1]).toInt() : 2000;
    const int runs = std::max(1, argc > 2 ? QByteArray(argv[2]).toInt() : 5);

    ScratchCluster &cluster = test::server();
    auto settings = test::freshDatabase(QStringLiteral("bench_snapshot"));
    if (!settings)
        die(QStringLiteral("creating the database"), settings.error());
    auto session = Session::open(*settings);
    if (!session)
        die(QStringLiteral("connecting"), session.error());
    Session &db = **session;

    QElapsedTimer timer;
    timer.start();
    createSchema(db, tables);
    db.exec(QStringLiteral("ANALYZE"));
    std::printf("schema: %d tables created in %lld ms on PostgreSQL %s\n", tables, timer.elapsed(),
                qPrintable(db.serverVersion()));

    auto binDir = ScratchCluster::findBinDir();
    if (!binDir)
        die(QStringLiteral("finding pg_dump"), binDir.error());
    const QString pgDump = *binDir + QStringLiteral("/pg_dump");
    const QStringList dumpArgs{QStringLiteral("--schema-only"), QStringLiteral("-h"), cluster.socketDirectory(),
                               QStringLiteral("-p"), QString::number(cluster.port()), QStringLiteral("-U"),
                               QStringLiteral("postgres"), QStringLiteral("-d"), db.databaseName(),
                               QStringLiteral("-f"), QStringLiteral("/dev/null")};

    // Warm both up once (catalog caches, page cache), then alternate the timed runs.
    Snapshot first = capture(db);
    QList<double> snapshotMs, dumpMs;
    for (int i = 0; i < runs; ++i) {
        timer.restart();
        first = capture(db);
        snapshotMs << timer.nsecsElapsed() / 1e6;

        QProcess dump;
        timer.restart();
        dump.start(pgDump, dumpArgs);
        if (!dump.waitForFinished(300000) || dump.exitStatus() != QProcess::NormalExit || dump.exitCode() != 0) {
            std::fprintf(stderr, "bench_snapshot: pg_dump failed: %s\n", dump.readAllStandardError().constData());
            return 1;
        }
        dumpMs << timer.nsecsElapsed() / 1e6;
    }
    qsizetype columns = 0, constraints = 0, indexes = 0;
    for (const Table &t : first.tables) {
        columns += t.columns.size();
        constraints += t.constraints.size();
        indexes += t.indexes.size();
    }
    std::printf("captured: %lld tables, %lld columns, %lld constraints, %lld indexes, %lld sequences\n",
                qlonglong(first.tables.size()), qlonglong(columns), qlonglong(constraints), qlonglong(indexes),
                qlonglong(first.sequences.size()));
    const double snap = median(snapshotMs), dumped = median(dumpMs);
    std::printf("snapshot:            %8.1f ms (median of %d; min %.1f)\n", snap, runs,
                *std::min_element(snapshotMs.begin(), snapshotMs.end()));
    std::printf("pg_dump schema-only: %8.1f ms (median of %d; min %.1f)\n", dumped, runs,
                *std::min_element(dumpMs.begin(), dumpMs.end()));
    std::printf("ratio snapshot/pg_dump: %.3f (goal < 0.333) %s\n", snap / dumped, snap * 3 < dumped ? "OK" : "MISSED");

    // Diff: two captures of the same schema, then against a schema with 100 changes.
    const Snapshot second = capture(db);
    QList<double> identicalMs;
    SchemaDiff diff;
    for (int i = 0; i < 10; ++i) {
        timer.restart();
        diff = diffSnapshots(first, second);
        identicalMs << timer.nsecsElapsed() / 1e6;
    }
    if (!diff.isEmpty()) {
        std::fprintf(stderr, "bench_snapshot: two captures of one schema differ:\n%s", qPrintable(diff.toText()));
        return 1;
    }
    for (int i = 0; i < tables && i < 100; i += 4) {
        const QString t = db.quoteIdent(QStringLiteral("t_%1").arg(i * 17 % tables));
        db.exec(QStringLiteral("ALTER TABLE public.%1 ALTER COLUMN name SET DEFAULT 'x'").arg(t));
        db.exec(QStringLiteral("ALTER TABLE public.%1 ADD COLUMN extra text").arg(t));
        db.exec(QStringLiteral("COMMENT ON TABLE public.%1 IS 'changed'").arg(t));
        db.exec(QStringLiteral("CREATE INDEX ON public.%1 (quantity)").arg(t));
    }
    const Snapshot changed = capture(db);
    QList<double> changedMs;
    for (int i = 0; i < 10; ++i) {
        timer.restart();
        diff = diffSnapshots(first, changed);
        changedMs << timer.nsecsElapsed() / 1e6;
    }
    std::printf("diff identical:      %8.2f ms (median of 10)\n", median(identicalMs));
    std::printf("diff with %lld changes: %6.2f ms (median of 10) (goal < 50 ms) %s\n", qlonglong(diff.size()),
                median(changedMs), std::max(median(identicalMs), median(changedMs)) < 50 ? "OK" : "MISSED");

    // The CLI on files, against the diff in process, in the same run.
    QTemporaryDir dir;
    const QString revisor = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/revisor");
    // The floor of any `revisor diff`: the process alone (loading Qt and its libraries, which
    // Debian links with BIND_NOW), on two empty snapshots.
    const QString empty = dir.filePath(QStringLiteral("empty.json"));
    if (!writeSnapshotFile(Snapshot{}, empty))
        die(QStringLiteral("writing snapshot files"), Error::database(dir.path()));
    bench::Series floor{QStringLiteral("revisor diff of two empty snapshots (process floor)"), {}};
    for (const SnapshotLayout layout : {SnapshotLayout::Pretty, SnapshotLayout::Compact}) {
        const QString tag = layout == SnapshotLayout::Pretty ? QStringLiteral("pretty") : QStringLiteral("compact");
        const QString a = dir.filePath(tag + QStringLiteral("-a.json")), b = dir.filePath(tag + QStringLiteral("-b.json"));
        if (!writeSnapshotFile(first, a, layout) || !writeSnapshotFile(changed, b, layout))
            die(QStringLiteral("writing snapshot files"), Error::database(dir.path()));
        bench::Series inProcess{QStringLiteral("diffSnapshots in process"), {}};
        bench::Series loaded{QStringLiteral("%1: read both files + diff, in process").arg(tag), {}};
        bench::Series cli{QStringLiteral("%1: revisor diff A B").arg(tag), {}};
        for (int i = 0; i < runs; ++i) {
            inProcess.ms << bench::timedMs([&] { diff = diffSnapshots(first, changed); });
            loaded.ms << bench::timedMs([&] {
                auto x = readSnapshotFile(a);
                auto y = readSnapshotFile(b);
                if (!x || !y)
                    die(QStringLiteral("reading"), Error::database(a));
                diff = diffSnapshots(*x, *y);
            });
            cli.ms << bench::timedMs([&] {
                QProcess p;
                p.start(revisor, {QStringLiteral("diff"), a, b});
                if (!p.waitForFinished(300000) || p.exitCode() != 1)
                    die(QStringLiteral("revisor diff"), Error::database(QString::fromLocal8Bit(p.readAllStandardError())));
            });
            floor.ms << bench::timedMs([&] {
                QProcess p;
                p.start(revisor, {QStringLiteral("diff"), empty, empty});
                if (!p.waitForFinished(300000) || p.exitCode() != 0)
                    die(QStringLiteral("revisor diff"), Error::database(QString::fromLocal8Bit(p.readAllStandardError())));
            });
        }
        std::printf("\n%s files: %.1f MB each\n", qPrintable(tag), QFileInfo(a).size() / 1e6);
        bench::printHeader();
        bench::printLine(inProcess);
        bench::printLine(loaded, &inProcess);
        bench::printLine(cli, &inProcess, 3.0);
        bench::printLine(floor, &inProcess);
        floor.ms.clear();
    }

    timer.restart();
    const QByteArray json = QJsonDocument(first.toJson()).toJson(QJsonDocument::Compact);
    const double toJsonMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    auto back = Snapshot::fromJson(QJsonDocument::fromJson(json).object());
    const double fromJsonMs = timer.nsecsElapsed() / 1e6;
    if (!back || !(*back == first)) {
        std::fprintf(stderr, "bench_snapshot: JSON round trip differs\n");
        return 1;
    }
    std::printf("json: %.1f MB, write %.1f ms, read %.1f ms\n", json.size() / 1e6, toJsonMs, fromJsonMs);
    return 0;
}
