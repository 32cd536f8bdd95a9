// A big schema's constraints and indexes are read on a second connection that shares the
// capture's snapshot (SnapshotOptions::secondConnectionAbove, forced here on a small schema):
// the snapshot is the one a single connection reads, and a refused second connection leaves
// the work to the first.
#include "db/session.h"
#include "schema/catalogreader.h"
#include "schema/snapshotdiff.h"
#include "builders.h"
#include "testserver.h"

#include <QLoggingCategory>
#include <QTest>

using namespace revisor;

namespace {

using test::why;

// Foreign keys and types across two schemas: their definitions name what is not on the
// search_path with its schema, so a second connection on another search_path reads them
// differently.
const QStringList kFixture = {
    "CREATE SCHEMA app",
    "CREATE DOMAIN app.slug AS text CHECK (VALUE ~ '^[a-z-]+$')",
    "CREATE TABLE app.repositories (id integer PRIMARY KEY, path text NOT NULL UNIQUE, slug app.slug)",
    "CREATE TABLE public.chunks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " repository_id integer NOT NULL REFERENCES app.repositories (id) ON DELETE CASCADE,"
    " body text CHECK (length(body) < 10000), n integer DEFAULT 0)",
    "CREATE INDEX chunks_body_idx ON public.chunks (lower(body)) WHERE n > 0",
    "CREATE UNIQUE INDEX chunks_repo_n_idx ON public.chunks (repository_id, n DESC) INCLUDE (body)",
    "ALTER TABLE app.repositories ADD CONSTRAINT repositories_path_check CHECK (path <> '') NOT VALID",
};

QStringList snapshotLog;
void keepSnapshotLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (QByteArrayView(context.category) == "revisor.schema.snapshot")
        snapshotLog << message;
}

// A capture, and whether it read constraints and indexes on a second connection (its log says).
Result<Snapshot> captureSplit(Session &session, const SnapshotOptions &options, bool &split)
{
    QLoggingCategory::setFilterRules(QStringLiteral("revisor.schema.snapshot.debug=true"));
    snapshotLog.clear();
    const QtMessageHandler previous = qInstallMessageHandler(keepSnapshotLog);
    auto snapshot = captureSnapshot(session, options);
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    split = snapshotLog.contains(QStringLiteral("constraints and indexes read on a second connection"));
    return snapshot;
}

SnapshotOptions secondConnection(bool always)
{
    SnapshotOptions options;
    options.secondConnectionAbove = always ? 0 : -1;
    return options;
}

} // namespace

class TestSnapshotSplit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void secondConnectionReadsTheSame();
    void refusedSecondConnectionReadsHere();

private:
    std::unique_ptr<Session> m_session;
};

void TestSnapshotSplit::initTestCase()
{
    auto settings = test::freshDatabase(QStringLiteral("snapshotsplit"));
    QVERIFY2(settings.has_value(), why(settings).constData());
    m_session = test::openSession(*settings);
    for (const QString &sql : kFixture)
        QVERIFY2(m_session->exec(sql).has_value(), qPrintable(sql));
}

// Under a search_path of the session's own: the second connection reads with it too.
void TestSnapshotSplit::secondConnectionReadsTheSame()
{
    QVERIFY(m_session->exec(QStringLiteral("SET search_path = app, public")).has_value());
    bool wasSplit = false;
    auto split = captureSplit(*m_session, secondConnection(true), wasSplit);
    auto single = captureSnapshot(*m_session, secondConnection(false));
    QVERIFY(m_session->exec(QStringLiteral("RESET search_path")).has_value());
    QVERIFY2(split.has_value(), why(split).constData());
    QVERIFY2(single.has_value(), why(single).constData());
    QVERIFY2(wasSplit, qPrintable(snapshotLog.join(QLatin1Char('\n'))));
    split->capturedAt = single->capturedAt;   // all else is the same
    QVERIFY2(*split == *single, qPrintable(diffSnapshots(*single, *split).toText()));
    const Table *chunks = split->table(QStringLiteral("public"), QStringLiteral("chunks"));
    QVERIFY(chunks);
    QCOMPARE(chunks->indexes.size(), 3);
    QCOMPARE(chunks->constraints.size(), 3);
}

// A role allowed one connection: the second is refused, and this one reads everything.
void TestSnapshotSplit::refusedSecondConnectionReadsHere()
{
    QVERIFY(m_session->exec(QStringLiteral("DROP ROLE IF EXISTS snapshot_single")).has_value());
    QVERIFY(m_session->exec(QStringLiteral("CREATE ROLE snapshot_single LOGIN CONNECTION LIMIT 1")).has_value());
    ConnectionSettings single = m_session->settings();
    single.setValue(QStringLiteral("user"), QStringLiteral("snapshot_single"));
    {
        auto session = Session::open(single);
        QVERIFY2(session.has_value(), why(session).constData());
        bool wasSplit = true;
        auto split = captureSplit(**session, secondConnection(true), wasSplit);
        QVERIFY2(split.has_value(), why(split).constData());
        QVERIFY2(!wasSplit, qPrintable(snapshotLog.join(QLatin1Char('\n'))));
        auto here = captureSnapshot(**session, secondConnection(false));
        QVERIFY2(here.has_value(), why(here).constData());
        split->capturedAt = here->capturedAt;
        QVERIFY2(*split == *here, qPrintable(diffSnapshots(*here, *split).toText()));
        QVERIFY(!(*session)->inTransaction());
    }
    QVERIFY(m_session->exec(QStringLiteral("DROP ROLE snapshot_single")).has_value());
}

QTEST_GUILESS_MAIN(TestSnapshotSplit)
#include "tst_snapshotsplit.moc"
