// Migrations and seeds run with the server's, the database's and the role's own settings, as
// psql runs them: Revisor pins settings only inside its own read-only captures, and restores
// them there. The reference is psql on the same database, in the same test.
#include "db/scratchcluster.h"
#include "db/session.h"
#include "migrations/migrationset.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "rehearsal/pointcapture.h"
#include "resultassert.h"
#include "tempset.h"
#include "testserver.h"

#include <QDir>
#include <QProcess>
#include <QTest>

using namespace revisor;

namespace {

// The settings whose value shapes what a migration stores or accepts.
const QStringList kSettings{QStringLiteral("TimeZone"), QStringLiteral("DateStyle"), QStringLiteral("IntervalStyle"),
                            QStringLiteral("extra_float_digits"), QStringLiteral("bytea_output"),
                            QStringLiteral("search_path"), QStringLiteral("client_min_messages")};

// Runs SQL through psql (the reference a DBA trusts) and returns its unaligned output.
QString psql(const ConnectionSettings &settings, const QString &sql)
{
    auto bin = ScratchCluster::findBinDir();
    if (!bin)
        qFatal("%s", qPrintable(bin.error().toString()));
    QProcess p;
    p.start(QDir(*bin).filePath(QStringLiteral("psql")),
            {QStringLiteral("-XAtq"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-d"),
             settings.conninfo(), QStringLiteral("-c"), sql});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qFatal("psql failed: %s", p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QString settingsQuery(const QString &prefix)
{
    QStringList parts;
    for (const QString &s : kSettings)
        parts << QStringLiteral("'%1=' || current_setting('%1')").arg(s);
    return prefix + QStringLiteral("SELECT concat_ws(' | ', %1)").arg(parts.join(QStringLiteral(", ")));
}

} // namespace

class TestMigrationSettings : public QObject
{
    Q_OBJECT

private slots:
    void migrationsRunWithTheDatabasesSettings()
    {
        auto db = test::freshDatabase(QStringLiteral("settings"));
        QVERIFY_RESULT(db);
        // A database set up the way many are: not UTC, day-first dates, escaped bytea.
        const QString name = db->databaseName();
        psql(*db, QStringLiteral("ALTER DATABASE \"%1\" SET TimeZone = 'America/New_York'").arg(name));
        psql(*db, QStringLiteral("ALTER DATABASE \"%1\" SET DateStyle = 'SQL, DMY'").arg(name));
        psql(*db, QStringLiteral("ALTER DATABASE \"%1\" SET extra_float_digits = 0").arg(name));
        psql(*db, QStringLiteral("ALTER DATABASE \"%1\" SET bytea_output = 'escape'").arg(name));
        psql(*db, QStringLiteral("ALTER DATABASE \"%1\" SET IntervalStyle = 'sql_standard'").arg(name));

        test::TempSet dir({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {},
            QStringLiteral("CREATE TABLE seen AS %1;\n"
                           "CREATE TABLE t (at timestamptz, d date, f float8, txt text);\n"
                           "INSERT INTO t VALUES ('2024-01-01 00:00', '03/04/2024', 0.1, now()::date::text);")
                .arg(settingsQuery({})),
            QStringLiteral("DROP TABLE t; DROP TABLE seen;"))},
                           {QStringLiteral("seeds/probe.sql"), QStringLiteral("-- seed: probe\nCREATE TABLE seed_seen AS %1;\n").arg(settingsQuery({}))}});
        auto set = MigrationSet::load(dir.path());
        QVERIFY_RESULT(set);
        auto session = Session::open(*db);
        QVERIFY_RESULT(session);
        Runner runner(**session, *set);
        auto out = runner.migrate(QStringLiteral("head"));
        QVERIFY_RESULT(out);
        QVERIFY2(out->completed(), out->error() ? qPrintable(out->error()->toString()) : "");

        const QString expected = psql(*db, settingsQuery({}));
        QVERIFY2(expected.contains(QLatin1String("TimeZone=America/New_York")), qPrintable(expected));
        QCOMPARE(psql(*db, QStringLiteral("SELECT * FROM seen")), expected);

        // What the migration stored is what psql stores on this database.
        psql(*db, QStringLiteral("CREATE TABLE by_psql (at timestamptz, d date); INSERT INTO by_psql VALUES ('2024-01-01 00:00', '03/04/2024')"));
        QCOMPARE(psql(*db, QStringLiteral("SELECT extract(epoch FROM at)::bigint || ' ' || (d - DATE '2000-01-01') FROM t")),
                 psql(*db, QStringLiteral("SELECT extract(epoch FROM at)::bigint || ' ' || (d - DATE '2000-01-01') FROM by_psql")));

        // Seeds too.
        std::atomic_bool cancel = false;
        auto seed = readSeed(*set, QStringLiteral("probe"));
        QVERIFY_RESULT(seed);
        auto seeded = runSeed(**session, *seed, {}, cancel);
        QVERIFY_RESULT(seeded);
        QVERIFY(seeded->completed());
        QCOMPARE(psql(*db, QStringLiteral("SELECT * FROM seed_seen")), expected);

        // A capture pins what it reads with, and gives the session back as it was.
        QVERIFY_RESULT(capturePoint(**session, runner.versionStore(), {}, QString(), RevisionRef(QStringLiteral("001"))));
        auto after = (*session)->scalar(settingsQuery({}));
        QVERIFY_RESULT(after);
        QCOMPARE(*after, expected);
    }
};

QTEST_GUILESS_MAIN(TestMigrationSettings)
#include "tst_migrationsettings.moc"
