// The bookkeeping helpers that need no database: how a bound statement is shown in an offline
// plan, and what the applied history says about an edited or a changed chain.
#include "migrations/migrationset.h"
#include "runner/runhistory.h"
#include "runner/versionstore.h"
#include "builders.h"

#include <QTest>

using namespace revisor;

namespace {

Revision revision(const QString &id, const QString &revises, const QString &up)
{
    Revision r;
    r.id = id;
    r.revises = RevisionRef(revises);
    r.upSql = up;
    r.downSql = QStringLiteral("SELECT 1;");
    r.file = QStringLiteral("/set/versions/%1.sql").arg(id);
    return r;
}

HistoryEntry applied(const Revision &r, const QString &from)
{
    HistoryEntry e;
    e.revision = RevisionRef(r.id);
    e.from = RevisionRef(from);
    e.to = RevisionRef(r.id);
    e.scriptSha256 = scriptSha256(r, true);
    e.appliedBy = QStringLiteral("postgres");
    return e;
}

} // namespace

class TestRunHistory : public QObject
{
    Q_OBJECT

private slots:
    void displaySql_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << QStringLiteral("UPDATE v SET n = $1 WHERE n = $2") << QStringList{"002", "001"}
                               << QStringLiteral("UPDATE v SET n = '002' WHERE n = '001'");
        QTest::newRow("quote") << QStringLiteral("SELECT $1") << QStringList{"it's"} << QStringLiteral("SELECT 'it''s'");
        QTest::newRow("backslash") << QStringLiteral("SELECT $1") << QStringList{"a\\b"} << QStringLiteral("SELECT E'a\\\\b'");
        QTest::newRow("null") << QStringLiteral("SELECT $1") << QStringList{QString()} << QStringLiteral("SELECT NULL");
        QStringList many;
        for (int i = 1; i <= 12; ++i)
            many << QString::number(i);
        QTest::newRow("$1 and $12") << QStringLiteral("SELECT $1, $12") << many << QStringLiteral("SELECT '1', '12'");
    }

    void displaySql()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, params);
        QFETCH(QString, shown);
        QCOMPARE(revisor::displaySql({sql, params}), shown);
    }

    void editedAndInsertedRevisions()
    {
        const Revision r1 = revision(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t ();"));
        const Revision r2 = revision(QStringLiteral("002"), QStringLiteral("001"), QStringLiteral("CREATE TABLE u ();"));
        const QList<HistoryEntry> history{applied(r1, {}), applied(r2, QStringLiteral("001"))};

        auto same = MigrationSet::fromRevisions(QStringLiteral("/set"), {r1, r2});
        QVERIFY(same.has_value());
        QCOMPARE(historyWarnings(*same, test::rev(QStringLiteral("002")), history), QStringList());

        Revision edited = r1;
        edited.upSql = QStringLiteral("CREATE TABLE t (id int);");
        auto changed = MigrationSet::fromRevisions(QStringLiteral("/set"), {edited, r2});
        QVERIFY(changed.has_value());
        const QStringList warnings = historyWarnings(*changed, test::rev(QStringLiteral("002")), history);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().startsWith(QLatin1String("revision 001 (/set/versions/001.sql) changed since it was applied")), qPrintable(warnings.first()));
        // Below the current revision only: a database at 001 has not run 002.
        QCOMPARE(historyWarnings(*changed, test::rev(QStringLiteral("001")), history).size(), 1);

        const Revision inserted = revision(QStringLiteral("001a"), QStringLiteral("001"), QStringLiteral("CREATE TABLE x ();"));
        Revision moved = r2;
        moved.revises = RevisionRef(QStringLiteral("001a"));
        auto longer = MigrationSet::fromRevisions(QStringLiteral("/set"), {r1, inserted, moved});
        QVERIFY(longer.has_value());
        QCOMPARE(historyWarnings(*longer, test::rev(QStringLiteral("002")), history),
                 QStringList{QStringLiteral("revision(s) 001a were inserted below 002 after the database passed it: they never ran here")});
        // A database whose history starts later (no entries) has nothing to say.
        QCOMPARE(historyWarnings(*longer, test::rev(QStringLiteral("002")), {}), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
