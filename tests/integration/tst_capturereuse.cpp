// The point after the upgrade counts rows only, and the capture after the rollback takes over
// the baseline's fingerprint of each table no step wrote (no lock above ACCESS SHARE, same
// relfilenode): a table that was written must be read again, whatever else stayed the same.
#include "brokencopy.h"
#include "tempset.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace revisor;
using Verdict = CheckResult::Status;

namespace {

// Three tables at 001 with two rows each, seeded; `up` and `down` are revision 002's.
QMap<QString, QString> threeTables(const QString &up, const QString &down, const QString &extraHeader = {})
{
    return {{QStringLiteral("001_tables.sql"),
             test::revisionFile(QStringLiteral("001"), {},
                                QStringLiteral("CREATE TABLE kept (id int PRIMARY KEY, v text);\n"
                                               "CREATE TABLE updated (id int PRIMARY KEY, v text);\n"
                                               "CREATE TABLE truncated (id int PRIMARY KEY, v text);"),
                                QStringLiteral("DROP TABLE kept, updated, truncated;"))},
            {QStringLiteral("002_change.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, down, extraHeader)},
            {QStringLiteral("seeds/sample.sql"),
             QStringLiteral("-- seed: sample\n"
                            "INSERT INTO kept VALUES (1, 'a'), (2, 'b');\n"
                            "INSERT INTO updated VALUES (1, 'a'), (2, 'b');\n"
                            "INSERT INTO truncated VALUES (1, 'a'), (2, 'b');\n")}};
}

const RehearsalResult::CaptureCost *captureAt(const RehearsalResult &r, const QString &point)
{
    for (const RehearsalResult::CaptureCost &c : r.captures) {
        if (c.point == point)
            return &c;
    }
    return nullptr;
}

const CheckResult *check(const RehearsalResult &r, const QString &id)
{
    for (const CheckResult &c : r.checks) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

} // namespace

class TstCaptureReuse : public QObject
{
    Q_OBJECT

private slots:
    // An UPDATE keeps the table's file (relfilenode): only its ROW EXCLUSIVE lock tells that
    // it was written. Taken over from the baseline, its changed row would go unseen.
    void writtenTablesAreReadAgain()
    {
        test::TempSet set(threeTables(QStringLiteral("UPDATE updated SET v = 'changed' WHERE id = 1;\n"
                                                     "TRUNCATE truncated;\n"
                                                     "INSERT INTO truncated VALUES (1, 'a'), (2, 'b');\n"
                                                     "CREATE TABLE extra (id int);"),
                                      QStringLiteral("DROP TABLE extra;")));
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("reuse_written"));
        QVERIFY2(!r.error, qPrintable(test::describeChecks(r)));

        const CheckResult *preserved = check(r, QStringLiteral("data.preserved"));
        QVERIFY(preserved);
        QCOMPARE(preserved->status, Verdict::Fail);
        QCOMPARE(preserved->objects, QStringList{QStringLiteral("public.updated")});
        QVERIFY2(preserved->detail.contains(QLatin1String("changed id=1 (v)")), qPrintable(preserved->detail));
        QVERIFY2(preserved->detail.contains(QLatin1String("1 of 3 table(s) not written since the baseline")), qPrintable(preserved->detail));

        const RehearsalResult::CaptureCost *back = captureAt(r, QStringLiteral("rolled_back"));
        QVERIFY(back);
        QCOMPARE(back->tables.value(QStringLiteral("public.kept")).reusedFrom, QStringLiteral("baseline"));
        QCOMPARE(back->tables.value(QStringLiteral("public.kept")).connections, 0);
        // Written (ROW EXCLUSIVE), and rewritten into a new file (ACCESS EXCLUSIVE): read again.
        QCOMPARE(back->tables.value(QStringLiteral("public.updated")).reusedFrom, QString());
        QCOMPARE(back->tables.value(QStringLiteral("public.truncated")).reusedFrom, QString());
        QVERIFY(back->tables.value(QStringLiteral("public.updated")).connections >= 1);
        QVERIFY(back->note.contains(QLatin1String("public.kept")));
        QVERIFY(!back->note.contains(QLatin1String("public.updated")));
        // TRUNCATE and the same rows again: read again, and the same content.
        for (const TableComparison &t : r.tables) {
            if (t.table != QLatin1String("public.updated"))
                QVERIFY2(t.matches(), qPrintable(t.describe()));
        }

        // After the upgrade: row counts only, which the report still carries.
        const RehearsalResult::CaptureCost *upgraded = captureAt(r, QStringLiteral("upgraded"));
        QVERIFY(upgraded);
        QVERIFY2(upgraded->note.contains(QLatin1String("row counts only")), qPrintable(upgraded->note));
        QCOMPARE(r.rowsUpgraded.value(QStringLiteral("public.updated")), qint64(2));
        QCOMPARE(r.rowsUpgraded.value(QStringLiteral("public.extra")), qint64(0));
        // The JSON report says which were taken over.
        const QJsonObject json = r.toJson();
        bool saidInJson = false;
        for (const QJsonValue &c : json.value(QStringLiteral("captures")).toArray()) {
            for (const QJsonValue &t : c.toObject().value(QStringLiteral("tables")).toArray()) {
                if (t.toObject().value(QStringLiteral("name")).toString() == QLatin1String("public.kept"))
                    saidInJson = saidInJson || t.toObject().value(QStringLiteral("reused_from")).toString() == QLatin1String("baseline");
            }
        }
        QVERIFY(saidInJson);
    }

    // A step outside a transaction: its locks were only sampled, which can miss a write.
    void stepOutsideATransactionReusesNothing()
    {
        test::TempSet set(threeTables(QStringLiteral("UPDATE updated SET v = 'changed' WHERE id = 1;\n"
                                                     "CREATE INDEX CONCURRENTLY ix_kept_v ON kept (v);"),
                                      QStringLiteral("DROP INDEX CONCURRENTLY ix_kept_v;"),
                                      QStringLiteral("-- transactional: false\n")));
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("reuse_outside"));
        QVERIFY2(!r.error, qPrintable(test::describeChecks(r)));
        const RehearsalResult::CaptureCost *back = captureAt(r, QStringLiteral("rolled_back"));
        QVERIFY(back);
        for (auto it = back->tables.cbegin(); it != back->tables.cend(); ++it)
            QVERIFY2(it->reusedFrom.isEmpty(), qPrintable(it.key()));
        QVERIFY2(back->note.contains(QLatin1String("outside a transaction")), qPrintable(back->note));
        const CheckResult *preserved = check(r, QStringLiteral("data.preserved"));
        QVERIFY(preserved);
        QCOMPARE(preserved->status, Verdict::Fail);
        QCOMPARE(preserved->objects, QStringList{QStringLiteral("public.updated")});
    }

    // A schema that differs from the baseline's (here an enum label renamed, which changes
    // the text of values without touching the tables that hold them): nothing is taken over.
    void schemaDifferenceReusesNothing()
    {
        test::TempSet set({{QStringLiteral("001_mood.sql"),
                            test::revisionFile(QStringLiteral("001"), {},
                                               QStringLiteral("CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
                                                              "CREATE TABLE feelings (id int PRIMARY KEY, m mood);"),
                                               QStringLiteral("DROP TABLE feelings;\nDROP TYPE mood;"))},
                           {QStringLiteral("002_rename.sql"),
                            test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                               QStringLiteral("ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';"),
                                               QStringLiteral("SELECT 1;"))},
                           {QStringLiteral("seeds/sample.sql"),
                            QStringLiteral("-- seed: sample\nINSERT INTO feelings VALUES (1, 'sad'), (2, 'ok');\n")}});
        const RehearsalResult r = test::rehearseSet(set.path(), QStringLiteral("reuse_schema"));
        QVERIFY2(!r.error, qPrintable(test::describeChecks(r)));
        const RehearsalResult::CaptureCost *back = captureAt(r, QStringLiteral("rolled_back"));
        QVERIFY(back);
        QCOMPARE(back->tables.value(QStringLiteral("public.feelings")).reusedFrom, QString());
        QVERIFY2(back->note.contains(QLatin1String("schema differs")), qPrintable(back->note));
        const CheckResult *preserved = check(r, QStringLiteral("data.preserved"));
        QVERIFY(preserved);
        QCOMPARE(preserved->status, Verdict::Fail);
        QVERIFY2(preserved->detail.contains(QLatin1String("changed id=1 (m)")), qPrintable(preserved->detail));
    }
};

QTEST_GUILESS_MAIN(TstCaptureReuse)
#include "tst_capturereuse.moc"
