// Data capture and comparison against a scratch PostgreSQL: values hashed on the server from
// their text form, one snapshot for all tables, comparison over common columns.
#include "data/datacapture.h"
#include "resultassert.h"
#include "runner/versionstore.h"
#include "data/datacompare.h"
#include "db/session.h"
#include "testserver.h"

#include <QJsonDocument>
#include <QTest>

using namespace revisor;

namespace {

std::unique_ptr<Session> openSession(const ConnectionSettings &settings)
{
    auto s = Session::open(settings, QStringLiteral("tst_fingerprint"));
    if (!s)
        qFatal("cannot open a session: %s", qPrintable(s.error().toString()));
    return std::move(*s);
}

// Runs statements; the first failure is returned as text (empty on success).
QString run(Session &session, const QStringList &statements)
{
    for (const QString &sql : statements) {
        if (auto r = session.exec(sql); !r)
            return r.error().toString();
    }
    return QString();
}

#define RUN(session, ...)                                                 \
    do {                                                                  \
        const QString failure_ = run(session, QStringList{__VA_ARGS__}); \
        QVERIFY2(failure_.isEmpty(), qPrintable(failure_));               \
    } while (false)

// Without the Alembic version table, as the rehearsal captures.
DataCaptureOptions withoutBookkeeping()
{
    DataCaptureOptions options;
    options.leaveOut = alembicVersionStore()->ownTables();
    return options;
}

DataCapture capture(Session &session, const DataCaptureOptions &options = withoutBookkeeping())
{
    auto c = captureData(session, options);
    if (!c)
        qFatal("captureData failed: %s", qPrintable(c.error().toString()));
    return *c;
}

const QStringList kItemsSchema{
    QStringLiteral("CREATE TABLE items (id integer PRIMARY KEY, label text, amount numeric, at timestamptz,"
                   " embedding real[], doc jsonb, note text, blob bytea)"),
    QStringLiteral("INSERT INTO items VALUES"
                   " (1, 'a', 1.000000000000000001, '2024-01-01 00:00:00.000001+00',"
                   "  (SELECT array_agg(i / 7.0::real) FROM generate_series(1, 1536) i), '{\"a\": 1}', NULL, '\\x00'),"
                   " (2, 'b', 2, '2024-01-02 00:00:00+00',"
                   "  (SELECT array_agg(i / 3.0::real) FROM generate_series(1, 1536) i), '{\"b\": [1, 2]}', '', '\\x'),"
                   " (3, 'c', NULL, NULL, NULL, NULL, 'x', NULL)"),
    QStringLiteral("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)"),
    QStringLiteral("INSERT INTO alembic_version VALUES ('005')"),
};

} // namespace

class TstFingerprint : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void singleChangeIsNamed_data();
    void singleChangeIsNamed();
    void addThenDropColumnMatches();
    void missingColumnComparesOverTheRest();
    void tablesCaptured();
    void oneSnapshotForAllTables();
    void callersTransactionUsedAsIs();
    void independentOfSessionSettings();
    void rowDetailLimit();
    void jsonRoundTrip();
    void caseInsensitiveCollationStillSeesCase();

private:
    std::unique_ptr<Session> m_session;
    DataCapture m_baseline;
};

void TstFingerprint::initTestCase()
{
    auto db = test::freshDatabase(QStringLiteral("fingerprint"));
    QVERIFY_RESULT(db);
    m_session = openSession(*db);
    const QString failure = run(*m_session, kItemsSchema);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    m_baseline = capture(*m_session);
    QVERIFY(!m_session->inTransaction());
}

