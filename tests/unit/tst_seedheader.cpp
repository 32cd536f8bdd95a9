// Unit tests for the header of seed files (parseSeed / readSeed): declared parameters,
// message, and the misspelt keys that must be errors rather than silently ignored.

#include "resultassert.h"
#include "runner/seedrunner.h"
#include "testserver.h"

#include <QTest>

using namespace revisor;

class TestSeedHeader : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void malformed_data();
    void malformed();
    void bundledSeedsLoad();
};

static const QString kFile = QStringLiteral("/sets/demo/seeds/demo.sql");

void TestSeedHeader::valid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("params"); // name=default

    QTest::newRow("seed, message, params")
        << QStringLiteral("-- seed: demo\n-- message: a few rows\n-- param: rows=10\n-- param:  label = x y \n\nINSERT INTO t VALUES (1);\n")
        << "a few rows" << QStringList{"label=x y", "rows=10"};
    QTest::newRow("prose comments in the header")
        << QStringLiteral("-- seed: demo\n-- Runs at revision 005: ids are not assumed.\n-- See https://example.com/seeds\n"
                          "-- e.g.: not a key\n--\nSELECT 1;\n")
        << "" << QStringList();
    // After the first statement "-- word:" lines are ordinary SQL comments.
    QTest::newRow("key-shaped comments after the first statement")
        << QStringLiteral("-- param: n=1\nSELECT 1;\n-- note: this is prose\n-- mesage: prose too\nSELECT 2;\n")
        << "" << QStringList{"n=1"};
    QTest::newRow("no header") << QStringLiteral("SELECT 1;\n") << "" << QStringList();
}

void TestSeedHeader::valid()
{
    QFETCH(QString, text);
    const auto seed = parseSeed(text, kFile);
    QVERIFY_RESULT(seed);
    QTEST(seed->message, "message");
    QStringList params;
    for (auto it = seed->parameters.cbegin(); it != seed->parameters.cend(); ++it)
        params << it.key() + QLatin1Char('=') + it.value();
    QTEST(params, "params");
    QCOMPARE(seed->file, kFile);
    QCOMPARE(seed->sql, text);
}

void TestSeedHeader::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("misspelt param")
        << QStringLiteral("-- seed: demo\n-- parm: rows=10\nINSERT INTO t SELECT generate_series(1, 3);\n")
        << 2 << "unknown header key 'parm' (did you mean 'param'?)";
    QTest::newRow("params")
        << QStringLiteral("-- params: rows=10\nSELECT 1;\n") << 1 << "unknown header key 'params' (did you mean 'param'?)";
    QTest::newRow("misspelt message")
        << QStringLiteral("-- seed: demo\n\n-- mesage: rows\nSELECT 1;\n") << 3 << "unknown header key 'mesage' (did you mean 'message'?)";
    QTest::newRow("unknown key")
        << QStringLiteral("-- author: ana\nSELECT 1;\n") << 1 << "unknown header key 'author' (known: seed, message, param, describe, estimate, at)";
    QTest::newRow("describe of an undeclared parameter")
        << QStringLiteral("-- param: rows=1\n-- describe: cols=how many\nSELECT 1;\n") << 2
        << "'-- describe:' names 'cols', which no '-- param:' above declares";
    QTest::newRow("malformed estimate")
        << QStringLiteral("-- param: rows=1\n-- estimate: rows lines\nSELECT 1;\n") << 2
        << "malformed estimate; expected '-- estimate: a*b rows, N bytes each'";
    QTest::newRow("at neither baseline nor upgraded")
        << QStringLiteral("-- seed: demo\n-- at: downgraded\nSELECT 1;\n") << 2 << "'-- at: downgraded': a seed runs at 'baseline' or 'upgraded'";
    QTest::newRow("malformed param")
        << QStringLiteral("-- param: rows\nSELECT 1;\n") << 1 << "malformed parameter declaration; expected '-- param: name=default'";
    QTest::newRow("param declared twice")
        << QStringLiteral("-- param: rows=1\n-- param: rows=2\nSELECT 1;\n") << 2 << "parameter 'rows' is declared twice (first on line 1)";
    QTest::newRow("param after the first statement")
        << QStringLiteral("-- seed: demo\nSELECT 1;\n-- param: rows=1\n") << 3
        << "'-- param:' after the first statement; declare parameters in the header";
}

void TestSeedHeader::malformed()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const auto seed = parseSeed(text, kFile);
    QVERIFY_INPUT_ERROR(seed, kFile, line);
    const Error &e = seed.error();
    QVERIFY2(e.message.contains(fragment), qPrintable(e.message));
}

void TestSeedHeader::bundledSeedsLoad()
{
    auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
    QVERIFY_RESULT(set);
    for (const QString &name : set->seedNames()) {
        auto seed = readSeed(*set, name);
        QVERIFY_RESULT(seed);
        QVERIFY2(!seed->message.isEmpty(), qPrintable(name));
    }
    auto scale = readSeed(*set, QStringLiteral("scale"));
    QVERIFY_RESULT(scale);
    QCOMPARE(scale->parameters.keys(), (QStringList{QStringLiteral("chunks"), QStringLiteral("hnsw"), QStringLiteral("repositories")}));
    // What each parameter does, and the rows and size they give.
    QVERIFY(scale->descriptions.value(QStringLiteral("chunks")).contains(QLatin1String("per repository")));
    QVERIFY(scale->descriptions.value(QStringLiteral("hnsw")).contains(QLatin1String("HNSW")));
    QCOMPARE(scale->estimateText({}), QStringLiteral("total rows = 100 x 100 = 10,000, about 61 MB"));
    QCOMPARE(scale->estimateText({{QStringLiteral("chunks"), QStringLiteral("10")}}), QStringLiteral("total rows = 100 x 10 = 1,000, about 6 MB"));
    QVERIFY(scale->estimateText({{QStringLiteral("chunks"), QStringLiteral("ten")}}).isEmpty());
}

QTEST_GUILESS_MAIN(TestSeedHeader)
#include "tst_seedheader.moc"
