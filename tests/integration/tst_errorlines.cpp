// The file line of a failing statement, against a real PostgreSQL, when the text before the bad
// token holds multi-byte UTF-8 and characters outside the BMP (emoji): the server reports its
// position in characters, the splitter works in UTF-8 bytes and QString in UTF-16 units.
#include "db/session.h"
#include "migrations/migrationset.h"
#include "resultassert.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"
#include "tempset.h"
#include "testserver.h"

#include <QTest>

#include <optional>

using namespace revisor;

namespace {

// Twenty emoji (two UTF-16 units and four UTF-8 bytes each) and some two-byte letters.
const QString kEmoji = QStringLiteral("\U0001F600").repeated(20);
const QString kAccents = QStringLiteral("\u00e9t\u00e9 \u00e0 caf\u00e9 \u2603 \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9");

QMap<QString, QString> withFirstRevision(QMap<QString, QString> files)
{
    files.insert(QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), {}, QStringLiteral("CREATE TABLE t (v text);"),
                                                               QStringLiteral("DROP TABLE t;")));
    return files;
}

// A fresh database at revision 001 (table t) of a set that also holds `files`.
struct AtFirstRevision
{
    test::TempSet dir;
    std::unique_ptr<Session> session;
    std::optional<MigrationSet> set;
    Status ready;

    AtFirstRevision(const QString &prefix, const QMap<QString, QString> &files) : dir(withFirstRevision(files)) { ready = prepare(prefix); }

    Status prepare(const QString &prefix)
    {
        auto settings = test::freshDatabase(prefix);
        if (!settings)
            return fail(settings.error());
        auto opened = Session::open(*settings);
        if (!opened)
            return fail(opened.error());
        session = std::move(*opened);
        auto loaded = MigrationSet::load(dir.path());
        if (!loaded)
            return fail(loaded.error());
        set = *loaded;
        const auto base = Runner(*session, *set).migrate(QStringLiteral("001"));
        if (!base)
            return fail(base.error());
        if (const Error *e = base->error())
            return fail(*e);
        return {};
    }
};

} // namespace

class TestErrorLines : public QObject
{
    Q_OBJECT

private slots:
    void revisionFailure_data();
    void revisionFailure();
    void seedFailure();
};

void TestErrorLines::revisionFailure_data()
{
    QTest::addColumn<QString>("up");
    QTest::addColumn<int>("line"); // in the revision file; its up section starts on line 5

    QTest::newRow("emoji on earlier lines of the statement")
        << QStringLiteral("INSERT INTO t VALUES ('%1'),\n"   // 5
                          "  ('%1'),\n"                      // 6
                          "  ('x'),\n"                       // 7
                          "  (nosuchcol);").arg(kEmoji)      // 8
        << 8;
    QTest::newRow("emoji in an earlier statement and a comment")
        << QStringLiteral("-- %1\n"                          // 5
                          "INSERT INTO t VALUES ('%1');\n"   // 6
                          "SELECT '%1',\n"                   // 7
                          "  '%1',\n"                        // 8
                          "  nosuchcol FROM t;").arg(kEmoji) // 9
        << 9;
    QTest::newRow("emoji on the line of the bad token")
        << QStringLiteral("SELECT 1;\nSELECT '%1', nosuchcol\n  FROM t;").arg(kEmoji) << 6;
    QTest::newRow("two-byte letters before the bad token")
        << QStringLiteral("SELECT '%1',\n  '%1',\n  '%1',\n  nosuchcol FROM t;").arg(kAccents) << 8;
    QTest::newRow("emoji and letters mixed")
        << QStringLiteral("SELECT '%1%2',\n  '%2%1',\n\n  nosuchcol FROM t;").arg(kEmoji, kAccents) << 8;
}

void TestErrorLines::revisionFailure()
{
    QFETCH(QString, up);
    QFETCH(int, line);
    AtFirstRevision db(QStringLiteral("errorlines"),
                       {{QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"), up, QString())}});
    QVERIFY_RESULT(db.ready);
    Runner runner(*db.session, *db.set);

    const auto ran = runner.migrate(QStringLiteral("head"));
    QVERIFY_RESULT(ran);
    QVERIFY(!ran->completed());
    const auto out = ran->steps.last();
    QCOMPARE(out.error->sqlState, QStringLiteral("42703"));
    QVERIFY2(out.error->file.endsWith(QLatin1String("002.sql")), qPrintable(out.error->file));
    QVERIFY2(out.error->position > 0, "the server gave no position");
    QCOMPARE(out.error->line, line);
    QVERIFY2(out.error->toString().contains(QStringLiteral("002.sql:%1: ").arg(line)), qPrintable(out.error->toString()));
}

// Seeds go through the same statement executor; their lines count from the file's first line.
void TestErrorLines::seedFailure()
{
    AtFirstRevision db(QStringLiteral("errorlines_seed"),
                       {{QStringLiteral("seeds/emoji.sql"), QStringLiteral("-- seed: emoji\n"                 // 1
                                                                           "-- message: %1\n"                 // 2
                                                                           "INSERT INTO t VALUES ('%1'),\n"   // 3
                                                                           "  ('%1'),\n"                      // 4
                                                                           "  (nosuchcol);\n").arg(kEmoji)}}); // 5
    QVERIFY_RESULT(db.ready);
    auto seed = readSeed(*db.set, QStringLiteral("emoji"));
    QVERIFY_RESULT(seed);
    std::atomic_bool cancel = false;
    auto seeded = runSeed(*db.session, *seed, {}, cancel);
    QVERIFY_RESULT(seeded);
    QVERIFY(seeded->error.has_value());
    QCOMPARE(seeded->error->sqlState, QStringLiteral("42703"));
    QCOMPARE(seeded->error->line, 5);
}

QTEST_GUILESS_MAIN(TestErrorLines)
#include "tst_errorlines.moc"
