// Benchmark (not a test): diffSnapshotFiles() against reading both files in full, in process,
// on synthetic snapshots shaped like bench_snapshot's (10 columns, 3 constraints, 2 indexes a
// table), 100 changes apart. Needs no server.
//   bench_difffiles [tables=2000] [runs=7] [directory to keep the files in]
#include "schema/snapshotfiles.h"
#include "benchstats.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

using namespace revisor;

namespace {

Snapshot synthetic(int tables, bool changed)
{
    Snapshot s;
    s.schemas << SchemaInfo{QStringLiteral("public"), QStringLiteral("pg_database_owner"), {}, {}};
    for (int i = 0; i < tables; ++i) {
        Table t;
        t.schema = QStringLiteral("public");
        t.name = QStringLiteral("t_%1").arg(i);
        t.kind = QStringLiteral("table");
        t.persistence = QStringLiteral("permanent");
        t.owner = QStringLiteral("postgres");
        t.comment = QStringLiteral("table number %1").arg(i);
        const char *types[] = {"bigint", "bigint", "character varying(50)", "numeric(12,2)", "integer",
                               "timestamp with time zone", "boolean", "jsonb", "text[]", "date"};
        const char *names[] = {"id", "parent_id", "name", "amount", "quantity", "created_at", "active", "payload", "tags", "due"};
        for (int c = 0; c < 10; ++c)
            t.columns << Column{QLatin1String(names[c]), c + 1, QLatin1String(types[c]), c == 0 || c == 2 || c == 4,
                                c == 2 ? QStringLiteral("'unnamed'::character varying") : QString(), {}, {}, {}, {}, {}, {}, {}, {}, {}};
        t.constraints << Constraint{t.name + QStringLiteral("_pkey"), QStringLiteral("primary key"), QStringLiteral("PRIMARY KEY (id)"), true, false, false, {}}
                      << Constraint{t.name + QStringLiteral("_amount_check"), QStringLiteral("check"), QStringLiteral("CHECK ((amount >= (0)::numeric))"), true, false, false, {}}
                      << Constraint{t.name + QStringLiteral("_parent_id_fkey"), QStringLiteral("foreign key"),
                                    QStringLiteral("FOREIGN KEY (parent_id) REFERENCES public.t_%1(id) ON DELETE CASCADE").arg(std::max(i - 1, 0)), true, false, false, {}};
        t.indexes << Index{t.name + QStringLiteral("_name_idx"), QStringLiteral("CREATE INDEX %1_name_idx ON public.%1 USING btree (name, created_at)").arg(t.name), false, false, true, {}, {}}
                  << Index{t.name + QStringLiteral("_pkey"), QStringLiteral("CREATE UNIQUE INDEX %1_pkey ON public.%1 USING btree (id)").arg(t.name), true, true, true, {}, {}};
        if (changed && i % 80 == 0) {
            t.comment = QStringLiteral("changed");
            t.columns[2].defaultExpr = QStringLiteral("'x'::character varying");
        }
        s.tables << t;
    }
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int tables = argc > 1 ? QByteArray(argv[1]).toInt() : 2000;
    const int runs = std::max(1, argc > 2 ? QByteArray(argv[2]).toInt() : 7);
    QTemporaryDir temporary;
    const QString dir = argc > 3 ? QString::fromLocal8Bit(argv[3]) : temporary.path();
    const Snapshot a = synthetic(tables, false), b = synthetic(tables, true);
    for (const SnapshotLayout layout : {SnapshotLayout::Compact, SnapshotLayout::Pretty}) {
        const QString tag = layout == SnapshotLayout::Pretty ? QStringLiteral("pretty") : QStringLiteral("compact");
        const QString fa = dir + QLatin1Char('/') + tag + QStringLiteral("-a.json"), fb = dir + QLatin1Char('/') + tag + QStringLiteral("-b.json");
        if (!writeSnapshotFile(a, fa, layout) || !writeSnapshotFile(b, fb, layout))
            return 1;
        bench::Series inProcess{QStringLiteral("diffSnapshots in process"), {}};
        bench::Series full{QStringLiteral("%1: read both in full + diff").arg(tag), {}};
        bench::Series pruned{QStringLiteral("%1: diffSnapshotFiles").arg(tag), {}};
        for (int i = 0; i < runs; ++i) {
            inProcess.ms << bench::timedMs([&] { (void)diffSnapshots(a, b); });
            full.ms << bench::timedMs([&] {
                auto both = readSnapshotFiles(fa, fb);
                (void)diffSnapshots(both->first, both->second);
            });
            pruned.ms << bench::timedMs([&] { (void)diffSnapshotFiles(fa, fb); });
        }
        bench::printHeader();
        bench::printLine(inProcess);
        bench::printLine(full, &inProcess);
        bench::printLine(pruned, &inProcess, 3.0);
    }
    return 0;
}