void TstFingerprint::singleChangeIsNamed_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");  // "" = must match

    QTest::newRow("no-op update") << "UPDATE items SET label = label" << "";
    QTest::newRow("numeric 18th decimal (a double would lose it)")
        << "UPDATE items SET amount = 1.000000000000000002 WHERE id = 1" << "changed id=1 amount";
    QTest::newRow("timestamptz microsecond")
        << "UPDATE items SET at = '2024-01-01 00:00:00.000002+00' WHERE id = 1" << "changed id=1 at";
    QTest::newRow("one of 1536 embedding values")
        << "UPDATE items SET embedding[1536] = 0.5 WHERE id = 2" << "changed id=2 embedding";
    QTest::newRow("jsonb") << "UPDATE items SET doc = '{\"a\": 2}' WHERE id = 1" << "changed id=1 doc";
    QTest::newRow("NULL to empty string") << "UPDATE items SET note = '' WHERE id = 1" << "changed id=1 note";
    QTest::newRow("empty string to NULL") << "UPDATE items SET note = NULL WHERE id = 2" << "changed id=2 note";
    QTest::newRow("bytea") << "UPDATE items SET blob = '\\x0000' WHERE id = 1" << "changed id=1 blob";
    QTest::newRow("trailing space") << "UPDATE items SET label = 'a ' WHERE id = 1" << "changed id=1 label";
    QTest::newRow("two columns") << "UPDATE items SET label = 'z', blob = '\\x01' WHERE id = 3" << "changed id=3 label,blob";
    QTest::newRow("row removed") << "DELETE FROM items WHERE id = 3" << "removed id=3";
    QTest::newRow("row added") << "INSERT INTO items (id) VALUES (4)" << "added id=4";
    QTest::newRow("version table ignored") << "UPDATE alembic_version SET version_num = '002'" << "";
}

void TstFingerprint::singleChangeIsNamed()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    // Inside a transaction that is rolled back, so every row starts from the baseline; the
    // capture uses that transaction as is.
    RUN(*m_session, "BEGIN", sql);
    const DataCapture after = capture(*m_session);
    QVERIFY(m_session->inTransaction());
    RUN(*m_session, "ROLLBACK");

    const QList<TableComparison> all = compareCaptures(m_baseline, after);
    QCOMPARE(all.size(), 1);
    const TableComparison &c = all.first();
    QCOMPARE(c.table, QStringLiteral("public.items"));
    if (expected.isEmpty()) {
        QVERIFY2(c.matches(), qPrintable(c.describe()));
        return;
    }
    QVERIFY2(!c.matches(), qPrintable(c.describe()));
    QCOMPARE(c.changedRowCount, 1);
    QCOMPARE(c.changedRows.size(), 1);
    const RowChange &row = c.changedRows.first();
    QCOMPARE(RowChange::kindName(row.kind) + QLatin1Char(' ') + row.key
                 + (row.columns.isEmpty() ? QString() : QLatin1Char(' ') + row.columns.join(QLatin1Char(','))),
             expected);
}

void TstFingerprint::addThenDropColumnMatches()
{
    RUN(*m_session, "ALTER TABLE items ADD COLUMN project_id varchar(50) NOT NULL DEFAULT 'default'");
    const DataCapture upgraded = capture(*m_session);
    TableComparison c = compareTable(m_baseline.table(QStringLiteral("public.items")), upgraded.table(QStringLiteral("public.items")));
    QVERIFY2(c.matches(), qPrintable(c.describe()));
    QCOMPARE(c.columnsOnlyAfter, QStringList{QStringLiteral("project_id")});
    // Over all its columns the upgraded table does differ.
    QVERIFY(upgraded.tables.first().fingerprint() != m_baseline.tables.first().fingerprint());

    RUN(*m_session, "ALTER TABLE items DROP COLUMN project_id");
    const DataCapture rolledBack = capture(*m_session);
    c = compareTable(m_baseline.table(QStringLiteral("public.items")), rolledBack.table(QStringLiteral("public.items")));
    QVERIFY2(c.matches(), qPrintable(c.describe()));
    QVERIFY(c.columnsOnlyAfter.isEmpty());
    QCOMPARE(rolledBack.tables.first().fingerprint(), m_baseline.tables.first().fingerprint());
    QCOMPARE(rolledBack, m_baseline);
}

void TstFingerprint::missingColumnComparesOverTheRest()
{
    RUN(*m_session, "BEGIN", "ALTER TABLE items DROP COLUMN doc");
    const DataCapture dropped = capture(*m_session);
    RUN(*m_session, "UPDATE items SET label = 'q' WHERE id = 2");
    const DataCapture droppedAndChanged = capture(*m_session);
    RUN(*m_session, "ROLLBACK");

    TableComparison c = compareCaptures(m_baseline, dropped).first();
    QVERIFY2(c.matches(), qPrintable(c.describe()));
    QCOMPARE(c.columnsOnlyBefore, QStringList{QStringLiteral("doc")});
    c = compareCaptures(m_baseline, droppedAndChanged).first();
    QVERIFY(!c.matches());
    QCOMPARE(c.changedRows.size(), 1);
    QCOMPARE(c.changedRows.first().key, QStringLiteral("id=2"));
    QCOMPARE(c.changedRows.first().columns, QStringList{QStringLiteral("label")});
}

