// report.json says what inspection cost beside what the migration cost: each capture's
// duration (schema, data, per table) and each probe's.
#include "db/session.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "resultassert.h"
#include "testserver.h"

#include <QJsonArray>
#include <QTest>

#include <limits>

using namespace revisor;

class TstCaptureCost : public QObject
{
    Q_OBJECT

private slots:
    void reportCarriesCaptureAndProbeDurations()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        QVERIFY_RESULT(set);
        auto settings = test::freshDatabase(QStringLiteral("capturecost"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        RehearsalOptions options;
        // The re-upgrade probe runs, whatever the machine's load made the upgrade cost.
        options.repeatUpgradeUnderMs = std::numeric_limits<double>::infinity();
        Rehearsal rehearsal(*session, *set, options);
        auto outcome = rehearsal.run();
        QVERIFY_RESULT(outcome);
        const RehearsalResult &result = outcome->result;
        QVERIFY2(!result.error, qPrintable(result.error ? result.error->toString() : QString()));

        const QJsonObject json = result.toJson();
        const QJsonArray captures = json.value(QStringLiteral("captures")).toArray();
        QCOMPARE(captures.size(), 3);
        QStringList points;
        for (const auto &v : captures) {
            const QJsonObject c = v.toObject();
            points << c.value(QStringLiteral("point")).toString();
            const double total = c.value(QStringLiteral("duration_ms")).toDouble();
            const double schema = c.value(QStringLiteral("schema_ms")).toDouble();
            const double data = c.value(QStringLiteral("data_ms")).toDouble();
            QVERIFY(schema > 0 && data > 0);
            QVERIFY(schema + data <= total);
            // One entry per captured table, each with its own scan time.
            const QJsonArray tables = c.value(QStringLiteral("tables")).toArray();
            QVERIFY(!tables.isEmpty());
            double sum = 0;
            int read = 0;
            for (const auto &t : tables) {
                const QJsonObject o = t.toObject();
                QVERIFY(!o.value(QStringLiteral("name")).toString().isEmpty());
                // A table whose fingerprint was taken over from an earlier point was not read.
                const bool reused = o.contains(QStringLiteral("reused_from"));
                QCOMPARE(o.value(QStringLiteral("connections")).toInt() >= 1, !reused);
                QVERIFY(!reused || o.value(QStringLiteral("duration_ms")).toDouble() == 0);
                read += reused ? 0 : 1;
                sum += o.value(QStringLiteral("duration_ms")).toDouble();
            }
            QVERIFY(sum <= data);
            QVERIFY(read == 0 || sum > 0);
        }
        QCOMPARE(points, (QStringList{QStringLiteral("baseline"), QStringLiteral("upgraded"), QStringLiteral("rolled_back")}));
        QVERIFY(json.value(QStringLiteral("captures")).toArray().at(0).toObject().value(QStringLiteral("tables")).toArray().size()
                == outcome->facts.baseline.data.tables.size());
        // The probes' durations sit beside them.
        const QJsonObject probes = json.value(QStringLiteral("probes")).toObject();
        QVERIFY(probes.value(QStringLiteral("reupgrade")).toObject().value(QStringLiteral("duration_ms")).toDouble() > 0);
        QVERIFY(probes.value(QStringLiteral("downgrade")).toObject().contains(QStringLiteral("duration_ms")));

        auto back = RehearsalResult::fromJson(json);
        QVERIFY_RESULT(back);
        QCOMPARE(back->captures, result.captures);
    }
};

QTEST_GUILESS_MAIN(TstCaptureCost)
#include "tst_capturecost.moc"
