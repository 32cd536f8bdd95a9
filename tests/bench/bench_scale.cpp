// Benchmark (issue 13, timing curves): revisor scale's fit, checked against a measurement.
// Runs the bundled set's 002 upgrade and downgrade at three volumes of the scale seed (with
// its HNSW index when the server has pgvector), fits each step on the two smaller volumes
// only, and prints the prediction for the largest beside what was measured there. Not a
// test: it prints figures.
//
//   bench_scale [CHUNKS_PER_REPOSITORY ...]   (default 10 20 40, with 50 repositories)
//
// Goal: the prediction for the largest volume, fitted on the two smaller ones, is within 2x
// of the measured time (ratio between 0.5 and 2).
#include "db/session.h"
#include "migrations/migrationset.h"
#include "rehearsal/scalerun.h"
#include "testserver.h"

#include <QCoreApplication>

#include <cstdio>

using namespace revisor;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList chunks = app.arguments().mid(1);
    if (chunks.isEmpty())
        chunks = {QStringLiteral("10"), QStringLiteral("20"), QStringLiteral("40")};
    auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
    if (!set)
        qFatal("%s", qPrintable(set.error().toString()));
    auto settings = test::freshDatabase(QStringLiteral("bench_scale"));
    if (!settings)
        qFatal("%s", qPrintable(settings.error().toString()));
    auto session = test::openSession(*settings);
    ScaleOptions options;
    for (const QString &c : chunks)
        options.volumes << QMap<QString, QString>{{QStringLiteral("repositories"), QStringLiteral("50")}, {QStringLiteral("chunks"), c}};
    auto run = runScale(*session, *set, options, [](const QString &line) { std::fprintf(stderr, "%s\n", qPrintable(line)); });
    if (!run)
        qFatal("%s", qPrintable(run.error().toString()));
    ScaleRun fitted = *run;
    fitted.fit(int(run->points.size()) - 1);
    const ScalePoint &largest = run->points.constLast();
    std::printf("pgvector: %s; volumes (rows of %s):", run->pgvector ? "yes (HNSW index on the embeddings)" : "no",
                qPrintable(largest.rowsTable));
    for (const ScalePoint &p : run->points)
        std::printf(" %lld", p.rows);
    std::printf("\n");
    for (const auto &[name, fit, measured] : {std::tuple{"upgrade", fitted.upgradeFit, largest.upgradeMs},
                                              std::tuple{"downgrade", fitted.downgradeFit, largest.downgradeMs}}) {
        const double predicted = fit.predict(double(largest.rows));
        std::printf("%-9s fitted on the %d smaller volume(s): %s (%s); at %lld rows predicted %.0f ms, measured %.0f ms, ratio %.2f %s\n",
                    name, fit.points, qPrintable(fit.growthName()), qPrintable(fit.formula()), largest.rows, predicted, measured,
                    predicted / measured, predicted / measured >= 0.5 && predicted / measured <= 2 ? "(within 2x)" : "(NOT within 2x)");
    }
    return 0;
}
