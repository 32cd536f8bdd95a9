// The whole rehearsal against a real PostgreSQL (the scratch cluster): the bundled set passes
// every check without a false alarm, and each deliberately broken copy of it (only the
// `-- migrate:down` section of 002 edited) is caught by failing checks that name the object.
#include "brokencopies.h"
#include "brokencopy.h"
#include "db/session.h"
#include "resultassert.h"
#include "migrations/migrationset.h"
#include "rehearsal/rehearsal.h"
#include "report/reports.h"
#include "core/textescape.h"
#include "tempset.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;

namespace {

const QString Revision002 = QStringLiteral("versions/002_project_id_and_search_only.sql");
const QString DownMarker = QStringLiteral("-- migrate:down");

QString bundledSet()
{
    return test::sourceDir() + QStringLiteral("/migrations/codebase_mcp");
}

QString readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(f.readAll());
}

// The checks of a result as "id=status" lines, for failure messages.
QString describeChecks(const RehearsalResult &r)
{
    QStringList lines;
    for (const CheckResult &c : r.checks)
        lines << QStringLiteral("%1 [%2] %3").arg(c.id, CheckResult::statusName(c.status), c.detail.left(400));
    if (r.error)
        lines << QStringLiteral("error: ") + r.error->toString();
    return lines.join(QLatin1Char('\n'));
}

const CheckResult *findCheck(const RehearsalResult &r, const QString &id)
{
    return revisor::findCheck(r.checks, id);
}

struct JUnitCounts
{
    int testcases = 0;
    int failures = 0;
    QString error;
};

JUnitCounts parseJUnit(const QByteArray &xml)
{
    JUnitCounts counts;
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (reader.name() == QLatin1String("testcase"))
            ++counts.testcases;
        else if (reader.name() == QLatin1String("failure"))
            ++counts.failures;
    }
    if (reader.hasError())
        counts.error = QStringLiteral("line %1: %2").arg(reader.lineNumber()).arg(reader.errorString());
    return counts;
}

} // namespace

class TestRehearsal : public QObject
{
    Q_OBJECT

private:
    // One rehearsal with default options on a fresh database; qFatal when it cannot run at all.
    // (test::rehearseSet also requires a tried repair script wherever the schema differs.)
    RehearsalResult rehearse(const QString &setDirectory, const QString &prefix, qint64 *elapsedMs = nullptr)
    {
        QElapsedTimer timer;
        timer.start();
        RehearsalResult result = test::rehearseSet(setDirectory, prefix);
        if (elapsedMs)
            *elapsedMs = timer.elapsed();
        return result;
    }

