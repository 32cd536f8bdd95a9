// The repair script from snapshots alone: every difference gets a statement or a reason,
// identifiers are quoted and literals escaped, and what PostgreSQL cannot undo (an enum
// value, a column's place) is said. tst_repaircopies runs the scripts on a server.
#include "builders.h"
#include "schema/repairscript.h"

#include <QTest>

using namespace revisor;

namespace {

Snapshot withTables(QList<Table> tables)
{
    Snapshot s;
    s.serverVersion = QStringLiteral("15.0");
    s.tables = std::move(tables);
    return s;
}

TypeDef enumType(const QString &name, const QStringList &labels)
{
    TypeDef t;
    t.schema = QStringLiteral("public");
    t.name = name;
    t.kind = QStringLiteral("enum");
    t.elements = labels;
    t.owner = QStringLiteral("postgres");
    return t;
}

QString allSql(const RepairScript &script)
{
    QStringList sql;
    for (const RepairStatement &st : script.statements)
        sql << st.sql;
    return sql.join(QStringLiteral(";\n"));
}

// Every difference has a statement naming it, or is named as unrepairable.
QString uncovered(const Snapshot &current, const Snapshot &wanted, const RepairScript &script)
{
    QStringList missing;
    for (const DiffEntry &e : diffSnapshots(wanted, current).entries) {
        const QString text = e.toText().section(QLatin1Char('\n'), 0, 0);
        const bool repaired = std::any_of(script.statements.cbegin(), script.statements.cend(),
                                          [&text](const RepairStatement &st) { return st.repairs.split(QLatin1Char('\n')).contains(text); });
        const bool said = std::any_of(script.unrepairable.cbegin(), script.unrepairable.cend(),
                                      [&e](const UnrepairableDiff &u) { return u.covers(e) && !u.reason.isEmpty(); });
        if (!repaired && !said)
            missing << text;
    }
    return missing.join(QLatin1Char('\n'));
}

} // namespace

Q_DECLARE_METATYPE(CatalogObject)

