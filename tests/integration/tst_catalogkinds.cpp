// The catalog objects outside the tables, columns, functions and types of the first snapshot:
// publications, replica identity, extended statistics, per-column statistics target, storage and
// compression, event triggers, rules, casts, operators, aggregates, collations, text-search
// configurations, foreign-data wrappers, servers, user mappings (without their secrets),
// foreign tables with options, default privileges, database and role settings, tablespaces.
// Each kind twice, against the scratch cluster: captured and diffed directly (with the JSON
// round trip), and changed in the down script of a copy of the bundled set, where the
// rehearsal's schema.identical must fail naming the kind, the name and the attribute.
#include "brokencopies.h"
#include "brokencopy.h"
#include "db/session.h"
#include "resultassert.h"
#include "schema/catalogreader.h"
#include "schema/snapshotdiff.h"
#include "tempset.h"
#include "testserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace revisor;

namespace {

// What a row expects: a diff entry of `kind` whose name contains `name` and whose attribute
// is `attribute` (empty for an object added or removed as a whole).
struct Expected
{
    QString kind;
    QString name;
    QString attribute;
};

QString describe(const SchemaDiff &diff)
{
    return diff.toText();
}

const DiffEntry *findEntry(const SchemaDiff &diff, const Expected &e)
{
    for (const DiffEntry &entry : diff.entries) {
        if (entry.objectKind == e.kind && entry.name.contains(e.name) && entry.attribute == e.attribute)
            return &entry;
    }
    return nullptr;
}

// Session::exec sends one statement: the rows write one per line.
Status execLines(Session &session, const QString &sql)
{
    for (const QString &line : sql.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (auto done = session.exec(line); !done)
            return fail(done.error());
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestCatalogKinds : public QObject
{
    Q_OBJECT

private:
    // setup: run at the baseline (by the seed, in the rehearsal); change: what the down script
    // does wrong. Tables of the bundled set at 005 (repositories, code_chunks) are available.
    // The copies are listed once, for this test and tst_repaircopies.
    static void rows()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("change");
        QTest::addColumn<Expected>("expected");
        for (const test::BrokenCopy &copy : test::catalogKindCopies())
            QTest::newRow(qPrintable(copy.name)) << copy.setup << copy.replace << Expected{copy.kind, copy.object, copy.attribute};
    }

    static Snapshot capture(Session &session)
    {
        auto snapshot = captureSnapshot(session);
        if (!snapshot)
            qFatal("%s", qPrintable(snapshot.error().toString()));
        return *snapshot;
    }

private slots:
    void initTestCase() { test::prepareClusterForCatalogKinds(); }

    void capturedAndDiffed_data() { rows(); }

    void capturedAndDiffed()
    {
        QFETCH(QString, setup);
        QFETCH(QString, change);
        QFETCH(Expected, expected);
        auto settings = test::freshDatabase(QStringLiteral("kinds"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        QVERIFY_RESULT(execLines(*session, QStringLiteral(
            "CREATE TABLE repositories (id serial CONSTRAINT pk_repositories PRIMARY KEY, path text NOT NULL);\n"
            "CREATE TABLE code_chunks (id serial PRIMARY KEY, repository_id integer, code_file_id integer, start_line integer, content text);")));
        if (!setup.isEmpty())
            QVERIFY_RESULT(execLines(*session, setup));
        const Snapshot before = capture(*session);
        // Captured twice without a change: no difference (nothing volatile in the new kinds).
        QVERIFY2(diffSnapshots(before, capture(*session)).isEmpty(), qPrintable(describe(diffSnapshots(before, capture(*session)))));
        QVERIFY_RESULT(execLines(*session, change));
        const Snapshot after = capture(*session);
        const SchemaDiff diff = diffSnapshots(before, after);
        const DiffEntry *entry = findEntry(diff, expected);
        QVERIFY2(entry, qPrintable(QStringLiteral("no %1 %2 %3 in:\n%4").arg(expected.kind, expected.name, expected.attribute, describe(diff))));
        QVERIFY(!sameSchema(before, after));

        // The JSON round trip keeps the new kinds, and no secret of a user mapping is in it.
        const QByteArray json = QJsonDocument(after.toJson()).toJson();
        QVERIFY(!json.contains("hunter"));
        auto back = Snapshot::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY_RESULT(back);
        QCOMPARE(*back, after);
    }

    void changedInADownScript_data() { rows(); }

    void changedInADownScript()
    {
        QFETCH(QString, setup);
        QFETCH(QString, change);
        QFETCH(Expected, expected);
        test::BrokenCopy copy;
        copy.replace = change;
        copy.setup = setup;
        test::TempSet broken(test::bundledSet(), test::brokenCopyFiles(copy));
        const RehearsalResult r = test::rehearseSet(broken.path(), QStringLiteral("kinds_down"));
        QVERIFY2(!r.passed(), qPrintable(test::describeChecks(r)));
        QVERIFY2(!r.error, qPrintable(test::describeChecks(r)));
        const DiffEntry *entry = findEntry(r.rollbackDiff, expected);
        QVERIFY2(entry, qPrintable(QStringLiteral("no %1 %2 %3 in:\n%4").arg(expected.kind, expected.name, expected.attribute, describe(r.rollbackDiff))));
        const QString unmet = test::unmetExpectation(r, QStringLiteral("schema.identical:") + entry->toText().section(QLatin1Char('\n'), 0, 0),
                                                     CheckResult::Status::Fail);
        QVERIFY2(unmet.isEmpty(), qPrintable(unmet));
        QVERIFY(!QJsonDocument(r.rollbackDiff.toJson()).toJson().contains("hunter"));
    }
};

QTEST_GUILESS_MAIN(TestCatalogKinds)
#include "tst_catalogkinds.moc"
