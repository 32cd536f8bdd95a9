// `revisor rehearse --db URL --reset`: what it drops, what it keeps, and that it is all or
// nothing under the migration lock.
#include "db/session.h"
#include "runner/migrationlock.h"
#include "clirun.h"
#include "resultassert.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

namespace {

QString scalar(Session &session, const QString &sql)
{
    auto v = session.scalar(sql);
    return v ? *v : QStringLiteral("<error: %1>").arg(v.error().message);
}

// public as the database has it: owner, ACL, comment.
QString publicDefaults(Session &session)
{
    return scalar(session, QStringLiteral("SELECT pg_get_userbyid(nspowner) || ' ' || coalesce(nspacl::text, '-') || ' '"
                                          " || coalesce(obj_description(oid, 'pg_namespace'), '-') FROM pg_namespace WHERE nspname = 'public'"));
}

// A database with citext in schema ext, a table in public using it, a table of data, and
// public given its own owner, privileges and comment.
void prepare(Session &session, const QString &role)
{
    for (const QString &sql : {
             QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') THEN CREATE ROLE %1; END IF; END $$").arg(role),
             QStringLiteral("CREATE SCHEMA ext"),
             QStringLiteral("CREATE EXTENSION citext SCHEMA ext"),
             QStringLiteral("CREATE TABLE public.people (name ext.citext)"),
             QStringLiteral("CREATE TABLE public.precious (id int)"),
             QStringLiteral("INSERT INTO public.precious VALUES (1), (2)"),
             QStringLiteral("CREATE SCHEMA scratchpad"),
             QStringLiteral("CREATE TABLE scratchpad.notes (id int)"),
             QStringLiteral("ALTER SCHEMA public OWNER TO %1").arg(role),
             QStringLiteral("GRANT USAGE ON SCHEMA public TO pg_read_all_data WITH GRANT OPTION"),
             QStringLiteral("COMMENT ON SCHEMA public IS 'the team''s schema'")}) {
        auto r = session.exec(sql);
        if (!r)
            qFatal("%s", qPrintable(r.error().toString()));
    }
}

QStringList resetArgs(const ConnectionSettings &settings, const QString &name)
{
    return {QStringLiteral("rehearse"), QStringLiteral("--db"), settings.conninfo(), QStringLiteral("--reset"),
            QStringLiteral("--confirm"), name};
}

} // namespace

class TestDatabaseReset : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
    }

    void keepsExtensionSchemasAndPublicDefaults()
    {
        auto settings = test::freshDatabase(QStringLiteral("reset_keep"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        prepare(*session, QStringLiteral("reset_owner"));
        const QString before = publicDefaults(*session);
        QVERIFY2(before.startsWith(QLatin1String("reset_owner ")), qPrintable(before));

        const test::CliRun run = test::runRevisor(resetArgs(*settings, settings->databaseName()));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1\n%2").arg(run.exitCode).arg(run.err)));
        // The plan is printed before anything goes.
        for (const char *line : {"empty schema public (2 relation(s)", "drop schema scratchpad (1 relation(s)",
                                 "keep schema ext", "keep extension citext (in schema ext)"}) {
            QVERIFY2(run.err.contains(QLatin1String(line)), qPrintable(QStringLiteral("missing '%1' in\n%2").arg(QLatin1String(line), run.err)));
        }
        QVERIFY(run.err.indexOf(QLatin1String("keep extension citext")) < run.err.indexOf(QLatin1String("baseline")));

        session = test::openSession(*settings);
        QCOMPARE(scalar(*session, QStringLiteral("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'citext'")),
                 QStringLiteral("ext"));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT to_regclass('public.people') IS NULL AND to_regclass('public.precious') IS NULL")),
                 QStringLiteral("t"));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'scratchpad'")), QStringLiteral("0"));
        QCOMPARE(publicDefaults(*session), before);
    }

    void waitsForTheMigrationLock()
    {
        auto settings = test::freshDatabase(QStringLiteral("reset_lock"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        prepare(*session, QStringLiteral("reset_owner"));
        auto holder = MigrationLock::acquire(*settings, 1000);
        QVERIFY_RESULT(holder);

        const test::CliRun run = test::runRevisor(resetArgs(*settings, settings->databaseName()) + QStringList{QStringLiteral("--lock-timeout"), QStringLiteral("1")});
        QVERIFY2(run.exitCode == 3, qPrintable(QStringLiteral("exit %1\n%2").arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.err.contains(QLatin1String("migration lock")), qPrintable(run.err));
        QVERIFY2(run.ms >= 900, qPrintable(QString::number(run.ms)));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT count(*) FROM precious")), QStringLiteral("2"));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'scratchpad'")), QStringLiteral("1"));
    }

    void failureMidResetLeavesEverything()
    {
        auto settings = test::freshDatabase(QStringLiteral("reset_fail"));
        QVERIFY_RESULT(settings);
        auto session = test::openSession(*settings);
        prepare(*session, QStringLiteral("reset_owner"));
        // Fails the reset after its drops, when public is re-created.
        QVERIFY_RESULT(session->exec(QStringLiteral(
            "CREATE FUNCTION ext.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no new schemas today'; END $$")));
        QVERIFY_RESULT(session->exec(QStringLiteral(
            "CREATE EVENT TRIGGER refuse_schemas ON ddl_command_end WHEN TAG IN ('CREATE SCHEMA') EXECUTE FUNCTION ext.refuse()")));
        const QString before = publicDefaults(*session);

        const test::CliRun run = test::runRevisor(resetArgs(*settings, settings->databaseName()));
        QVERIFY2(run.exitCode != 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("no new schemas today")), qPrintable(run.err));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT count(*) FROM precious")), QStringLiteral("2"));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT count(*) FROM scratchpad.notes")), QStringLiteral("0"));
        QCOMPARE(scalar(*session, QStringLiteral("SELECT to_regclass('public.people') IS NOT NULL")), QStringLiteral("t"));
        QCOMPARE(publicDefaults(*session), before);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseReset)
#include "tst_databasereset.moc"
