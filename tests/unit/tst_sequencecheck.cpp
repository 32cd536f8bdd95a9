// data.sequence-behind judged on hand-built facts: behind after the rollback fails, behind
// already at the baseline only warns (not the rollback's doing), ahead passes.
#include "checks/checks.h"

#include <QTest>

using namespace revisor;

namespace {

SequenceFeed feed(const QString &next, const QString &extreme, bool behind)
{
    return SequenceFeed{QStringLiteral("public.t_id_seq"), QStringLiteral("public.t.id"), next, extreme, behind};
}

ScenarioFacts facts(const SequenceFeed &atBaseline, const SequenceFeed &afterRollback)
{
    ScenarioFacts f;
    f.baseline.captured = true;
    f.baseline.sequenceFeeds = {atBaseline};
    f.rolledBack.captured = true;
    f.rolledBack.sequenceFeeds = {afterRollback};
    return f;
}

} // namespace

class TestSequenceCheck : public QObject
{
    Q_OBJECT

private slots:
    void verdicts_data()
    {
        QTest::addColumn<SequenceFeed>("baseline");
        QTest::addColumn<SequenceFeed>("rolledBack");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("needle");
        QTest::newRow("ahead") << feed("4", "3", false) << feed("4", "3", false) << int(CheckResult::Status::Pass)
                               << QStringLiteral("1 sequence(s) ahead");
        QTest::newRow("moved forward") << feed("4", "3", false) << feed("101", "3", false) << int(CheckResult::Status::Pass)
                                       << QStringLiteral("ahead");
        QTest::newRow("set behind by the rollback") << feed("4", "3", false) << feed("2", "3", true)
                                                    << int(CheckResult::Status::Fail)
                                                    << QStringLiteral("public.t_id_seq -> public.t.id: next value 2, column holds up to 3");
        QTest::newRow("behind already at the baseline") << feed("1", "3", true) << feed("1", "3", true)
                                                        << int(CheckResult::Status::Warn)
                                                        << QStringLiteral("already so at the baseline");
    }

    void verdicts()
    {
        QFETCH(SequenceFeed, baseline);
        QFETCH(SequenceFeed, rolledBack);
        QFETCH(int, status);
        QFETCH(QString, needle);
        const ScenarioFacts f = facts(baseline, rolledBack);
        const CheckResult c = sequencesAheadOfData(f);
        QCOMPARE(int(c.status), status);
        QVERIFY2(c.detail.contains(needle), qPrintable(c.detail));
        QCOMPARE(sequencesBehindTheirData(f).isEmpty(), !rolledBack.behind);
    }

    void skippedWithoutRollback()
    {
        ScenarioFacts f = facts(feed("4", "3", false), feed("2", "3", true));
        f.rolledBack.captured = false;
        QCOMPARE(sequencesAheadOfData(f).status, CheckResult::Status::Skip);
    }
};

QTEST_GUILESS_MAIN(TestSequenceCheck)
#include "tst_sequencecheck.moc"
