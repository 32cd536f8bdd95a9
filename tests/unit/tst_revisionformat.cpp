// Unit tests for the native revision file format (parseRevision / readRevisionFile).

#include "migrations/revision.h"
#include "resultassert.h"

#include <QTemporaryDir>
#include <QTest>

using namespace revisor;

class TestRevisionFormat : public QObject
{
    Q_OBJECT

private slots:
    void validFile();
    void headers_data();
    void headers();
    void irreversibleWithoutDown();
    void timeoutHeaders();
    void malformed_data();
    void malformed();
    void readFile();
    void readMissingFile();
};

static const QString kFile = QStringLiteral("/sets/demo/versions/007_demo.sql");

void TestRevisionFormat::validFile()
{
    const QString text = QStringLiteral(
        "-- revision: 007\n"                                  // 1
        "-- revises: 006\n"                                   // 2
        "-- message: add the widgets table\n"                 // 3
        "-- transactional: false\n"                           // 4
        "-- irreversible: true\n"                             // 5
        "-- migrate:up\n"                                     // 6
        "CREATE TABLE widgets (id int);\n"                    // 7
        "-- revision: 999 (inside the SQL: not a header)\n"   // 8
        "CREATE INDEX CONCURRENTLY ix ON widgets (id);\n"     // 9
        "\n"                                                  // 10
        "-- migrate:down\n"                                   // 11
        "DROP TABLE widgets;\n");                             // 12
    const auto rev = parseRevision(text, kFile);
    QVERIFY_RESULT(rev);
    QCOMPARE(rev->id, QStringLiteral("007"));
    QCOMPARE(rev->revises.id(), QStringLiteral("006"));
    QCOMPARE(rev->message, QStringLiteral("add the widgets table"));
    QCOMPARE(rev->transactional, false);
    QCOMPARE(rev->irreversible, true);
    QCOMPARE(rev->file, kFile);
    QCOMPARE(rev->headerLine, 1);
    QCOMPARE(rev->upLine, 7);
    QCOMPARE(rev->downLine, 12);
    QCOMPARE(rev->upSql, QStringLiteral("CREATE TABLE widgets (id int);\n"
                                        "-- revision: 999 (inside the SQL: not a header)\n"
                                        "CREATE INDEX CONCURRENTLY ix ON widgets (id);\n"
                                        "\n"));
    QCOMPARE(rev->downSql, QStringLiteral("DROP TABLE widgets;\n"));
}

// Header variants: defaults, aliases, spacing, a leading comment, CRLF line ends.
void TestRevisionFormat::headers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("revises");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("transactional");
    QTest::addColumn<bool>("irreversible");
    QTest::addColumn<int>("headerLine");
    QTest::addColumn<int>("upLine");
    QTest::addColumn<int>("downLine");
    QTest::addColumn<QString>("upSql");
    QTest::addColumn<QString>("downSql");

    QTest::newRow("base, defaults")
        << QStringLiteral("-- revision: 001\n-- revises:\n-- message: first\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n")
        << "001" << "" << "first" << true << false << 1 << 5 << 7 << "SELECT 1;\n" << "SELECT 2;\n";
    QTest::newRow("revises None (Alembic style)")
        << QStringLiteral("-- revision: 001\n-- revises: None\n-- migrate:up\n-- migrate:down\n")
        << "001" << "" << "" << true << false << 1 << 4 << 5 << "" << "";
    QTest::newRow("down_revision alias")
        << QStringLiteral("-- revision: 002\n-- down_revision: 001\n-- migrate:up\nSELECT 1;\n-- migrate:down\n")
        << "002" << "001" << "" << true << false << 1 << 4 << 6 << "SELECT 1;\n" << "";
    QTest::newRow("leading comment, loose spacing")
        << QStringLiteral("-- a comment before the headers\n\n--   revision :  abc123  \n--revises:00f\n"
                          "-- transactional: yes\n-- irreversible: no\n  -- migrate:up  \nSELECT 1;\n--migrate:down\nSELECT 2;")
        << "abc123" << "00f" << "" << true << false << 3 << 8 << 10 << "SELECT 1;\n" << "SELECT 2;";
    QTest::newRow("CRLF line ends")
        << QStringLiteral("-- revision: 003\r\n-- revises: 002\r\n-- message: crlf\r\n-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n")
        << "003" << "002" << "crlf" << true << false << 1 << 5 << 7 << "SELECT 1;\r\n" << "SELECT 2;\r\n";
    // Only "-- word:" lines before the first marker are header keys: prose comments, URLs and
    // capitalised notes stay ordinary comments.
    QTest::newRow("prose comments in the header area")
        << QStringLiteral("-- This migration adds the widgets table: see the ticket.\n"
                          "-- revision: 005\n"
                          "-- See https://example.com/adr/12 for why.\n"
                          "-- https://example.com/adr/12\n"
                          "-- NOTE: runs in seconds\n"
                          "-- e.g.: not a key either\n"
                          "--\n"
                          "-- migrate:up\nSELECT 1;\n-- migrate:down\n")
        << "005" << "" << "" << true << false << 2 << 9 << 11 << "SELECT 1;\n" << "";
    QTest::newRow("headers after the up marker are SQL comments")
        << QStringLiteral("-- revision: 004\n-- migrate:up\n-- message: not a header\n-- transactional: maybe\n-- migrate:down\n")
        << "004" << "" << "" << true << false << 1 << 3 << 6
        << "-- message: not a header\n-- transactional: maybe\n" << "";
}

