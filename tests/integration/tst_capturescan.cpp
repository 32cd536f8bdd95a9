// How a data capture reads values: the bytes each column type is hashed over (a server-side
// or text form), NULL against empty values, type changes that keep the data, and a scan split
// over several connections giving exactly what one connection gives.
#include "data/datacapture.h"
#include "data/datacompare.h"
#include "data/tablescan.h"
#include "db/readsettings.h"
#include "db/session.h"
#include "resultassert.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

namespace {

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

// The column types the bundled codebase_mcp set uses, and bytea, a domain over it and float8[].
// Row 1 has values, row 2 only NULLs, row 3 empty values where the type has one.
const QStringList kTypesSchema{
    QStringLiteral("CREATE DOMAIN signature AS bytea CHECK (octet_length(VALUE) < 100)"),
    QStringLiteral("CREATE TABLE typed (id serial PRIMARY KEY, big bigint, small smallint, uid uuid, code varchar(20),"
                   " sha char(40), body text, tags text[], flag boolean, score numeric(5, 2), doc jsonb, raw json,"
                   " at timestamptz, span interval, tsv tsvector, embedding real[], wide float8[], blob bytea, sig signature)"),
    QStringLiteral("INSERT INTO typed (big, small, uid, code, sha, body, tags, flag, score, doc, raw, at, span, tsv, embedding, wide, blob, sig)"
                   " VALUES (9007199254740993, -7, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ünïcode', 'abc', 'line\nbreak',"
                   " '{a,\"b c\",NULL}', true, 123.45, '{\"k\": [1, 2.50]}', '{ \"k\" : 1 }', '2024-02-29 23:59:59.999999+05:30',"
                   " '1 year 2 mons 3 days 04:05:06.789', to_tsvector('simple', 'the quick fox'),"
                   " ARRAY[0.1, -0.0, 1e-38, 3.4e38, 'NaN', 'Infinity']::real[], ARRAY[0.1, 1e308]::float8[], '\\xdeadbeef', '\\x0102')"),
    QStringLiteral("INSERT INTO typed (id) VALUES (DEFAULT)"),
    QStringLiteral("INSERT INTO typed (code, sha, body, tags, doc, raw, tsv, embedding, wide, blob, sig)"
                   " VALUES ('', '', '', '{}', '\"\"', '\"\"', '', '{}', '{}', '\\x', '\\x')"),
};

// Column -> what the capture hashes, in SQL: the server's hash of the binary send form for
// bytea (and domains over it) and extension types, as the 8 bytes a binary COPY sends; the
// server's element hash and shape for float arrays; every other column is hashed over its
// text form.
QString sendHash(const QString &bytes)
{
    return QStringLiteral("encode(int8send(CASE WHEN %1 IS NULL THEN NULL ELSE hash_array_extended(ARRAY[%1::bytea], 7046029254386353131) END), 'hex')")
        .arg(bytes);
}

const QMap<QString, QString> kServerHashed{
    {QStringLiteral("blob"), sendHash(QStringLiteral("blob"))},
    {QStringLiteral("sig"), sendHash(QStringLiteral("sig"))},
    {QStringLiteral("vec"), sendHash(QStringLiteral("public.vector_send(vec)"))},
    {QStringLiteral("embedding"), ReadForm{ReadForm::ArrayHash, {}}.expression(QStringLiteral("embedding"))},
    {QStringLiteral("wide"), ReadForm{ReadForm::ArrayHash, {}}.expression(QStringLiteral("wide"))},
};

QByteArray fromHex(const QString &hex)
{
    return QByteArray::fromHex(hex.toLatin1());
}

} // namespace

