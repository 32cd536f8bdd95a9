// The re-upgrade probe is not repeated when the rollback restored the baseline exactly and
// the upgrade took long enough to matter; it is repeated when anything differs, and the
// report says which was chosen and why.
#include "brokencopy.h"
#include "tempset.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace revisor;
using Verdict = CheckResult::Status;

namespace {

QMap<QString, QString> itemsSet(const QString &down)
{
    return {{QStringLiteral("001_items.sql"),
             test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE items (id int PRIMARY KEY, label text);"),
                                QStringLiteral("DROP TABLE items;"))},
            {QStringLiteral("002_note.sql"),
             test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                QStringLiteral("ALTER TABLE items ADD COLUMN note text;\nUPDATE items SET note = label;"), down)},
            {QStringLiteral("seeds/sample.sql"), QStringLiteral("-- seed: sample\nINSERT INTO items VALUES (1, 'a'), (2, 'b');\n")}};
}

const CheckResult &reupgradeCheck(const RehearsalResult &r)
{
    for (const CheckResult &c : r.checks) {
        if (c.id == QLatin1String("probe.reupgrade"))
            return c;
    }
    qFatal("no probe.reupgrade check");
}

} // namespace

class TstProbeChoice : public QObject
{
    Q_OBJECT

private slots:
    void exactRollbackIsNotRepeated()
    {
        test::TempSet set(itemsSet(QStringLiteral("ALTER TABLE items DROP COLUMN note;")));
        RehearsalOptions options;
        options.repeatUpgradeUnderMs = 0;  // whatever the upgrade cost
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("probe_inferred"), options);
        QVERIFY2(r.passed(), qPrintable(test::describeChecks(r)));
        QVERIFY(r.reupgradeProbe.inferred);
        QVERIFY(!r.reupgradeProbe.ran);
        QCOMPARE(r.reupgradeProbe.durationMs, 0.0);
        const CheckResult &c = reupgradeCheck(r);
        QCOMPARE(c.status, Verdict::Pass);
        QVERIFY2(c.detail.contains(QLatin1String("not repeated: the rollback restored the baseline exactly")), qPrintable(c.detail));
        // What it does not prove is said, with the way to prove it.
        QVERIFY2(c.detail.contains(QLatin1String("Not proved:")) && c.detail.contains(QLatin1String("--full-probes")), qPrintable(c.detail));
        // The downgrade probe still runs.
        QVERIFY(r.downgradeProbe.ran || !r.downgradeProbe.detail.isEmpty());
        // The choice survives the JSON report.
        const QJsonObject probe = r.toJson().value(QStringLiteral("probes")).toObject().value(QStringLiteral("reupgrade")).toObject();
        QVERIFY(probe.value(QStringLiteral("inferred")).toBool());
        QVERIFY(probe.value(QStringLiteral("choice")).toString().contains(QLatin1String("Not proved")));
    }

    // A rollback that left something behind: the state is not the baseline's, so the probe
    // runs (and here fails: the column it adds is still there).
    void differingRollbackIsRepeated()
    {
        test::TempSet set(itemsSet(QStringLiteral("UPDATE items SET label = label;")));
        RehearsalOptions options;
        options.repeatUpgradeUnderMs = 0;
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("probe_repeated"), options);
        QVERIFY(!r.passed());
        QVERIFY(!r.reupgradeProbe.inferred);
        QVERIFY(r.reupgradeProbe.ran);
        const CheckResult &c = reupgradeCheck(r);
        QCOMPARE(c.status, Verdict::Fail);
        QVERIFY2(c.detail.contains(QLatin1String("the upgrade repeated in full: the schema after the rollback differs")), qPrintable(c.detail));
    }

    // --full-probes (and a short upgrade) repeat it whatever the state.
    void fullProbesRepeat()
    {
        test::TempSet set(itemsSet(QStringLiteral("ALTER TABLE items DROP COLUMN note;")));
        RehearsalOptions options;
        options.repeatUpgradeUnderMs = std::numeric_limits<double>::infinity();
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("probe_full"), options);
        QVERIFY2(r.passed(), qPrintable(test::describeChecks(r)));
        QVERIFY(r.reupgradeProbe.ran && !r.reupgradeProbe.inferred);
        QVERIFY2(reupgradeCheck(r).detail.contains(QLatin1String("the upgrade repeated in full: --full-probes asks for it")), qPrintable(reupgradeCheck(r).detail));
    }
};

QTEST_GUILESS_MAIN(TstProbeChoice)
#include "tst_probechoice.moc"
