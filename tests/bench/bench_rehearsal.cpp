// Benchmark (issue 12, goals 2, 3 and 6): what a rehearsal costs around its migration steps.
// The bundled codebase_mcp set plus one revision that indexes the embeddings (HNSW where the
// server has pgvector, else a btree on two columns), seeded with the scale seed (100
// repositories x 1000 chunks = 100,000 rows with 1536-value embeddings), rehearsed from 005 to
// that revision. Not a test: it prints figures.
//
//   bench_rehearsal [chunks per repository=1000] [runs=5]
//
// Reference: the upgrade plus the downgrade (the migration's own cost, measured in the same
// rehearsal). Measured: the rehearsal without its baseline phase and seed (setup any tool
// pays), i.e. the captures, the migration and the probes. Goal: <= 1.3x. The point after the
// upgrade counts rows only, the one after the rollback takes over the fingerprints of tables
// no step wrote, and the re-upgrade probe is not repeated when the rollback restored the
// baseline exactly (the first run prints these choices). BENCH_FULL_PROBES=1 repeats it.
#include "benchstats.h"

#include "db/session.h"
#include "migrations/setreaders.h"
#include "rehearsal/rehearsal.h"
#include "tempset.h"
#include "testserver.h"

#include <QCoreApplication>

#include <cstdio>
#include <limits>

using namespace revisor;
using namespace revisor::bench;

namespace {

[[noreturn]] void die(const QString &what, const QString &why)
{
    std::fprintf(stderr, "bench_rehearsal: %s: %s\n", qPrintable(what), qPrintable(why));
    std::exit(1);
}

const QString kIndexRevision = QStringLiteral(R"(-- revision: 006
-- revises: 002
-- message: index the embeddings (HNSW with pgvector, else a btree)
-- migrate:up
DO $$
BEGIN
    IF (SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = 'code_chunks'::regclass AND a.attname = 'embedding') = 'vector' THEN
        EXECUTE 'CREATE INDEX idx_code_chunks_embedding ON code_chunks USING hnsw (embedding vector_l2_ops)';
    ELSE
        EXECUTE 'CREATE INDEX idx_code_chunks_embedding ON code_chunks (project_id, file_path)';
    END IF;
END
$$;
-- migrate:down
DROP INDEX idx_code_chunks_embedding;
)");

double phaseMs(const ScenarioFacts &facts, const QString &name)
{
    double ms = 0;
    for (const Phase &p : facts.phases) {
        if (p.name == name)
            ms += p.durationMs;
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int chunks = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const int runs = std::max(1, argc > 2 ? QByteArray(argv[2]).toInt() : 5);
    test::TempSet files(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"),
                        {{QStringLiteral("versions/006_embedding_index.sql"), kIndexRevision}});
    auto set = readMigrationSet(files.path(), {});
    if (!set)
        die(QStringLiteral("reading the set"), set.error().toString());
    std::printf("codebase_mcp + 006 (embedding index), scale seed 100 x %d chunks, pgvector: %s, %d runs\n", chunks,
                test::server().hasPgvector() ? "yes (HNSW)" : "no (btree)", runs);

    Series migration{QStringLiteral("upgrade + downgrade (reference)"), {}};
    Series inspected{QStringLiteral("rehearsal without baseline and seed"), {}};
    Series captures{QStringLiteral("  captures (3 points)"), {}};
    Series probes{QStringLiteral("  probes (downgrade -1, re-upgrade)"), {}};
    Series upgraded{QStringLiteral("  capture at upgraded"), {}};
    Series reupgrade{QStringLiteral("  re-upgrade probe"), {}};
    Series rolledBack{QStringLiteral("  capture at rolled_back"), {}};
    for (int run = 0; run < runs; ++run) {
        auto db = test::freshDatabase(QStringLiteral("bench_rehearsal"));
        if (!db)
            die(QStringLiteral("database"), db.error().toString());
        auto session = test::openSession(*db);
        RehearsalOptions options;
        options.baseline = QStringLiteral("005");
        options.target = QStringLiteral("006");
        options.seed = QStringLiteral("scale");
        options.seedParameters = {{QStringLiteral("repositories"), QStringLiteral("100")},
                                  {QStringLiteral("chunks"), QString::number(chunks)}};
        options.rollbackBudgetMs = 1e9;
        options.scenarioBudgetMs = 1e9;
        if (qEnvironmentVariableIntValue("BENCH_FULL_PROBES") == 1)
            options.repeatUpgradeUnderMs = std::numeric_limits<double>::infinity();
        Rehearsal rehearsal(*session, *set, options);
        auto outcome = rehearsal.run();
        if (!outcome)
            die(QStringLiteral("rehearsal"), outcome.error().toString());
        const ScenarioFacts &f = outcome->facts;
        if (outcome->result.error)
            die(QStringLiteral("rehearsal"), outcome->result.error->toString());
        const double up = phaseMs(f, QStringLiteral("upgrade")), down = phaseMs(f, QStringLiteral("downgrade"));
        const double setup = phaseMs(f, QStringLiteral("baseline")) + phaseMs(f, QStringLiteral("seed"));
        migration.ms << up + down;
        inspected.ms << f.scenarioMs - setup;
        captures.ms << f.baseline.captureMs + f.upgraded.captureMs + f.rolledBack.captureMs;
        upgraded.ms << f.upgraded.captureMs;
        probes.ms << f.downgradeProbe.durationMs + f.reupgradeProbe.durationMs;
        reupgrade.ms << f.reupgradeProbe.durationMs;
        rolledBack.ms << f.rolledBack.captureMs;
        std::printf("run %d: scenario %.0f ms (setup %.0f, upgrade %.0f, downgrade %.0f, captures %.0f, probes %.0f)\n", run + 1,
                    f.scenarioMs, setup, up, down, captures.ms.last(), probes.ms.last());
        if (run == 0)
            std::printf("  upgraded: %s\n  rolled back: %s\n  re-upgrade probe: %s\n", qPrintable(f.upgraded.dataNote),
                        qPrintable(f.rolledBack.dataNote),
                        qPrintable(f.reupgradeProbe.inferred ? QStringLiteral("not repeated") : f.reupgradeProbe.choice));
        std::fflush(stdout);
    }
    printHeader();
    printLine(migration);
    printLine(inspected, &migration, 1.3);
    printLine(captures, &migration);
    printLine(upgraded, &migration);
    printLine(rolledBack, &migration);
    printLine(probes, &migration);
    printLine(reupgrade, &migration);
    return 0;
}