void TestRevisionFormat::headers()
{
    QFETCH(QString, text);
    const auto rev = parseRevision(text, kFile);
    QVERIFY_RESULT(rev);
    QTEST(rev->id, "id");
    QTEST(rev->revises.id(), "revises");
    QTEST(rev->message, "message");
    QTEST(rev->transactional, "transactional");
    QTEST(rev->irreversible, "irreversible");
    QTEST(rev->headerLine, "headerLine");
    QTEST(rev->upLine, "upLine");
    QTEST(rev->downLine, "downLine");
    QTEST(rev->upSql, "upSql");
    QTEST(rev->downSql, "downSql");
}

void TestRevisionFormat::timeoutHeaders()
{
    const auto rev = parseRevision(QStringLiteral("-- revision: 002\n-- lock-timeout: 5s\n-- statement-timeout: 1.5min\n"
                                                  "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"), kFile);
    QVERIFY_RESULT(rev);
    QCOMPARE(rev->lockTimeoutMs, std::optional(5000));
    QCOMPARE(rev->statementTimeoutMs, std::optional(90000));
    const auto plain = parseRevision(QStringLiteral("-- revision: 003\n-- lock-timeout: 250ms\n-- migrate:up\n-- migrate:down\n"), kFile);
    QVERIFY(plain.has_value());
    QCOMPARE(plain->lockTimeoutMs, std::optional(250));
    QCOMPARE(plain->statementTimeoutMs, std::optional<int>());
}

void TestRevisionFormat::irreversibleWithoutDown()
{
    const QString text = QStringLiteral("-- revision: 010\n-- revises: 009\n-- irreversible: true\n-- migrate:up\nDROP TABLE old;\n");
    const auto rev = parseRevision(text, kFile);
    QVERIFY_RESULT(rev);
    QCOMPARE(rev->irreversible, true);
    QCOMPARE(rev->upSql, QStringLiteral("DROP TABLE old;\n"));
    QCOMPARE(rev->upLine, 5);
    QCOMPARE(rev->downSql, QString());
    QCOMPARE(rev->downLine, 0);
}