class TstCaptureScan : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyBundledTypeIsHashedAsRead();
    void toastedArraysAreHashedAsRead();
    void nullAndEmptyDiffer();
    void typeChangesThatKeepTheValuesMatch();
    void floatArraysKeepShapeAndNulls_data();
    void floatArraysKeepShapeAndNulls();
    void parallelScanEqualsSerial();
    void parallelSummaryEqualsSerial();
    void writingTransactionIsNotShared();
    void callersReadOnlyTransactionIsShared();
    void rangesOfConnectionsRefusedAreReadHere();

private:
    // Captures with a split forced on any table with more than one block.
    DataCapture capture(const DataCaptureOptions &options = {});
    DataCaptureOptions parallel(int connections) const;

    std::unique_ptr<Session> m_session;
    bool m_vector = false;
};

DataCapture TstCaptureScan::capture(const DataCaptureOptions &options)
{
    auto c = captureData(*m_session, options);
    if (!c)
        qFatal("captureData failed: %s", qPrintable(c.error().toString()));
    return *c;
}

DataCaptureOptions TstCaptureScan::parallel(int connections) const
{
    DataCaptureOptions o;
    o.parallelScans = connections;
    o.parallelMinBytes = 1;
    return o;
}

void TstCaptureScan::initTestCase()
{
    auto db = test::freshDatabase(QStringLiteral("capturescan"));
    QVERIFY_RESULT(db);
    m_session = test::openSession(*db);
    RUN(*m_session, kTypesSchema);
    // pgvector's vector, the bundled set's embedding type where the server has the extension.
    auto available = m_session->extensionAvailable(QStringLiteral("vector"));
    QVERIFY_RESULT(available);
    m_vector = *available;
    if (m_vector) {
        RUN(*m_session, "CREATE EXTENSION vector", "ALTER TABLE typed ADD COLUMN vec vector(3)",
            "UPDATE typed SET vec = '[0.1, -2, 3e-7]' WHERE id = 1");
    }
    // A wider table for the split scans: a few hundred heap blocks, values of every width.
    RUN(*m_session,
        "CREATE TABLE chunks (id integer PRIMARY KEY, path text, body text, embedding real[])",
        "INSERT INTO chunks SELECT g, 'src/' || g % 97 || '.py', repeat(md5(g::text), g % 5),"
        " (SELECT array_agg(sin(g + i)::real) FROM generate_series(1, 16) i) FROM generate_series(1, 20000) g",
        "CREATE TABLE bare (a integer, b text)",
        "INSERT INTO bare SELECT g % 10, 'x' FROM generate_series(1, 5000) g",
        "ANALYZE");
}

void TstCaptureScan::everyBundledTypeIsHashedAsRead()
{
    const DataCapture c = capture();
    const TableData *typed = c.table(QStringLiteral("public.typed"));
    QVERIFY(typed);
    QCOMPARE(typed->rows, 3);
    // Scan order is heap order; the values are compared by key.
    QStringList keys = typed->keys;
    std::sort(keys.begin(), keys.end());
    QCOMPARE(keys, (QStringList{QStringLiteral("id=1"), QStringLiteral("id=2"), QStringLiteral("id=3")}));
    // What the server gives for each value: a server-side hash for the columns of
    // kServerHashed, the text form (under the capture's pinned settings) for the others.
    RUN(*m_session, "BEGIN");
    QVERIFY_RESULT(pinSettings(*m_session));
    for (int col = 0; col < typed->columns.size(); ++col) {
        const QString name = typed->columns.at(col);
        const QString column = m_session->quoteIdent(name);
        const bool binary = name == QLatin1String("blob") || name == QLatin1String("sig") || name == QLatin1String("vec");
        const QString expression = kServerHashed.value(name, QStringLiteral("%1::text").arg(column));
        auto values = m_session->exec(QStringLiteral("SELECT %1 FROM public.typed ORDER BY id").arg(expression));
        QVERIFY_RESULT(values);
        for (int row = 0; row < 3; ++row) {
            const QString value = values->value(row, 0);
            quint64 expected = fingerprint::NullHash;
            if (!value.isNull()) {
                const QByteArray bytes = binary ? fromHex(value) : value.toUtf8();
                expected = fingerprint::valueHash(bytes.constData(), bytes.size());
            }
            QVERIFY2(typed->cellHash(typed->keys.indexOf(QStringLiteral("id=%1").arg(row + 1)), col) == expected,
                     qPrintable(QStringLiteral("%1, row %2 (%3): not the hash of %4").arg(name).arg(row + 1)
                                    .arg(expression, value)));
        }
    }
    RUN(*m_session, "ROLLBACK");
    QCOMPARE(typed->columns.contains(QStringLiteral("vec")), m_vector);
}

