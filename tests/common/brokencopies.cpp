#include "brokencopies.h"

#include "brokencopy.h"
#include "db/session.h"
#include "testserver.h"

#include <QFile>

namespace revisor::test {

namespace {

BrokenCopy appended(const QString &name, const QString &down, const QStringList &expect)
{
    return BrokenCopy{name, QString(), down, QString(), expect, {}, {}, {}};
}

BrokenCopy replaced(const QString &name, const QString &find, const QString &replace, const QStringList &expect)
{
    return BrokenCopy{name, find, replace, QString(), expect, {}, {}, {}};
}

BrokenCopy kind(const QString &name, const QString &setup, const QString &change, const QString &kind, const QString &object,
                const QString &attribute)
{
    return BrokenCopy{name, QString(), change, setup, {}, kind, object, attribute};
}

int serverMajor()
{
    return server().serverVersion().section(QLatin1Char('.'), 0, 0).toInt();
}

QString sampleSeed()
{
    QFile f(bundledSet() + QStringLiteral("/seeds/sample.sql"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QString::fromUtf8(f.readAll());
}

} // namespace

QList<BrokenCopy> rehearsalBrokenCopies()
{
    return {
        appended(QStringLiteral("extra index left behind"), QStringLiteral("CREATE INDEX extra_idx ON repositories (path);"),
                 {QStringLiteral("schema.identical:extra_idx"), QStringLiteral("schema.identical:public.repositories")}),
        appended(QStringLiteral("CHECK constraint left behind"),
                 QStringLiteral("ALTER TABLE repositories ADD CONSTRAINT ck_left_over_project_id CHECK (path <> '');"),
                 {QStringLiteral("V2.2:ck_left_over_project_id"), QStringLiteral("schema.identical:ck_left_over_project_id")}),
        appended(QStringLiteral("row deleted from code_chunks"), QStringLiteral("DELETE FROM code_chunks WHERE id = (SELECT max(id) FROM code_chunks);"),
                 {QStringLiteral("V5.5:public.code_chunks"), QStringLiteral("data.preserved:public.code_chunks"), QStringLiteral("data.preserved:id=4")}),
        appended(QStringLiteral("values changed in repositories"), QStringLiteral("UPDATE repositories SET last_indexed_at = now() WHERE id = 1;"),
                 {QStringLiteral("data.preserved:public.repositories"), QStringLiteral("data.preserved:id=1"),
                  QStringLiteral("data.preserved:last_indexed_at")}),
        appended(QStringLiteral("path changed in repositories"), QStringLiteral("UPDATE repositories SET path = '/test/moved' WHERE id = 2;"),
                 {QStringLiteral("data.preserved:public.repositories"), QStringLiteral("data.preserved:id=2"), QStringLiteral("data.paths:2")}),
        // A restored table must come back as the baseline had it (empty here), not with rows of its own.
        appended(QStringLiteral("rows invented in a restored table"),
                 QStringLiteral("INSERT INTO work_items (title, item_type, path, created_by) VALUES ('invented', 'task', '/x', 'down');"),
                 {QStringLiteral("data.loss-ledger:public.work_items")}),
        // The last of the nine tables, with its index; the rest of the down section is untouched.
        replaced(QStringLiteral("table forgotten"),
                 QStringLiteral("CREATE TABLE vendor_deployment_links (\n"
                                "    deployment_id uuid NOT NULL\n"
                                "                  CONSTRAINT fk_vendor_deployment_links_deployment\n"
                                "                  REFERENCES deployment_events (id) ON DELETE CASCADE,\n"
                                "    vendor_id     uuid NOT NULL\n"
                                "                  CONSTRAINT fk_vendor_deployment_links_vendor\n"
                                "                  REFERENCES vendor_extractors (id) ON DELETE RESTRICT,\n"
                                "    status_before varchar(20),\n"
                                "    status_after  varchar(20),\n"
                                "    created_at    timestamptz NOT NULL DEFAULT now(),\n"
                                "    CONSTRAINT pk_vendor_deployment_links PRIMARY KEY (deployment_id, vendor_id)\n"
                                ");\n\n"
                                "CREATE INDEX ix_vendor_deployment_links_vendor_id ON vendor_deployment_links (vendor_id);\n"),
                 QString(),
                 {QStringLiteral("V4.3:public.vendor_deployment_links"), QStringLiteral("schema.identical:public.vendor_deployment_links")}),
        replaced(QStringLiteral("column missing"), QStringLiteral("    notes               text,\n"), QString(),
                 {QStringLiteral("schema.identical:public.tasks.notes")}),
        replaced(QStringLiteral("column default changed"), QStringLiteral("    status      varchar(20) NOT NULL DEFAULT 'active',"),
                 QStringLiteral("    status      varchar(20) NOT NULL DEFAULT 'blocked',"),
                 {QStringLiteral("schema.identical:public.work_items.status"), QStringLiteral("schema.identical:default")}),
        replaced(QStringLiteral("table comment changed"), QStringLiteral("COMMENT ON TABLE tasks IS 'Development tasks tracked alongside the indexed code';"),
                 QStringLiteral("COMMENT ON TABLE tasks IS 'Development tasks';"),
                 {QStringLiteral("schema.identical:public.tasks"), QStringLiteral("schema.identical:comment")}),
        replaced(QStringLiteral("column comment changed"), QStringLiteral("COMMENT ON COLUMN task_commits.commit_hash IS 'Full 40-character lowercase SHA-1';"),
                 QStringLiteral("COMMENT ON COLUMN task_commits.commit_hash IS 'SHA-1';"),
                 {QStringLiteral("schema.identical:public.task_commits.commit_hash"), QStringLiteral("schema.identical:comment")}),
    };
}

QList<BrokenCopy> catalogKindCopies()
{
    const QString fdw = QStringLiteral("CREATE FOREIGN DATA WRAPPER fdw_det;\nCREATE SERVER srv_det FOREIGN DATA WRAPPER fdw_det OPTIONS (host 'a');\n");
    const QString pub = QStringLiteral("CREATE PUBLICATION pub_det FOR TABLE code_chunks;");
    QList<BrokenCopy> rows{
        kind(QStringLiteral("publication: table added"), pub, QStringLiteral("ALTER PUBLICATION pub_det ADD TABLE repositories;"),
             QStringLiteral("publication"), QStringLiteral("pub_det"), QStringLiteral("table public.repositories")),
        kind(QStringLiteral("publication: publish option"), pub, QStringLiteral("ALTER PUBLICATION pub_det SET (publish = 'insert');"),
             QStringLiteral("publication"), QStringLiteral("pub_det"), QStringLiteral("publish")),
    };
    if (serverMajor() >= 15) {
        rows << kind(QStringLiteral("publication: row filter"), pub, QStringLiteral("ALTER PUBLICATION pub_det SET TABLE code_chunks WHERE (start_line > 0);"),
                     QStringLiteral("publication"), QStringLiteral("pub_det"), QStringLiteral("table public.code_chunks"))
             << kind(QStringLiteral("publication: column list"), pub, QStringLiteral("ALTER PUBLICATION pub_det SET TABLE code_chunks (id, content);"),
                     QStringLiteral("publication"), QStringLiteral("pub_det"), QStringLiteral("table public.code_chunks"));
    }
    rows << kind(QStringLiteral("replica identity"), QString(), QStringLiteral("ALTER TABLE repositories REPLICA IDENTITY FULL;"),
                 QStringLiteral("table"), QStringLiteral("public.repositories"), QStringLiteral("replica identity"))
         << kind(QStringLiteral("extended statistics added"), QString(),
                 QStringLiteral("CREATE STATISTICS st_chunks ON repository_id, code_file_id FROM code_chunks;"),
                 QStringLiteral("statistics"), QStringLiteral("public.st_chunks"), QString())
         << kind(QStringLiteral("extended statistics target"), QStringLiteral("CREATE STATISTICS st_chunks ON repository_id, code_file_id FROM code_chunks;"),
                 QStringLiteral("ALTER STATISTICS st_chunks SET STATISTICS 500;"), QStringLiteral("statistics"), QStringLiteral("public.st_chunks"),
                 QStringLiteral("statistics target"))
         << kind(QStringLiteral("column statistics target"), QString(), QStringLiteral("ALTER TABLE repositories ALTER COLUMN path SET STATISTICS 500;"),
                 QStringLiteral("column"), QStringLiteral("public.repositories.path"), QStringLiteral("statistics target"))
         << kind(QStringLiteral("column storage"), QString(), QStringLiteral("ALTER TABLE code_chunks ALTER COLUMN content SET STORAGE EXTERNAL;"),
                 QStringLiteral("column"), QStringLiteral("public.code_chunks.content"), QStringLiteral("storage"));
    if (serverMajor() >= 14) {
        rows << kind(QStringLiteral("column compression"), QString(), QStringLiteral("ALTER TABLE code_chunks ALTER COLUMN content SET COMPRESSION pglz;"),
                     QStringLiteral("column"), QStringLiteral("public.code_chunks.content"), QStringLiteral("compression"));
    }
    const QString foreignTable = fdw + QStringLiteral("CREATE FOREIGN TABLE ft_det (id integer OPTIONS (col 'x')) SERVER srv_det OPTIONS (tbl 'items');");
    rows << kind(QStringLiteral("event trigger"),
                 QStringLiteral("CREATE FUNCTION et_det() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;\n"
                                "CREATE EVENT TRIGGER et_det ON ddl_command_end EXECUTE FUNCTION et_det();"),
                 QStringLiteral("ALTER EVENT TRIGGER et_det DISABLE;"), QStringLiteral("event trigger"), QStringLiteral("et_det"), QStringLiteral("enabled"))
         << kind(QStringLiteral("rule"), QString(), QStringLiteral("CREATE RULE r_keep AS ON DELETE TO repositories DO INSTEAD NOTHING;"),
                 QStringLiteral("rule"), QStringLiteral("public.repositories.r_keep"), QString())
         << kind(QStringLiteral("cast"),
                 QStringLiteral("CREATE TYPE mood_det AS ENUM ('a', 'b');\n"
                                "CREATE FUNCTION mood_det_int(mood_det) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';\n"
                                "CREATE CAST (mood_det AS integer) WITH FUNCTION mood_det_int(mood_det);"),
                 QStringLiteral("DROP CAST (mood_det AS integer);\nCREATE CAST (mood_det AS integer) WITH FUNCTION mood_det_int(mood_det) AS IMPLICIT;"),
                 QStringLiteral("cast"), QStringLiteral("mood_det AS integer"), QStringLiteral("context"))
         << kind(QStringLiteral("operator"),
                 QStringLiteral("CREATE FUNCTION eqish_det(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';\n"
                                "CREATE OPERATOR === (LEFTARG = text, RIGHTARG = text, FUNCTION = eqish_det);"),
                 QStringLiteral("ALTER OPERATOR === (text, text) SET (RESTRICT = eqsel);"), QStringLiteral("operator"), QStringLiteral("public.===(text, text)"),
                 QStringLiteral("restrict"))
         << kind(QStringLiteral("aggregate"), QStringLiteral("CREATE AGGREGATE agg_det(text) (SFUNC = textcat, STYPE = text, INITCOND = '');"),
                 QStringLiteral("DROP AGGREGATE agg_det(text);\nCREATE AGGREGATE agg_det(text) (SFUNC = textcat, STYPE = text, INITCOND = '-');"),
                 QStringLiteral("aggregate"), QStringLiteral("public.agg_det(text)"), QStringLiteral("definition"))
         << kind(QStringLiteral("collation"), QStringLiteral("CREATE COLLATION coll_det (provider = libc, locale = 'C');"),
                 QStringLiteral("DROP COLLATION coll_det;\nCREATE COLLATION coll_det (provider = libc, locale = 'POSIX');"),
                 QStringLiteral("collation"), QStringLiteral("public.coll_det"), QStringLiteral("lc_collate"))
         << kind(QStringLiteral("text search configuration"), QStringLiteral("CREATE TEXT SEARCH CONFIGURATION ts_det (COPY = simple);"),
                 QStringLiteral("ALTER TEXT SEARCH CONFIGURATION ts_det DROP MAPPING FOR word;"), QStringLiteral("text search configuration"),
                 QStringLiteral("public.ts_det"), QStringLiteral("mapping word"))
         << kind(QStringLiteral("foreign data wrapper"), fdw, QStringLiteral("ALTER FOREIGN DATA WRAPPER fdw_det OPTIONS (ADD debug 'true');"),
                 QStringLiteral("foreign data wrapper"), QStringLiteral("fdw_det"), QStringLiteral("options"))
         << kind(QStringLiteral("server"), fdw, QStringLiteral("ALTER SERVER srv_det OPTIONS (SET host 'b');"), QStringLiteral("server"),
                 QStringLiteral("srv_det"), QStringLiteral("options"))
         << kind(QStringLiteral("user mapping"), fdw + QStringLiteral("CREATE USER MAPPING FOR PUBLIC SERVER srv_det OPTIONS (user 'u', password 'hunter2-det');"),
                 QStringLiteral("ALTER USER MAPPING FOR PUBLIC SERVER srv_det OPTIONS (SET user 'v', SET password 'hunter3-det');"),
                 QStringLiteral("user mapping"), QStringLiteral("FOR public SERVER srv_det"), QStringLiteral("options"))
         << kind(QStringLiteral("foreign table options"), foreignTable, QStringLiteral("ALTER FOREIGN TABLE ft_det OPTIONS (SET tbl 'other');"),
                 QStringLiteral("foreign table"), QStringLiteral("public.ft_det"), QStringLiteral("server"))
         << kind(QStringLiteral("foreign table column options"), foreignTable, QStringLiteral("ALTER FOREIGN TABLE ft_det ALTER COLUMN id OPTIONS (SET col 'y');"),
                 QStringLiteral("column"), QStringLiteral("public.ft_det.id"), QStringLiteral("options"))
         << kind(QStringLiteral("default privileges"), QString(), QStringLiteral("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;"),
                 QStringLiteral("default privileges"), QStringLiteral("IN SCHEMA public ON TABLES"), QString())
         << kind(QStringLiteral("database setting"), QString(),
                 QStringLiteral("DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '7MB'); END$$;"),
                 QStringLiteral("settings"), QStringLiteral("DATABASE"), QStringLiteral("work_mem"))
         << kind(QStringLiteral("role in database setting"),
                 QStringLiteral("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'det_app') THEN CREATE ROLE det_app; END IF; END$$;"),
                 QStringLiteral("DO $$BEGIN EXECUTE format('ALTER ROLE det_app IN DATABASE %I SET search_path = %L', current_database(), 'app'); END$$;"),
                 QStringLiteral("settings"), QStringLiteral("ROLE det_app IN DATABASE"), QStringLiteral("search_path"))
         << kind(QStringLiteral("table tablespace"), QString(), QStringLiteral("ALTER TABLE repositories SET TABLESPACE ts_det;"), QStringLiteral("table"),
                 QStringLiteral("public.repositories"), QStringLiteral("tablespace"))
         << kind(QStringLiteral("index tablespace"), QString(), QStringLiteral("ALTER INDEX pk_repositories SET TABLESPACE ts_det;"), QStringLiteral("index"),
                 QStringLiteral("public.repositories.pk_repositories"), QStringLiteral("tablespace"));
    return rows;
}

QList<BrokenCopy> allBrokenCopies()
{
    return rehearsalBrokenCopies() + catalogKindCopies();
}

QMap<QString, QString> brokenCopyFiles(const BrokenCopy &copy)
{
    QMap<QString, QString> files{{bundledRevision002Path(), revision002WithDown(copy.find, copy.replace)}};
    if (!copy.setup.isEmpty())
        files.insert(QStringLiteral("seeds/sample.sql"), sampleSeed() + QLatin1Char('\n') + copy.setup + QLatin1Char('\n'));
    return files;
}

void prepareClusterForCatalogKinds()
{
    // Tablespaces are the cluster's: one for every row, in the data directory (no directory
    // of the test's own to give the server user).
    auto admin = openSession(server().settings());
    for (const char *sql : {"SET allow_in_place_tablespaces = on", "CREATE TABLESPACE ts_det LOCATION ''"}) {
        if (auto done = admin->exec(QLatin1String(sql)); !done)
            qFatal("%s", qPrintable(done.error().toString()));
    }
}

} // namespace revisor::test