    // The reports written from the result say the same as the result.
    static void verifyReports(const RehearsalResult &result)
    {
        const QByteArray json = jsonReport(result);
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        QVERIFY2(!doc.isNull(), qPrintable(parseError.errorString()));
        QCOMPARE(doc.object().value(QStringLiteral("format")).toString(), QStringLiteral("revisor-report/1"));
        QCOMPARE(doc.object().value(QStringLiteral("verdict")).toString(), result.passed() ? QStringLiteral("pass") : QStringLiteral("fail"));
        auto back = RehearsalResult::fromJson(doc.object());
        QVERIFY_RESULT(back);
        QCOMPARE(back->passed(), result.passed());
        QCOMPARE(back->checks, result.checks);
        QCOMPARE(back->tables, result.tables);
        QCOMPARE(back->rollbackDiff, result.rollbackDiff);
        QCOMPARE(back->upgradeDiff, result.upgradeDiff);
        QCOMPARE(back->allSteps().size(), result.allSteps().size());

        const JUnitCounts junit = parseJUnit(junitReport(result));
        QVERIFY2(junit.error.isEmpty(), qPrintable(junit.error));
        QCOMPARE(junit.testcases, int(result.checks.size()));
        QCOMPARE(junit.failures, result.count(CheckResult::Status::Fail));

        const QByteArray md = markdownReport(result);
        QVERIFY(!md.isEmpty());
        for (const CheckResult &c : result.checks) {
            if (c.failed())
                QVERIFY2(md.contains(c.id.toUtf8()), qPrintable(c.id));
        }
    }

private slots:
    void bundledSetPasses()
    {
        qint64 ms = 0;
        const RehearsalResult r = rehearse(bundledSet(), QStringLiteral("rehearse_ok"), &ms);
        qInfo("bundled set: %lld ms, %d checks", ms, int(r.checks.size()));
        QVERIFY2(!r.error, qPrintable(describeChecks(r)));
        QVERIFY2(r.passed(), qPrintable(describeChecks(r)));
        QCOMPARE(r.count(CheckResult::Status::Fail), 0);
        QVERIFY2(r.count(CheckResult::Status::Warn) == 0, qPrintable(describeChecks(r)));
        QCOMPARE(r.baselineRevision.id(), QStringLiteral("005"));
        QCOMPARE(r.targetRevision.id(), QStringLiteral("002"));
        QCOMPARE(r.finalRevision.id(), QStringLiteral("005"));
        QCOMPARE(r.seed, QStringLiteral("sample"));
        QVERIFY2(r.rollbackDiff.isEmpty(), qPrintable(r.rollbackDiff.toText()));
        QVERIFY(!r.upgradeDiff.isEmpty());
        const QStringList required{QStringLiteral("V1.3"), QStringLiteral("V2.2"), QStringLiteral("V3.2"), QStringLiteral("V4.3"),
                                   QStringLiteral("V5.5"), QStringLiteral("data.paths"), QStringLiteral("data.contents"),
                                   QStringLiteral("data.embeddings"), QStringLiteral("idempotency"), QStringLiteral("perf.rollback"),
                                   QStringLiteral("perf.scenario"), QStringLiteral("schema.identical"), QStringLiteral("data.preserved")};
        for (const QString &id : required) {
            const CheckResult *c = findCheck(r, id);
            QVERIFY2(c, qPrintable(QStringLiteral("check %1 missing:\n%2").arg(id, describeChecks(r))));
            QVERIFY2(c->status == CheckResult::Status::Pass, qPrintable(QStringLiteral("%1: %2").arg(id, c->detail)));
        }
        // The seed's rows came through: 3 repositories and 4 chunks, same fingerprints.
        int seen = 0;
        for (const TableComparison &t : r.tables) {
            if (t.table == QLatin1String("public.repositories") || t.table == QLatin1String("public.code_chunks")) {
                ++seen;
                QCOMPARE(t.rowsBefore, qint64(t.table.endsWith(QLatin1String("chunks")) ? 4 : 3));
                QCOMPARE(t.rowsAfter, t.rowsBefore);
                QVERIFY(!t.fingerprintBefore.isEmpty());
                QCOMPARE(t.fingerprintAfter, t.fingerprintBefore);
            }
        }
        QCOMPARE(seen, 2);
        verifyReports(r);
    }

    void brokenCopyIsCaught_data()
    {
        QTest::addColumn<QString>("find");      // replaced in the down section; empty: append
        QTest::addColumn<QString>("replace");
        QTest::addColumn<QStringList>("expect"); // "checkid:needle", needle in the detail or objects
        // The copies are listed once, for this test and tst_repaircopies.
        for (const test::BrokenCopy &copy : test::rehearsalBrokenCopies())
            QTest::newRow(qPrintable(copy.name)) << copy.find << copy.replace << copy.expect;
    }