void TstCaptureScan::toastedArraysAreHashedAsRead()
{
    // A float array stored out of line (TOAST) is handed to the hash detoasted once, through an
    // inner query: the value hashed must still be the one the expression gives on the column.
    RUN(*m_session, "BEGIN", "ALTER TABLE typed ALTER COLUMN embedding SET STORAGE EXTERNAL, ALTER COLUMN wide SET STORAGE EXTERNAL",
        "UPDATE typed SET embedding = ARRAY(SELECT sin(g)::real FROM generate_series(1, 3000) g),"
        " wide = ('[0:2999]={' || (SELECT string_agg(cos(g)::text, ',') FROM generate_series(1, 3000) g) || '}')::float8[] WHERE id = 1");
    auto stored = m_session->exec(QStringLiteral("SELECT pg_column_size(embedding) < 1000 OR pg_column_size(wide) < 1000,"
                                                 " pg_total_relation_size(reltoastrelid) > 8192 FROM typed, pg_class"
                                                 " WHERE id = 1 AND pg_class.oid = 'typed'::regclass"));
    QVERIFY_RESULT(stored);
    QCOMPARE(stored->value(0, 0), QStringLiteral("f"));  // stored whole, uncompressed...
    QCOMPARE(stored->value(0, 1), QStringLiteral("t"));  // ...and out of line
    const DataCapture c = capture();
    const TableData *typed = c.table(QStringLiteral("public.typed"));
    QVERIFY(typed);
    for (const QString &name : {QStringLiteral("embedding"), QStringLiteral("wide")}) {
        auto value = m_session->exec(QStringLiteral("SELECT %1 FROM typed WHERE id = 1").arg(kServerHashed.value(name)));
        QVERIFY_RESULT(value);
        const QByteArray bytes = value->scalar().toUtf8();
        QVERIFY(bytes.contains(":[0:2999]") == (name == QLatin1String("wide")));
        QCOMPARE(typed->cellHash(typed->keys.indexOf(QStringLiteral("id=1")), int(typed->columns.indexOf(name))),
                 fingerprint::valueHash(bytes.constData(), bytes.size()));
    }
    RUN(*m_session, "ROLLBACK");
}

void TstCaptureScan::nullAndEmptyDiffer()
{
    const DataCapture c = capture();
    const TableData *typed = c.table(QStringLiteral("public.typed"));
    QVERIFY(typed);
    for (const char *n : {"code", "sha", "body", "tags", "doc", "raw", "tsv", "embedding", "wide", "blob", "sig"}) {
        const QString name = QString::fromLatin1(n);
        const int col = int(typed->columns.indexOf(name));
        QCOMPARE(typed->cellHash(typed->keys.indexOf(QStringLiteral("id=2")), col), fingerprint::NullHash);
        QVERIFY2(typed->cellHash(typed->keys.indexOf(QStringLiteral("id=3")), col) != fingerprint::NullHash, qPrintable(name));
    }
    // And a change between the two is named.
    RUN(*m_session, "BEGIN", "UPDATE typed SET embedding = NULL, blob = NULL WHERE id = 3");
    const TableComparison diff = compareTable(typed, capture().table(QStringLiteral("public.typed")));
    RUN(*m_session, "ROLLBACK");
    QCOMPARE(diff.changedRows.size(), 1);
    QCOMPARE(diff.changedRows.first().key, QStringLiteral("id=3"));
    QCOMPARE(diff.changedRows.first().columns, (QStringList{QStringLiteral("embedding"), QStringLiteral("blob")}));
}

