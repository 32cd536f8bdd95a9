// A Sqitch project on a scratch server with the real `sqitch` as the peer, both ways: after
// Revisor deploys, `sqitch status` agrees and `sqitch revert` works; after `sqitch deploy`,
// Revisor's current agrees and it steps down. The registry Revisor writes is compared row by
// row with the one Sqitch writes for the same plan.
#include "clirun.h"
#include "db/session.h"
#include "querytext.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "schema/catalogreader.h"
#include "schema/snapshotdiff.h"
#include "testserver.h"
#include "treefiles.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;

namespace {

QString sample() { return test::samplePath(test::sourceDir(), QStringLiteral("sqitch")); }

struct SqitchRun
{
    int exitCode = -1;
    QString out;
};

// Runs sqitch in `project` against the database of `db`, through libpq's environment (the
// password, if any, never on the command line).
SqitchRun sqitch(const QString &project, const ConnectionSettings &db, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[keyword, variable] : {std::pair{"host", "PGHOST"}, {"port", "PGPORT"}, {"user", "PGUSER"}, {"dbname", "PGDATABASE"}}) {
        const QString value = db.value(QLatin1String(keyword));
        if (!value.isEmpty())
            env.insert(QLatin1String(variable), value);
    }
    env.insert(QStringLiteral("SQITCH_FULLNAME"), QStringLiteral("Test Runner"));
    env.insert(QStringLiteral("SQITCH_EMAIL"), QStringLiteral("runner@example.org"));
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(project);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("sqitch"), QStringList{arguments.constFirst()} + arguments.mid(1) + QStringList{QStringLiteral("db:pg:")});
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAll())};
}

// The registry as comparable text: everything but the commit times and committers.
QString registry(Session &s)
{
    QStringList out;
    for (const char *sql : {
             "SELECT project, coalesce(uri, '') FROM sqitch.projects",
             "SELECT version::text FROM sqitch.releases",
             "SELECT change_id, coalesce(script_hash, ''), change, note, planned_at, planner_name, planner_email FROM sqitch.changes ORDER BY change_id",
             "SELECT tag_id, tag, change_id, note, planned_at, planner_name FROM sqitch.tags ORDER BY tag_id",
             "SELECT change_id, type, dependency, coalesce(dependency_id, '') FROM sqitch.dependencies ORDER BY 1, 3",
             "SELECT event, change_id, change, note, tags::text, requires::text, conflicts::text, planned_at FROM sqitch.events ORDER BY committed_at"}) {
        out << test::rowsText(s, QString::fromLatin1(sql));
    }
    return out.join(u'\n');
}

} // namespace