void TstFingerprint::tablesCaptured()
{
    auto db = test::freshDatabase(QStringLiteral("fingerprint_tables"));
    QVERIFY(db.has_value());
    auto session = openSession(*db);
    RUN(*session, "CREATE SCHEMA \"Other Schema\"",
        "CREATE TABLE \"Other Schema\".\"we\"\"ird %1\" (\"Col %2\" text, \"k\"\"ey\" int, PRIMARY KEY (\"k\"\"ey\", \"Col %2\"))",
        "INSERT INTO \"Other Schema\".\"we\"\"ird %1\" VALUES ('x y', 1), ('it''s', 2)",
        "CREATE TABLE nokey (a int, b text)", "INSERT INTO nokey VALUES (1, 'x'), (1, 'x')",
        "CREATE TABLE empty ()", "INSERT INTO empty DEFAULT VALUES",
        "CREATE TABLE parted (id int, v text) PARTITION BY RANGE (id)",
        "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10)",
        "INSERT INTO parted VALUES (1, 'one'), (2, 'two')",
        "CREATE TABLE parent (id int PRIMARY KEY)", "CREATE TABLE child (extra int) INHERITS (parent)",
        "INSERT INTO parent VALUES (1)", "INSERT INTO child VALUES (2, 3)",
        "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
        "CREATE TEMP TABLE scratch (a int)");
    const DataCapture all = capture(*session);
    QStringList names;
    for (const TableData &t : all.tables)
        names << t.qualifiedName() + QLatin1Char(':') + QString::number(t.rows);
    QCOMPARE(names, (QStringList{"Other Schema.we\"ird %1:2", "public.child:1", "public.empty:1", "public.nokey:2",
                                 "public.parent:1", "public.parted_1:2"}));
    const TableData *weird = all.table(QStringLiteral("Other Schema.we\"ird %1"));
    QVERIFY(weird);
    QCOMPARE(weird->primaryKey, (QStringList{"k\"ey", "Col %2"}));
    QCOMPARE(weird->keys.size(), 2);
    QVERIFY2(weird->keys.contains(QStringLiteral("k\"ey=2, Col %2='it''s'")), qPrintable(weird->keys.join(QLatin1Char('|'))));

    const DataCaptureOptions withVersion;
    QCOMPARE(capture(*session, withVersion).tables.size(), 7);

    // A second capture of unchanged data is identical, value for value.
    QCOMPARE(capture(*session), all);
}

void TstFingerprint::oneSnapshotForAllTables()
{
    auto db = test::freshDatabase(QStringLiteral("fingerprint_snapshot"));
    QVERIFY(db.has_value());
    auto reader = openSession(*db);
    auto writer = openSession(*db);
    RUN(*writer, "CREATE TABLE a (id int PRIMARY KEY)", "CREATE TABLE b (id int PRIMARY KEY)",
        "INSERT INTO a VALUES (1)", "INSERT INTO b VALUES (1)");
    DataCaptureOptions options;
    QString writerFailure;
    options.progress = [&](int index, int, const QString &table) {
        // After the snapshot is taken (the catalog query ran) and before b is scanned, another
        // session commits rows into both tables; the capture must see neither.
        if (table == QLatin1String("public.b") && index == 1)
            writerFailure = run(*writer, {QStringLiteral("INSERT INTO a VALUES (2)"), QStringLiteral("INSERT INTO b VALUES (2)")});
    };
    const DataCapture seen = capture(*reader, options);
    QVERIFY2(writerFailure.isEmpty(), qPrintable(writerFailure));
    QCOMPARE(seen.table(QStringLiteral("public.a"))->rows, 1);
    QCOMPARE(seen.table(QStringLiteral("public.b"))->rows, 1);
    QVERIFY(!reader->inTransaction());
    const DataCapture later = capture(*reader);
    QCOMPARE(later.table(QStringLiteral("public.b"))->rows, 2);
    const TableComparison c = compareTable(seen.table(QStringLiteral("public.b")), later.table(QStringLiteral("public.b")));
    QCOMPARE(c.changedRows.size(), 1);
    QCOMPARE(c.changedRows.first().key, QStringLiteral("id=2"));
    QCOMPARE(c.changedRows.first().kind, RowChange::Kind::Added);
}