void TstCaptureScan::typeChangesThatKeepTheValuesMatch()
{
    // Migrations widen and rename types without touching the values: the text form stays, so
    // the data compares equal. (A binary form would make every row look changed.)
    const DataCapture before = capture();
    RUN(*m_session, "BEGIN", "ALTER TABLE typed ALTER COLUMN small TYPE integer, ALTER COLUMN big TYPE numeric,"
                             " ALTER COLUMN code TYPE text, ALTER COLUMN body TYPE varchar(500), ALTER COLUMN raw TYPE text");
    // citext (an extension string type) when the server has it: hashed as text too.
    auto citext = m_session->extensionAvailable(QStringLiteral("citext"));
    QVERIFY_RESULT(citext);
    if (*citext)
        RUN(*m_session, "CREATE EXTENSION citext", "ALTER TABLE typed ALTER COLUMN sha TYPE citext");
    const DataCapture after = capture();
    RUN(*m_session, "ROLLBACK");
    const TableComparison c = compareTable(before.table(QStringLiteral("public.typed")), after.table(QStringLiteral("public.typed")));
    QVERIFY2(c.matches(), qPrintable(c.describe()));
}

void TstCaptureScan::floatArraysKeepShapeAndNulls_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::newRow("zero and NULL element") << "{0}" << "{NULL}";
    QTest::newRow("shape") << "{{1,2},{3,4}}" << "{1,2,3,4}";
    QTest::newRow("lower bound") << "{1,2}" << "[0:1]={1,2}";
    QTest::newRow("empty and NULL") << "{}" << "NULL";
    QTest::newRow("order") << "{1,2}" << "{2,1}";
    QTest::newRow("last of 1536") << "ARRAY(SELECT g::real FROM generate_series(1, 1536) g)"
                                  << "ARRAY(SELECT g::real FROM generate_series(1, 1535) g) || 0::real";
}

void TstCaptureScan::floatArraysKeepShapeAndNulls()
{
    // Hashed on the server element by element (hash_array_extended), which alone would not
    // see these differences.
    QFETCH(QString, before);
    QFETCH(QString, after);
    const auto literal = [](const QString &v) { return v.startsWith(QLatin1String("ARRAY")) || v == QLatin1String("NULL") ? v : QLatin1Char('\'') + v + QStringLiteral("'"); };
    RUN(*m_session, "BEGIN", QStringLiteral("UPDATE typed SET embedding = %1, wide = %1 WHERE id = 1").arg(literal(before)));
    const DataCapture one = capture();
    RUN(*m_session, QStringLiteral("UPDATE typed SET embedding = %1, wide = %1 WHERE id = 1").arg(literal(after)));
    const DataCapture two = capture();
    RUN(*m_session, "ROLLBACK");
    const TableComparison c = compareTable(one.table(QStringLiteral("public.typed")), two.table(QStringLiteral("public.typed")));
    QCOMPARE(c.changedRows.size(), 1);
    QCOMPARE(c.changedRows.first().columns, (QStringList{QStringLiteral("embedding"), QStringLiteral("wide")}));
}

void TstCaptureScan::parallelScanEqualsSerial()
{
    DataCaptureOptions serial;
    serial.parallelScans = 1;
    const DataCapture one = capture(serial);
    const DataCapture three = capture(parallel(3));
    QCOMPARE(one.stats.value(QStringLiteral("public.chunks")).connections, 1);
    QCOMPARE(three.stats.value(QStringLiteral("public.chunks")).connections, 3);
    QCOMPARE(three.stats.value(QStringLiteral("public.bare")).connections, 3);
    // The same rows, keys and hashes in the same (block) order, table by table.
    QCOMPARE(three, one);
    QCOMPARE(three.table(QStringLiteral("public.chunks"))->rows, 20000);
    for (const TableComparison &c : compareCaptures(one, three))
        QVERIFY2(c.matches(), qPrintable(c.describe()));
}