class TestRepairScript : public QObject
{
    Q_OBJECT

private slots:
    void enumValueAddedCannotBeRemoved()
    {
        Snapshot wanted, current;
        wanted.types << enumType(QStringLiteral("mood"), {QStringLiteral("a"), QStringLiteral("b")});
        current.types << enumType(QStringLiteral("mood"), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        const RepairScript script = repairScript(current, wanted);
        QVERIFY(script.statements.isEmpty());
        QCOMPARE(script.unrepairable.size(), 1);
        QVERIFY2(script.unrepairable.first().text().startsWith(QLatin1String("~ type public.mood elements: PostgreSQL cannot remove a value from an enum")),
                 qPrintable(script.unrepairable.first().text()));
    }

    void enumValueRemovedIsAddedBackInPlace()
    {
        Snapshot wanted, current;
        wanted.types << enumType(QStringLiteral("mood"), {QStringLiteral("a"), QStringLiteral("it's"), QStringLiteral("c")});
        current.types << enumType(QStringLiteral("mood"), {QStringLiteral("a"), QStringLiteral("c")});
        const RepairScript script = repairScript(current, wanted);
        QVERIFY(script.unrepairable.isEmpty());
        QCOMPARE(allSql(script), QStringLiteral("ALTER TYPE \"public\".\"mood\" ADD VALUE 'it''s' AFTER 'a'"));
        QCOMPARE(uncovered(current, wanted, script), QString());
    }

    // A column the rollback lost comes back last: the columns whose order then differs are said.
    void columnAddedBackSaysItsPlace()
    {
        const Snapshot wanted = withTables({test::table(QStringLiteral("t"), test::columns({"a", "notes", "b"}))});
        const Snapshot current = withTables({test::table(QStringLiteral("t"), test::columns({"a", "b"}))});
        const RepairScript script = repairScript(current, wanted);
        QCOMPARE(allSql(script), QStringLiteral("ALTER TABLE \"public\".\"t\" ADD COLUMN \"notes\" text"));
        QStringList said;
        for (const UnrepairableDiff &u : script.unrepairable)
            said << u.entry.name + QLatin1Char(' ') + u.entry.attribute;
        QCOMPARE(said, (QStringList{"public.t.notes position", "public.t.b position"}));
        QVERIFY(script.unrepairable.first().reason.contains(QLatin1String("PostgreSQL has no column order")));
        // A column lost at the end comes back in its place: nothing to say.
        const Snapshot last = withTables({test::table(QStringLiteral("t"), test::columns({"a", "notes"}))});
        QVERIFY(repairScript(last, wanted).unrepairable.isEmpty());
        const Snapshot wantedLast = withTables({test::table(QStringLiteral("t"), test::columns({"a", "b", "notes"}))});
        QVERIFY(repairScript(current, wantedLast).unrepairable.isEmpty());
    }

    void identifiersQuotedLiteralsEscaped()
    {
        Table t = test::table(QStringLiteral("Odd \"name\""), test::columns({"x"}));
        Table commented = t;
        commented.comment = QStringLiteral("it's odd");
        const RepairScript script = repairScript(withTables({t}), withTables({commented}));
        QCOMPARE(allSql(script), QStringLiteral("COMMENT ON TABLE \"public\".\"Odd \"\"name\"\"\" IS 'it''s odd'"));
        const RepairScript drop = repairScript(withTables({t}), withTables({}));
        QCOMPARE(allSql(drop), QStringLiteral("DROP TABLE \"public\".\"Odd \"\"name\"\"\""));
    }

    // Drops first, then creations, alterations, foreign keys; every difference covered.
    void dependencyOrder()
    {
        Table parent = test::table(QStringLiteral("parent"), test::columns({"id"}));
        parent.constraints << Constraint{QStringLiteral("parent_pkey"), QStringLiteral("primary key"), QStringLiteral("PRIMARY KEY (id)"), true, false, false, {}};
        Table child = test::table(QStringLiteral("child"), test::columns({"id", "parent_id"}));
        child.constraints << Constraint{QStringLiteral("child_parent_fk"), QStringLiteral("foreign key"),
                                        QStringLiteral("FOREIGN KEY (parent_id) REFERENCES parent(id)"), true, false, false, {}};
        Table stray = test::table(QStringLiteral("stray"), test::columns({"x"}));
        const Snapshot wanted = withTables({child, parent});
        const Snapshot current = withTables({stray});
        const RepairScript script = repairScript(current, wanted);
        const QString sql = allSql(script);
        const qsizetype drop = sql.indexOf(QLatin1String("DROP TABLE \"public\".\"stray\""));
        const qsizetype createChild = sql.indexOf(QLatin1String("CREATE TABLE \"public\".\"child\""));
        const qsizetype createParent = sql.indexOf(QLatin1String("CREATE TABLE \"public\".\"parent\""));
        const qsizetype pk = sql.indexOf(QLatin1String("ADD CONSTRAINT \"parent_pkey\""));
        const qsizetype fk = sql.indexOf(QLatin1String("ADD CONSTRAINT \"child_parent_fk\""));
        QVERIFY2(drop == 0 && drop < createChild && createChild < pk && createParent < pk && pk < fk, qPrintable(sql));
        QCOMPARE(uncovered(current, wanted, script), QString());
    }

    void catalogObjects_data()
    {
        QTest::addColumn<CatalogObject>("now");       // empty name: absent
        QTest::addColumn<CatalogObject>("want");
        QTest::addColumn<QString>("sql");
        const auto object = [](const QString &kind, const QString &name, QList<CatalogAttribute> attributes) {
            return CatalogObject{kind, name, {}, {}, attributes};
        };
        const CatalogObject none;
        const CatalogObject pub = object(QStringLiteral("publication"), QStringLiteral("pub"),
                                         {{"all tables", "false"}, {"publish", "insert, update"}, {"table public.t", "(a, b) WHERE (a > 0)"}});
        QTest::newRow("publication re-created") << none << pub
                                                << QStringLiteral("CREATE PUBLICATION pub WITH (publish = 'insert, update');\n"
                                                                  "ALTER PUBLICATION pub ADD TABLE public.t (a, b) WHERE (a > 0)");
        QTest::newRow("publication dropped") << pub << none << QStringLiteral("DROP PUBLICATION pub");
        QTest::newRow("database setting")
            << object(QStringLiteral("settings"), QStringLiteral("DATABASE"), {{"work_mem", "7MB"}})
            << object(QStringLiteral("settings"), QStringLiteral("DATABASE"), {{"work_mem", "50%'s"}})
            << QStringLiteral("DO $revisor$BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''50%%''''s''', current_database()); END$revisor$");
        QTest::newRow("role setting, list") << none << object(QStringLiteral("settings"), QStringLiteral("ROLE app"), {{"search_path", "app, \"$user\""}})
                                            << QStringLiteral("ALTER ROLE app SET search_path = 'app', '$user'");
        QTest::newRow("default privileges in a schema")
            << object(QStringLiteral("default privileges"), QStringLiteral("FOR ROLE postgres IN SCHEMA public ON TABLES"), {{"acl", "{=r/postgres}"}}) << none
            << QStringLiteral("ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE SELECT ON TABLES FROM PUBLIC");
        QTest::newRow("text search mapping")
            << object(QStringLiteral("text search configuration"), QStringLiteral("public.ts"), {{"parser", "pg_catalog.\"default\""}})
            << object(QStringLiteral("text search configuration"), QStringLiteral("public.ts"), {{"parser", "pg_catalog.\"default\""}, {"mapping word", "simple"}})
            << QStringLiteral("ALTER TEXT SEARCH CONFIGURATION public.ts ADD MAPPING FOR word WITH simple");
    }

    void catalogObjects()
    {
        QFETCH(CatalogObject, now);
        QFETCH(CatalogObject, want);
        QFETCH(QString, sql);
        Snapshot current, wanted;
        if (!now.name.isEmpty())
            current.objects << now;
        if (!want.name.isEmpty())
            wanted.objects << want;
        const RepairScript script = repairScript(current, wanted);
        QCOMPARE(allSql(script), sql);
        QVERIFY2(script.unrepairable.isEmpty(), qPrintable(script.unrepairableText().join(QLatin1Char('\n'))));
        QCOMPARE(uncovered(current, wanted, script), QString());
    }

    // A kind without DDL of its own is said, never silently left out.
    void unknownKindIsSaid()
    {
        Snapshot current;
        current.objects << CatalogObject{QStringLiteral("widget"), QStringLiteral("w"), {}, {}, {{"size", "1"}}};
        const RepairScript script = repairScript(current, Snapshot());
        QCOMPARE(script.unrepairableText(), QStringList{QStringLiteral("+ widget w: Revisor does not generate DDL for a widget yet")});
        QVERIFY(script.toSql().contains(QLatin1String("-- cannot repair: + widget w: Revisor does not generate DDL for a widget yet")));
    }
};

QTEST_GUILESS_MAIN(TestRepairScript)
#include "tst_repairscript.moc"