    void brokenCopyIsCaught()
    {
        QFETCH(QString, find);
        QFETCH(QString, replace);
        QFETCH(QStringList, expect);

        // Edit only the down section, and make sure the edit happened.
        const QString original = readFile(bundledSet() + QLatin1Char('/') + Revision002);
        const qsizetype marker = original.indexOf(DownMarker);
        QVERIFY(marker > 0);
        const QString up = original.left(marker);
        QString down = original.mid(marker);
        if (find.isEmpty()) {
            down += QStringLiteral("\n") + replace + QStringLiteral("\n");
        } else {
            QCOMPARE(down.count(find), qsizetype(1));
            const QString before = down;
            down.replace(find, replace);
            QVERIFY(down != before);
        }
        QVERIFY(up + down != original);
        QCOMPARE((up + down).left(marker), original.left(marker));

        test::TempSet broken(bundledSet(), {{Revision002, up + down}});
        QVERIFY(broken.isValid());
        qint64 ms = 0;
        const RehearsalResult r = rehearse(broken.path(), QStringLiteral("rehearse_broken"), &ms);
        QStringList failing;
        for (const CheckResult &c : r.checks) {
            if (c.failed())
                failing << c.id;
        }
        qInfo("%s: %lld ms, failing: %s", QTest::currentDataTag(), ms, qPrintable(failing.join(QStringLiteral(", "))));

        QVERIFY2(!r.passed(), qPrintable(describeChecks(r)));
        QVERIFY2(!r.error, qPrintable(describeChecks(r)));  // the steps all ran; the checks caught it
        for (const QString &e : expect) {
            const QString id = e.section(QLatin1Char(':'), 0, 0);
            const QString needle = e.section(QLatin1Char(':'), 1);
            const CheckResult *c = findCheck(r, id);
            QVERIFY2(c, qPrintable(QStringLiteral("check %1 missing:\n%2").arg(id, describeChecks(r))));
            QVERIFY2(c->failed(), qPrintable(QStringLiteral("%1 should fail:\n%2").arg(id, describeChecks(r))));
            const bool named = c->detail.contains(needle) || c->objects.join(QLatin1Char('\n')).contains(needle);
            QVERIFY2(named, qPrintable(QStringLiteral("%1 does not name '%2': %3 [objects: %4]")
                                           .arg(id, needle, c->detail, c->objects.join(QStringLiteral(", ")))));
        }
        verifyReports(r);
    }

    // A difference the rollback leaves points at the statement behind it: the stray index was
    // created by 002's down section, at its line; the reports say so.
    void strayIndexPointsAtItsStatement()
    {
        const QString original = readFile(bundledSet() + QLatin1Char('/') + Revision002);
        const QString broken = original + QStringLiteral("\nCREATE INDEX extra_idx ON repositories (path);\n");
        const int line = int(broken.count(QLatin1Char('\n')));
        test::TempSet set(bundledSet(), {{Revision002, broken}});
        const RehearsalResult r = rehearse(set.path(), QStringLiteral("rehearse_cause"));
        QCOMPARE(r.rollbackCauses.size(), r.rollbackDiff.size());
        qsizetype index = -1;
        for (qsizetype i = 0; i < r.rollbackDiff.size(); ++i) {
            if (r.rollbackDiff.entries.at(i).name == QLatin1String("public.repositories.extra_idx"))
                index = i;
        }
        QVERIFY2(index >= 0, qPrintable(r.rollbackDiff.toText()));
        const QList<DiffCause> &causes = r.rollbackCauses.at(index);
        QCOMPARE(causes.size(), 1);
        QCOMPARE(causes.first().text(), QStringLiteral("created by 002 down at %1:%2").arg(Revision002).arg(line));
        QCOMPARE(causes.first().statement, QStringLiteral("CREATE INDEX extra_idx ON repositories (path)"));
        const QString text = causes.first().text();
        QVERIFY(QString::fromUtf8(markdownReport(r)).contains(markdownText(text)));
        QVERIFY(summaryText(r).contains(text));
        QVERIFY(QString::fromUtf8(jsonReport(r)).contains(QStringLiteral("\"causes\"")));
        verifyReports(r);
        auto back = RehearsalResult::fromJson(QJsonDocument::fromJson(jsonReport(r)).object());
        QVERIFY_RESULT(back);
        QCOMPARE(back->rollbackCauses, r.rollbackCauses);
    }