void TestRevisionFormat::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("no revision header")
        << QStringLiteral("-- revises: 001\n-- migrate:up\nSELECT 1;\n-- migrate:down\n")
        << 1 << "missing '-- revision: <id>' header";
    QTest::newRow("empty file") << QString() << 1 << "missing '-- revision: <id>' header";
    QTest::newRow("empty id")
        << QStringLiteral("-- message: x\n-- revision:\n-- migrate:up\n-- migrate:down\n")
        << 2 << "revision id must be one non-empty word, got ''";
    QTest::newRow("empty id, spaces only")
        << QStringLiteral("-- revision:    \n-- migrate:up\n-- migrate:down\n")
        << 1 << "revision id must be one non-empty word";
    QTest::newRow("multi-word id")
        << QStringLiteral("-- revises: 001\n\n-- revision: 002 add things\n-- migrate:up\n-- migrate:down\n")
        << 3 << "revision id must be one non-empty word, got '002 add things'";
    QTest::newRow("second revision header")
        << QStringLiteral("-- revision: 002\n-- revises: 001\n-- revision: 003\n-- migrate:up\n-- migrate:down\n")
        << 3 << "second '-- revision:' header";
    QTest::newRow("second identical revision header")
        << QStringLiteral("-- revision: 002\n-- revision: 002\n-- migrate:up\n-- migrate:down\n")
        << 2 << "second '-- revision:' header";
    QTest::newRow("missing up marker")
        << QStringLiteral("-- revision: 002\n-- revises: 001\nCREATE TABLE t (id int);\n")
        << 1 << "missing '-- migrate:up' marker";
    QTest::newRow("missing up marker, down present")
        << QStringLiteral("-- revision: 002\n-- revises: 001\n-- migrate:down\nDROP TABLE t;\n")
        << 1 << "missing '-- migrate:up' marker";
    // A marker spelt loosely is named where it is, not reported as missing.
    QTest::newRow("misspelled up marker")
        << QStringLiteral("-- revision: 002\n-- migrate: up\nSELECT 1;\n-- migrate:down\n")
        << 2 << "malformed marker '-- migrate: up'; markers are written '-- migrate:up' and '-- migrate:down'";
    // Without the error the down section would silently run as part of the upgrade.
    QTest::newRow("misspelled down marker in an irreversible revision")
        << QStringLiteral("-- revision: 002\n-- irreversible: true\n-- migrate:up\nSELECT 1;\n-- migrate:Down\nDROP TABLE t;\n")
        << 5 << "malformed marker '-- migrate:Down'";
    QTest::newRow("missing down marker")
        << QStringLiteral("-- revision: 002\n-- revises: 001\n\n-- migrate:up\nCREATE TABLE t (id int);\n")
        << 4 << "missing '-- migrate:down' marker (add one, or declare '-- irreversible: true')";
    QTest::newRow("missing down marker, irreversible false")
        << QStringLiteral("-- revision: 002\n-- irreversible: false\n-- migrate:up\nSELECT 1;\n")
        << 3 << "missing '-- migrate:down' marker";
    QTest::newRow("second up marker")
        << QStringLiteral("-- revision: 002\n-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n-- migrate:down\n")
        << 4 << "second '-- migrate:up' marker (the first is on line 2)";
    QTest::newRow("second up marker after down")
        << QStringLiteral("-- revision: 002\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n-- migrate:up\n")
        << 6 << "second '-- migrate:up' marker (the first is on line 2)";
    QTest::newRow("second down marker")
        << QStringLiteral("-- revision: 002\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n\n-- migrate:down\nSELECT 3;\n")
        << 7 << "second '-- migrate:down' marker (the first is on line 4)";
    QTest::newRow("down before up")
        << QStringLiteral("-- revision: 002\n-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (id int);\n")
        << 4 << "'-- migrate:up' must come before '-- migrate:down' (line 2)";
    QTest::newRow("transactional: maybe")
        << QStringLiteral("-- revision: 002\n-- revises: 001\n-- transactional: maybe\n-- migrate:up\n-- migrate:down\n")
        << 3 << "'transactional' must be true or false, got 'maybe'";
    QTest::newRow("irreversible: sometimes")
        << QStringLiteral("-- revision: 002\n-- irreversible: sometimes\n-- migrate:up\n")
        << 2 << "'irreversible' must be true or false, got 'sometimes'";
    // Unknown header keys are errors: a misspelt "transactional: false" must not run the
    // revision in a transaction after all.
    QTest::newRow("transactonal: false")
        << QStringLiteral("-- revision: 002\n-- revises: 001\n-- transactonal: false\n-- migrate:up\n-- migrate:down\n")
        << 3 << "unknown header key 'transactonal' (did you mean 'transactional'?)";
    QTest::newRow("irreversable: true")
        << QStringLiteral("-- revision: 002\n-- irreversable: true\n-- migrate:up\n")
        << 2 << "unknown header key 'irreversable' (did you mean 'irreversible'?)";
    QTest::newRow("revison: 002")
        << QStringLiteral("-- revison: 002\n-- migrate:up\n-- migrate:down\n")
        << 1 << "unknown header key 'revison' (did you mean 'revision'?)";
    QTest::newRow("down-revision with a dash")
        << QStringLiteral("-- revision: 002\n-- down-revision: 001\n-- migrate:up\n-- migrate:down\n")
        << 2 << "unknown header key 'down-revision' (did you mean 'down_revision'?)";
    QTest::newRow("unknown key, no near miss")
        << QStringLiteral("-- revision: 002\n-- author: ana\n-- migrate:up\n-- migrate:down\n")
        << 2 << "unknown header key 'author' (known: revision, revises, down_revision, message, transactional, irreversible, "
                "lock-timeout, statement-timeout)";
    QTest::newRow("lock-timeout: soon")
        << QStringLiteral("-- revision: 002\n-- lock-timeout: soon\n-- migrate:up\n-- migrate:down\n")
        << 2 << "'lock-timeout' must be a duration such as 5s, 500ms or 2min, got 'soon'";
    QTest::newRow("statement-timeout: 0s")
        << QStringLiteral("-- revision: 002\n-- statement-timeout: 0s\n-- migrate:up\n-- migrate:down\n")
        << 2 << "'statement-timeout' must be a duration such as 5s, 500ms or 2min, got '0s'";
    QTest::newRow("known key in capitals")
        << QStringLiteral("-- revision: 002\n-- Transactional: false\n-- migrate:up\n-- migrate:down\n")
        << 2 << "unknown header key 'Transactional' (did you mean 'transactional'?)";
    QTest::newRow("second transactional header")
        << QStringLiteral("-- revision: 002\n-- transactional: false\n-- transactional: true\n-- migrate:up\n-- migrate:down\n")
        << 3 << "second '-- transactional:' header (the first is on line 2)";
    QTest::newRow("transactional: empty")
        << QStringLiteral("-- revision: 002\n-- transactional:\n-- migrate:up\n-- migrate:down\n")
        << 2 << "'transactional' must be true or false, got ''";
}