void TstCaptureScan::parallelSummaryEqualsSerial()
{
    // Over the row-detail limit in total but not in any one part: the parts must agree to
    // drop their detail.
    DataCaptureOptions serial;
    serial.parallelScans = 1;
    serial.rowDetailLimit = 12000;
    DataCaptureOptions split = parallel(3);
    split.rowDetailLimit = 12000;
    const DataCapture one = capture(serial);
    const DataCapture three = capture(split);
    const TableData *a = one.table(QStringLiteral("public.chunks"));
    const TableData *b = three.table(QStringLiteral("public.chunks"));
    QVERIFY(a && b);
    QVERIFY(!a->hasRowDetail);
    QVERIFY(!b->hasRowDetail);
    QVERIFY(b->hashes.isEmpty() && b->keys.isEmpty());
    QCOMPARE(b->method, QString::fromLatin1(TableData::ServerSumMethod));
    QCOMPARE(b->fingerprint(), a->fingerprint());
    QVERIFY(three.table(QStringLiteral("public.bare"))->hasRowDetail);
    QCOMPARE(three, one);
}

void TstCaptureScan::writingTransactionIsNotShared()
{
    // Another connection cannot see this transaction's uncommitted row: the capture stays on
    // this one.
    RUN(*m_session, "BEGIN ISOLATION LEVEL REPEATABLE READ", "INSERT INTO chunks (id) VALUES (0)");
    DataCaptureOptions options = parallel(3);
    options.parallelInCallersTransaction = true;
    const DataCapture inside = capture(options);
    RUN(*m_session, "ROLLBACK");
    QCOMPARE(inside.table(QStringLiteral("public.chunks"))->rows, 20001);
    QCOMPARE(inside.stats.value(QStringLiteral("public.chunks")).connections, 1);
}

void TstCaptureScan::callersReadOnlyTransactionIsShared()
{
    RUN(*m_session, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    DataCaptureOptions options = parallel(2);
    options.parallelInCallersTransaction = true;
    const DataCapture inside = capture(options);
    QVERIFY(m_session->inTransaction());
    // Still usable after the capture.
    auto count = m_session->scalar(QStringLiteral("SELECT count(*) FROM chunks"));
    RUN(*m_session, "COMMIT");
    QVERIFY_RESULT(count);
    QCOMPARE(*count, QStringLiteral("20000"));
    QCOMPARE(inside.stats.value(QStringLiteral("public.chunks")).connections, 2);
    DataCaptureOptions serial;
    serial.parallelScans = 1;
    QCOMPARE(inside, capture(serial));
}

// A role allowed one connection: the capture's other connections are refused, and their ranges
// are read on the capture's own connection, with the same result.
void TstCaptureScan::rangesOfConnectionsRefusedAreReadHere()
{
    RUN(*m_session, "DROP ROLE IF EXISTS capture_single", "CREATE ROLE capture_single LOGIN CONNECTION LIMIT 1",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO capture_single",
        "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO capture_single");
    ConnectionSettings single = m_session->settings();
    single.setValue(QStringLiteral("user"), QStringLiteral("capture_single"));
    {
        auto session = test::openSession(single);
        auto limited = captureData(*session, parallel(3));
        QVERIFY_RESULT(limited);
        QCOMPARE(limited->stats.value(QStringLiteral("public.chunks")).connections, 1);
        DataCaptureOptions serial;
        serial.parallelScans = 1;
        QCOMPARE(*limited, capture(serial));
    }
    RUN(*m_session, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM capture_single",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM capture_single", "DROP ROLE capture_single");
}

QTEST_GUILESS_MAIN(TstCaptureScan)
#include "tst_capturescan.moc"