void TstFingerprint::callersTransactionUsedAsIs()
{
    RUN(*m_session, "BEGIN", "SET LOCAL TimeZone = 'Asia/Kolkata'", "SET LOCAL search_path = public, pg_catalog",
        "INSERT INTO items (id, label) VALUES (10, 'in the transaction')");
    const DataCapture inside = capture(*m_session);
    QVERIFY(m_session->inTransaction());
    auto zone = m_session->scalar(QStringLiteral("SELECT current_setting('TimeZone') || ' ' || current_setting('search_path')"));
    RUN(*m_session, "ROLLBACK");
    QVERIFY(zone.has_value());
    QCOMPARE(*zone, QStringLiteral("Asia/Kolkata public, pg_catalog"));  // restored after the capture
    QCOMPARE(inside.table(QStringLiteral("public.items"))->rows, 4);
}

void TstFingerprint::independentOfSessionSettings()
{
    auto other = openSession(m_session->settings());
    RUN(*other, "SET TimeZone = 'America/New_York'", "SET DateStyle = 'SQL, DMY'", "SET extra_float_digits = -3",
        "SET IntervalStyle = 'sql_standard'", "SET bytea_output = 'escape'");
    QCOMPARE(capture(*other), m_baseline);
}

void TstFingerprint::rowDetailLimit()
{
    DataCaptureOptions small = withoutBookkeeping();
    small.rowDetailLimit = 2;  // items has 3 rows
    const DataCapture summary = capture(*m_session, small);
    const TableData &t = summary.tables.first();
    QCOMPARE(t.method, QString::fromLatin1(TableData::ServerSumMethod));
    QVERIFY(!t.hasRowDetail);
    QCOMPARE(t.rows, 3);
    QCOMPARE(t.fingerprint().size(), 16);
    QCOMPARE(capture(*m_session, small), summary);  // deterministic

    // Against a row-detail capture: counts only, and the comparison says why.
    TableComparison c = compareCaptures(m_baseline, summary).first();
    QVERIFY(!c.comparable);
    QCOMPARE(c.rowsBefore, c.rowsAfter);

    RUN(*m_session, "BEGIN", "UPDATE items SET amount = 1.000000000000000002 WHERE id = 1");
    const DataCapture changed = capture(*m_session, small);
    RUN(*m_session, "ALTER TABLE items ADD COLUMN extra int");
    const DataCapture widened = capture(*m_session, small);
    RUN(*m_session, "ROLLBACK");
    c = compareCaptures(summary, changed).first();
    QVERIFY(c.comparable);
    QVERIFY(!c.matches());
    QCOMPARE(c.changedRowCount, -1);
    QVERIFY2(c.note.contains(QStringLiteral("summary")), qPrintable(c.note));
    // A NULL column added: the server aggregate is over all columns, so it cannot compare.
    c = compareCaptures(changed, widened).first();
    QVERIFY(!c.comparable);
}

void TstFingerprint::jsonRoundTrip()
{
    const QByteArray text = QJsonDocument(m_baseline.toJson()).toJson(QJsonDocument::Compact);
    auto back = DataCapture::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY_RESULT(back);
    QCOMPARE(*back, m_baseline);
    const QByteArray summary = QJsonDocument(m_baseline.toJson(DataCapture::Detail::Summary)).toJson(QJsonDocument::Compact);
    QVERIFY(summary.size() < text.size());
    auto fromSummary = DataCapture::fromJson(QJsonDocument::fromJson(summary).object());
    QVERIFY(fromSummary.has_value());
    QVERIFY(compareCaptures(*fromSummary, m_baseline).first().matches());
}

void TstFingerprint::caseInsensitiveCollationStillSeesCase()
{
    auto db = test::freshDatabase(QStringLiteral("fingerprint_collation"));
    QVERIFY(db.has_value());
    auto session = openSession(*db);
    RUN(*session, "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
        "CREATE TABLE names (id int PRIMARY KEY, name text COLLATE ci)", "INSERT INTO names VALUES (1, 'abc')");
    const DataCapture before = capture(*session);
    RUN(*session, "UPDATE names SET name = 'ABC'");
    const TableComparison c = compareCaptures(before, capture(*session)).first();
    QVERIFY2(!c.matches(), qPrintable(c.describe()));
    QCOMPARE(c.changedRows.first().columns, QStringList{QStringLiteral("name")});
}

QTEST_GUILESS_MAIN(TstFingerprint)
#include "tst_fingerprint.moc"