void TestRevisionFormat::malformed()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const auto rev = parseRevision(text, kFile);
    QVERIFY_INPUT_ERROR(rev, kFile, line);
    const Error &e = rev.error();
    QVERIFY2(e.message.contains(fragment), qPrintable(e.message));
    // The one-line form a user sees starts with file:line.
    QVERIFY2(e.toString().startsWith(QStringLiteral("%1:%2: ").arg(kFile).arg(line)), qPrintable(e.toString()));
}

void TestRevisionFormat::readFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("001_x.sql"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("-- revision: 001\n-- message: caf\xc3\xa9\n-- migrate:up\nSELECT 'h\xc3\xa9';\n-- migrate:down\n");
    f.close();
    const auto rev = readRevisionFile(path);
    QVERIFY_RESULT(rev);
    QCOMPARE(rev->file, path);
    QCOMPARE(rev->message, QStringLiteral("caf\u00e9"));
    QCOMPARE(rev->upSql, QStringLiteral("SELECT 'h\u00e9';\n"));

    // A malformed file read from disk names its path.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("-- revision: 001\n-- migrate:up\n");
    f.close();
    const auto bad = readRevisionFile(path);
    QVERIFY(!bad.has_value());
    QCOMPARE(bad.error().file, path);
    QCOMPARE(bad.error().line, 2);
}

void TestRevisionFormat::readMissingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nope.sql"));
    const auto rev = readRevisionFile(path);
    QVERIFY(!rev.has_value());
    QCOMPARE(rev.error().kind, ErrorKind::Input);
    QCOMPARE(rev.error().file, path);
    QVERIFY2(rev.error().message.contains(QStringLiteral("cannot read")), qPrintable(rev.error().message));
}

QTEST_GUILESS_MAIN(TestRevisionFormat)
#include "tst_revisionformat.moc"
