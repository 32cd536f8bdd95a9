// The catalog objects outside the tables, columns, functions and types of the first snapshot:
// publications, replica identity, extended statistics, per-column statistics target, storage and
// compression, event triggers, rules, casts, operators, aggregates, collations, text-search
// configurations, foreign-data wrappers, servers, user mappings (without their secrets),
// foreign tables with options, default privileges, database and role settings, tablespaces.
// Each kind twice, against the scratch cluster: captured and diffed directly (with the JSON
// round trip), and changed in the down script of a copy of the bundled set, where the
// rehearsal's schema.identical must fail naming the kind, the name and the attribute.
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

const QString Fdw = QStringLiteral("CREATE FOREIGN DATA WRAPPER fdw_det;\nCREATE SERVER srv_det FOREIGN DATA WRAPPER fdw_det OPTIONS (host 'a');\n");

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

QString sampleSeed()
{
    QFile f(test::bundledSet() + QStringLiteral("/seeds/sample.sql"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QString::fromUtf8(f.readAll());
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestCatalogKinds : public QObject
{
    Q_OBJECT

private:
    // setup: run at the baseline (by the seed, in the rehearsal); change: what the down script
    // does wrong. Tables of the bundled set at 005 (repositories, code_chunks) are available.
    static void rows()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("change");
        QTest::addColumn<Expected>("expected");

        const QString pub = QStringLiteral("CREATE PUBLICATION pub_det FOR TABLE code_chunks;");
        QTest::newRow("publication: table added") << pub << QStringLiteral("ALTER PUBLICATION pub_det ADD TABLE repositories;")
                                                  << Expected{"publication", "pub_det", "table public.repositories"};
        QTest::newRow("publication: publish option") << pub << QStringLiteral("ALTER PUBLICATION pub_det SET (publish = 'insert');")
                                                     << Expected{"publication", "pub_det", "publish"};
        if (test::server().serverVersion().section(QLatin1Char('.'), 0, 0).toInt() >= 15) {
            QTest::newRow("publication: row filter") << pub << QStringLiteral("ALTER PUBLICATION pub_det SET TABLE code_chunks WHERE (start_line > 0);")
                                                     << Expected{"publication", "pub_det", "table public.code_chunks"};
            QTest::newRow("publication: column list") << pub << QStringLiteral("ALTER PUBLICATION pub_det SET TABLE code_chunks (id, content);")
                                                      << Expected{"publication", "pub_det", "table public.code_chunks"};
        }
        QTest::newRow("replica identity") << QString() << QStringLiteral("ALTER TABLE repositories REPLICA IDENTITY FULL;")
                                          << Expected{"table", "public.repositories", "replica identity"};
        QTest::newRow("extended statistics added") << QString()
                                                   << QStringLiteral("CREATE STATISTICS st_chunks ON repository_id, code_file_id FROM code_chunks;")
                                                   << Expected{"statistics", "public.st_chunks", ""};
        QTest::newRow("extended statistics target")
            << QStringLiteral("CREATE STATISTICS st_chunks ON repository_id, code_file_id FROM code_chunks;")
            << QStringLiteral("ALTER STATISTICS st_chunks SET STATISTICS 500;") << Expected{"statistics", "public.st_chunks", "statistics target"};
        QTest::newRow("column statistics target") << QString() << QStringLiteral("ALTER TABLE repositories ALTER COLUMN path SET STATISTICS 500;")
                                                  << Expected{"column", "public.repositories.path", "statistics target"};
        QTest::newRow("column storage") << QString() << QStringLiteral("ALTER TABLE code_chunks ALTER COLUMN content SET STORAGE EXTERNAL;")
                                        << Expected{"column", "public.code_chunks.content", "storage"};
        if (test::server().serverVersion().section(QLatin1Char('.'), 0, 0).toInt() >= 14) {
            QTest::newRow("column compression") << QString() << QStringLiteral("ALTER TABLE code_chunks ALTER COLUMN content SET COMPRESSION pglz;")
                                                << Expected{"column", "public.code_chunks.content", "compression"};
        }
        QTest::newRow("event trigger")
            << QStringLiteral("CREATE FUNCTION et_det() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;\n"
                              "CREATE EVENT TRIGGER et_det ON ddl_command_end EXECUTE FUNCTION et_det();")
            << QStringLiteral("ALTER EVENT TRIGGER et_det DISABLE;") << Expected{"event trigger", "et_det", "enabled"};
        QTest::newRow("rule") << QString() << QStringLiteral("CREATE RULE r_keep AS ON DELETE TO repositories DO INSTEAD NOTHING;")
                              << Expected{"rule", "public.repositories.r_keep", ""};
        QTest::newRow("cast")
            << QStringLiteral("CREATE TYPE mood_det AS ENUM ('a', 'b');\n"
                              "CREATE FUNCTION mood_det_int(mood_det) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';\n"
                              "CREATE CAST (mood_det AS integer) WITH FUNCTION mood_det_int(mood_det);")
            << QStringLiteral("DROP CAST (mood_det AS integer);\nCREATE CAST (mood_det AS integer) WITH FUNCTION mood_det_int(mood_det) AS IMPLICIT;")
            << Expected{"cast", "mood_det AS integer", "context"};
        QTest::newRow("operator")
            << QStringLiteral("CREATE FUNCTION eqish_det(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';\n"
                              "CREATE OPERATOR === (LEFTARG = text, RIGHTARG = text, FUNCTION = eqish_det);")
            << QStringLiteral("ALTER OPERATOR === (text, text) SET (RESTRICT = eqsel);") << Expected{"operator", "public.===(text, text)", "restrict"};
        QTest::newRow("aggregate")
            << QStringLiteral("CREATE AGGREGATE agg_det(text) (SFUNC = textcat, STYPE = text, INITCOND = '');")
            << QStringLiteral("DROP AGGREGATE agg_det(text);\nCREATE AGGREGATE agg_det(text) (SFUNC = textcat, STYPE = text, INITCOND = '-');")
            << Expected{"aggregate", "public.agg_det(text)", "definition"};
        QTest::newRow("collation") << QStringLiteral("CREATE COLLATION coll_det (provider = libc, locale = 'C');")
                                   << QStringLiteral("DROP COLLATION coll_det;\nCREATE COLLATION coll_det (provider = libc, locale = 'POSIX');")
                                   << Expected{"collation", "public.coll_det", "lc_collate"};
        QTest::newRow("text search configuration") << QStringLiteral("CREATE TEXT SEARCH CONFIGURATION ts_det (COPY = simple);")
                                                   << QStringLiteral("ALTER TEXT SEARCH CONFIGURATION ts_det DROP MAPPING FOR word;")
                                                   << Expected{"text search configuration", "public.ts_det", "mapping word"};
        QTest::newRow("foreign data wrapper") << Fdw << QStringLiteral("ALTER FOREIGN DATA WRAPPER fdw_det OPTIONS (ADD debug 'true');")
                                              << Expected{"foreign data wrapper", "fdw_det", "options"};
        QTest::newRow("server") << Fdw << QStringLiteral("ALTER SERVER srv_det OPTIONS (SET host 'b');") << Expected{"server", "srv_det", "options"};
        QTest::newRow("user mapping")
            << Fdw + QStringLiteral("CREATE USER MAPPING FOR PUBLIC SERVER srv_det OPTIONS (user 'u', password 'hunter2-det');")
            << QStringLiteral("ALTER USER MAPPING FOR PUBLIC SERVER srv_det OPTIONS (SET user 'v', SET password 'hunter3-det');")
            << Expected{"user mapping", "FOR public SERVER srv_det", "options"};
        const QString foreignTable = Fdw + QStringLiteral("CREATE FOREIGN TABLE ft_det (id integer OPTIONS (col 'x')) SERVER srv_det OPTIONS (tbl 'items');");
        QTest::newRow("foreign table options") << foreignTable << QStringLiteral("ALTER FOREIGN TABLE ft_det OPTIONS (SET tbl 'other');")
                                               << Expected{"foreign table", "public.ft_det", "server"};
        QTest::newRow("foreign table column options") << foreignTable << QStringLiteral("ALTER FOREIGN TABLE ft_det ALTER COLUMN id OPTIONS (SET col 'y');")
                                                      << Expected{"column", "public.ft_det.id", "options"};
        QTest::newRow("default privileges") << QString()
                                            << QStringLiteral("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;")
                                            << Expected{"default privileges", "IN SCHEMA public ON TABLES", ""};
        QTest::newRow("database setting")
            << QString()
            << QStringLiteral("DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '7MB'); END$$;")
            << Expected{"settings", "DATABASE", "work_mem"};
        QTest::newRow("role in database setting")
            << QStringLiteral("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'det_app') THEN CREATE ROLE det_app; END IF; END$$;")
            << QStringLiteral("DO $$BEGIN EXECUTE format('ALTER ROLE det_app IN DATABASE %I SET search_path = %L', current_database(), 'app'); END$$;")
            << Expected{"settings", "ROLE det_app IN DATABASE", "search_path"};
        QTest::newRow("table tablespace") << QString() << QStringLiteral("ALTER TABLE repositories SET TABLESPACE ts_det;")
                                         << Expected{"table", "public.repositories", "tablespace"};
        QTest::newRow("index tablespace") << QString() << QStringLiteral("ALTER INDEX pk_repositories SET TABLESPACE ts_det;")
                                          << Expected{"index", "public.repositories.pk_repositories", "tablespace"};
    }

    static Snapshot capture(Session &session)
    {
        auto snapshot = captureSnapshot(session);
        if (!snapshot)
            qFatal("%s", qPrintable(snapshot.error().toString()));
        return *snapshot;
    }

private slots:
    void initTestCase()
    {
        // Tablespaces are the cluster's: one for every row, in the data directory (no directory
        // of the test's own to give the server user).
        auto admin = test::openSession(test::server().settings());
        QVERIFY_RESULT(admin->exec(QStringLiteral("SET allow_in_place_tablespaces = on")));
        QVERIFY_RESULT(admin->exec(QStringLiteral("CREATE TABLESPACE ts_det LOCATION ''")));
    }

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
        test::TempSet broken(test::bundledSet(), {{test::bundledRevision002Path(), test::revision002WithDown({}, change)},
                                                  {QStringLiteral("seeds/sample.sql"), sampleSeed() + QLatin1Char('\n') + setup + QLatin1Char('\n')}});
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