class TestLayoutSqitchDb : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("SQITCH_FULLNAME", "Test Runner");
        qputenv("SQITCH_EMAIL", "runner@example.org");
    }

    void registryAsSqitchWritesIt()
    {
        auto ours = test::freshDatabase(QStringLiteral("sqitch_ours"));
        QVERIFY_RESULT(ours);
        auto theirs = test::freshDatabase(QStringLiteral("sqitch_theirs"));
        QVERIFY_RESULT(theirs);
        auto set = MigrationSet::load(sample());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*ours);
        Runner runner(*session, *set);
        auto up = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(up);
        QVERIFY2(up->completed(), qPrintable(up->error() ? up->error()->toString() : QString()));
        const SqitchRun deployed = sqitch(sample(), *theirs, {QStringLiteral("deploy")});
        QVERIFY2(deployed.exitCode == 0, qPrintable(deployed.out));
        auto other = test::openSession(*theirs);
        const QString expected = registry(*other);
        QVERIFY(expected.contains(QLatin1String("deploy|")));
        QCOMPARE(registry(*session), expected);
    }

    void sqitchReadsWhatRevisorDeployed()
    {
        auto db = test::freshDatabase(QStringLiteral("sqitch_peer"));
        QVERIFY_RESULT(db);
        auto set = MigrationSet::load(sample());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*db);
        Runner runner(*session, *set);
        QVERIFY_RESULT(runner.migrate(QStringLiteral("head")));
        SqitchRun r = sqitch(sample(), *db, {QStringLiteral("status")});
        QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("Nothing to deploy (up-to-date)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("# Name:     price_of")), qPrintable(r.out));
        r = sqitch(sample(), *db, {QStringLiteral("revert"), QStringLiteral("-y"), QStringLiteral("--to"), QStringLiteral("products")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("products")));
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('shop.discounts') IS NULL")).value(), QStringLiteral("t"));
        // And back up with Revisor from where Sqitch left it.
        auto up = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(up);
        QVERIFY(up->completed());
        r = sqitch(sample(), *db, {QStringLiteral("status")});
        QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("Nothing to deploy")), qPrintable(r.out));
    }

    void revisorReadsWhatSqitchDeployed()
    {
        auto db = test::freshDatabase(QStringLiteral("sqitch_first"));
        QVERIFY_RESULT(db);
        const SqitchRun deployed = sqitch(sample(), *db, {QStringLiteral("deploy")});
        QVERIFY2(deployed.exitCode == 0, qPrintable(deployed.out));
        const QStringList common{QStringLiteral("--set"), sample(), QStringLiteral("--db"), db->conninfo()};
        auto r = test::runRevisor(QStringList{QStringLiteral("current")} + common);
        QVERIFY2(r.out.startsWith(QLatin1String("price_of (head)")), qPrintable(r.out + r.err));
        r = test::runRevisor(QStringList{QStringLiteral("downgrade"), QStringLiteral("products")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const SqitchRun status = sqitch(sample(), *db, {QStringLiteral("status")});
        QVERIFY2(status.out.contains(QLatin1String("# Name:     products")) && status.out.contains(QLatin1String("Undeployed changes")), qPrintable(status.out));
    }

    // The registry schema is the tool's: a snapshot leaves it out with its tables, so a
    // rollback to before Sqitch's first change compares equal.
    void theRegistrySchemaIsLeftOutOfSnapshots()
    {
        auto db = test::freshDatabase(QStringLiteral("sqitch_snapshot"));
        QVERIFY_RESULT(db);
        auto set = MigrationSet::load(sample());
        QVERIFY_RESULT(set);
        auto session = test::openSession(*db);
        Runner runner(*session, *set);
        const SnapshotOptions bookkeeping{runner.versionStore().ownTables(), runner.versionStore().ownSchemas()};
        auto before = captureSnapshot(*session, bookkeeping);
        QVERIFY_RESULT(before);
        QVERIFY_RESULT(runner.migrate(QStringLiteral("products")));
        QVERIFY_RESULT(runner.migrate(QStringLiteral("base")));
        auto all = captureSnapshot(*session);
        QVERIFY_RESULT(all);
        QVERIFY(std::ranges::any_of(all->schemas, [](const SchemaInfo &s) { return s.name == QLatin1String("sqitch"); }));
        auto after = captureSnapshot(*session, bookkeeping);
        QVERIFY_RESULT(after);
        QVERIFY2(diffSnapshots(*before, *after).isEmpty(), qPrintable(diffSnapshots(*before, *after).toText()));
    }

    // The sample's reworked price_of reverts to nothing: the rehearsal names the function, and
    // its repair script is verified without counting Sqitch's registry (which stays behind by
    // design) as a difference the repair leaves.
    void rehearsalRepairLeavesTheRegistryOut()
    {
        auto db = test::freshDatabase(QStringLiteral("sqitch_repair"));
        QVERIFY_RESULT(db);
        QTemporaryDir out;
        auto r = test::runRevisor({QStringLiteral("rehearse"), QStringLiteral("--set"), sample(), QStringLiteral("--db"), db->conninfo(),
                                   QStringLiteral("--report"), out.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QFile file(out.filePath(QStringLiteral("report.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QMap<QString, QJsonObject> checks;
        for (const QJsonValue &c : QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("checks")).toArray())
            checks.insert(c.toObject().value(QStringLiteral("id")).toString(), c.toObject());
        QCOMPARE(checks.value(QStringLiteral("schema.identical")).value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        const QJsonObject repair = checks.value(QStringLiteral("schema.repair"));
        QVERIFY2(!repair.value(QStringLiteral("detail")).toString().contains(QStringLiteral("schema sqitch")),
                 qPrintable(repair.value(QStringLiteral("detail")).toString()));
        QCOMPARE(repair.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
    }

    // Sqitch's convention: a verify script fails by raising an error. It is a check of the
    // deploy, not part of it: the deploy stands, the verify's failure is recorded with its file
    // and line, `upgrade` exits 1 naming it, and a rehearsal fails check verify.<change>.
    void aFailingVerifyFailsItsCheck()
    {
        auto db = test::freshDatabase(QStringLiteral("sqitch_verify"));
        QVERIFY_RESULT(db);
        test::TempTree tree({{QStringLiteral("sqitch.plan"), "%syntax-version=1.0.0\n%project=v\n\n"
                                                             "t 2024-01-01T00:00:00Z A <a@example.org> # Table.\n"
                                                             "u [t] 2024-01-01T00:01:00Z A <a@example.org> # Another.\n"},
                             {QStringLiteral("deploy/t.sql"), "BEGIN;\nCREATE TABLE t (x int);\nCOMMIT;\n"},
                             {QStringLiteral("revert/t.sql"), "BEGIN;\nDROP TABLE t;\nCOMMIT;\n"},
                             {QStringLiteral("verify/t.sql"), "BEGIN;\nSELECT missing_column FROM t WHERE FALSE;\nROLLBACK;\n"},
                             {QStringLiteral("deploy/u.sql"), "CREATE TABLE u (y int);\n"},
                             {QStringLiteral("revert/u.sql"), "DROP TABLE u;\n"},
                             {QStringLiteral("verify/u.sql"), "SELECT y FROM u WHERE FALSE;\n"}});
        auto set = MigrationSet::load(tree.path());
        QVERIFY_RESULT(set);
        {
            auto session = test::openSession(*db);
            Runner runner(*session, *set);
            auto out = runner.migrate(QStringLiteral("head"));
            QVERIFY_RESULT(out);
            QVERIFY2(out->completed(), qPrintable(out->error() ? out->error()->toString() : QString()));
            QCOMPARE(out->steps.size(), 2);
            const StepResult &t = out->steps.at(0);
            QVERIFY(t.verify.has_value());
            QVERIFY(!t.verify->passed());
            QVERIFY2(t.verify->error->message.contains(QLatin1String("verify script failed")), qPrintable(t.verify->error->toString()));
            QCOMPARE(t.verify->error->file, tree.file(QStringLiteral("verify/t.sql")));
            QCOMPARE(t.verify->error->line, 2);
            // The verify ran inside the deploy's transaction, to a savepoint: the deploy committed.
            QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('t') IS NOT NULL")).value(), QStringLiteral("t"));
            QVERIFY(out->steps.at(1).verify.has_value());
            QVERIFY(out->steps.at(1).verify->passed());
            QCOMPARE(runner.currentRevision().value(), RevisionRef(QStringLiteral("u")));
            QVERIFY_RESULT(runner.migrate(QStringLiteral("base")));
        }
        const QStringList common{QStringLiteral("--set"), tree.path(), QStringLiteral("--db"), db->conninfo()};
        auto r = test::runRevisor(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + common);
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QLatin1String("verify t: FAILED")) && r.err.contains(QLatin1String("verify failed for t")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("verify u: ok")), qPrintable(r.err));
        r = test::runRevisor(QStringList{QStringLiteral("downgrade"), QStringLiteral("base")} + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const QString report = tree.path() + QStringLiteral("/report");
        r = test::runRevisor(QStringList{QStringLiteral("rehearse"), QStringLiteral("--baseline"), QStringLiteral("base"),
                                         QStringLiteral("--target"), QStringLiteral("u"), QStringLiteral("--report"), report,
                                         QStringLiteral("--format"), QStringLiteral("json")} + common);
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QFile file(report + QStringLiteral("/report.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QJsonArray checks = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("checks")).toArray();
        QMap<QString, QString> status;
        for (const QJsonValue &c : checks)
            status.insert(c.toObject().value(QStringLiteral("id")).toString(), c.toObject().value(QStringLiteral("status")).toString());
        QCOMPARE(status.value(QStringLiteral("verify.t")), QStringLiteral("fail"));
        QCOMPARE(status.value(QStringLiteral("verify.u")), QStringLiteral("pass"));
        QCOMPARE(status.value(QStringLiteral("schema.identical")), QStringLiteral("pass"));
    }
};

QTEST_GUILESS_MAIN(TestLayoutSqitchDb)
#include "tst_layoutsqitchdb.moc"