    // A rollback that fails is one failure with its cause, not ten: the headline names the
    // move and the file:line, scenario.completed comes first, and every check whose point or
    // phase the scenario never reached is skipped with that cause as its reason.
    void failedRollbackIsOneRootCause()
    {
        const QString original = readFile(bundledSet() + QLatin1Char('/') + Revision002);
        const QString broken = original + QStringLiteral("\nSELECT 1 / 0;\n");
        const int line = int(broken.count(QLatin1Char('\n')));
        test::TempSet set(bundledSet(), {{Revision002, broken}});
        QVERIFY(set.isValid());
        const RehearsalResult r = rehearse(set.path(), QStringLiteral("rehearse_failed_rollback"));
        QVERIFY2(r.error, qPrintable(describeChecks(r)));
        QVERIFY(!r.passed());
        const QString where = QStringLiteral("%1:%2").arg(Revision002).arg(line);
        const QString headline = r.headline();
        QVERIFY2(headline.startsWith(QStringLiteral("FAIL: rollback 002 -> 005 failed at %1: division by zero").arg(where)), qPrintable(headline));
        QVERIFY2(headline.endsWith(QStringLiteral("(SQLSTATE 22012)")), qPrintable(headline));

        QCOMPARE(r.checks.first().id, QStringLiteral("scenario.completed"));
        QCOMPARE(r.count(CheckResult::Status::Fail), 1);
        const CheckResult *budget = findCheck(r, QStringLiteral("budget.rollback"));
        QVERIFY(budget);
        QCOMPARE(budget->status, CheckResult::Status::Skip);
        QVERIFY2(budget->detail.startsWith(QStringLiteral("not judged: rollback 002 -> 005 failed at ") + where), qPrintable(budget->detail));
        // The seed's declarative checks at the rolled-back point, and the generic comparisons.
        for (const char *id : {"V1.3", "V2.2", "V4.3", "schema.identical", "data.preserved", "version.restored", "budget.scenario"}) {
            const CheckResult *c = findCheck(r, QLatin1String(id));
            QVERIFY2(c, id);
            QVERIFY2(c->status == CheckResult::Status::Skip && c->detail.contains(where),
                     qPrintable(QStringLiteral("%1 [%2] %3").arg(QLatin1String(id), CheckResult::statusName(c->status), c->detail)));
        }
        // What ran before the failure is still reported: the upgrade's diff, not a bogus rollback diff.
        QVERIFY(!r.upgradeDiff.isEmpty());
        QVERIFY(r.rollbackDiff.isEmpty());
        QVERIFY(r.tables.isEmpty());

        // Every report leads with the same headline and says the rollback budget was not judged.
        QVERIFY(QString::fromUtf8(markdownReport(r)).contains(markdownText(headline)));
        QVERIFY(QString::fromUtf8(junitReport(r)).contains(QString(headline).replace(QLatin1Char('>'), QStringLiteral("&gt;"))));
        QCOMPARE(QJsonDocument::fromJson(jsonReport(r)).object().value(QStringLiteral("headline")).toString(), headline);
        QVERIFY(summaryText(r).contains(headline));
        QVERIFY2(summaryText(r).contains(QStringLiteral("rollback budget 30.00 s; not judged: rollback 002 -> 005 failed")), qPrintable(summaryText(r)));
        verifyReports(r);
    }

    // Moving a sequence loses no rows: a warning that names it, not a failure.
    void movedSequenceIsAWarning()
    {
        const QString original = readFile(bundledSet() + QLatin1Char('/') + Revision002);
        test::TempSet moved(bundledSet(), {{Revision002, original + QStringLiteral("\nSELECT setval('repositories_id_seq', 100);\n")}});
        qint64 ms = 0;
        const RehearsalResult r = rehearse(moved.path(), QStringLiteral("rehearse_sequence"), &ms);
        const CheckResult *c = findCheck(r, QStringLiteral("data.sequences"));
        QVERIFY2(c, qPrintable(describeChecks(r)));
        QCOMPARE(c->status, CheckResult::Status::Warn);
        QVERIFY2(c->detail.contains(QLatin1String("public.repositories_id_seq: last_value 3 -> 100")), qPrintable(c->detail));
        QVERIFY2(r.passed(), qPrintable(describeChecks(r)));
    }
};

QTEST_GUILESS_MAIN(TestRehearsal)
#include "tst_rehearsal.moc"
