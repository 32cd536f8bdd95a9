// Unit tests for splitSql: statements, their lines and keywords, and what it refuses.

#include "migrations/sqlsplitter.h"
#include "resultassert.h"

#include <QTest>

using namespace revisor;

class TestSqlSplitter : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void refused_data();
    void refused();
    void manyStatementsKeepTheirLines();
    void noStatementIsOnlyWhitespace();
    void newlinesBeforeCountsCharacters_data();
    void newlinesBeforeCountsCharacters();
};

static const QString kFile = QStringLiteral("/sets/demo/versions/042_demo.sql");

void TestSqlSplitter::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("firstLine");
    QTest::addColumn<QStringList>("sqls");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QStringList>("keywords");

    QTest::newRow("empty") << QString() << 1 << QStringList() << QList<int>() << QStringList();
    QTest::newRow("only comments and blank lines")
        << QStringLiteral("-- nothing here\n\n/* nor here; */\n   \n") << 1 << QStringList() << QList<int>() << QStringList();
    QTest::newRow("leading comments and blank lines")
        << QStringLiteral("-- header comment\n"          // 10
                          "\n"                           // 11
                          "CREATE TABLE a (id int);\n"   // 12
                          "\n"                           // 13
                          "/* block */\n"                // 14
                          "-- another\n"                 // 15
                          "INSERT INTO a VALUES (1);\n"  // 16
                          "-- trailing comment\n")       // 17
        << 10 << QStringList{"CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)"} << QList<int>{12, 16}
        << QStringList{"CREATE", "INSERT"};
    QTest::newRow("two statements on one line")
        << QStringLiteral("SELECT 1; select 2;\nSELECT 3") << 1
        << QStringList{"SELECT 1", "select 2", "SELECT 3"} << QList<int>{1, 1, 2} << QStringList{"SELECT", "SELECT", "SELECT"};
    QTest::newRow("comment after the previous ;")
        << QStringLiteral("SELECT 1; -- about the next one\n\n  UPDATE t SET x = 1;") << 5
        << QStringList{"SELECT 1", "UPDATE t SET x = 1"} << QList<int>{5, 7} << QStringList{"SELECT", "UPDATE"};
    QTest::newRow("empty statements are dropped")
        << QStringLiteral("SELECT 1;;\n;\nSELECT 2;") << 1
        << QStringList{"SELECT 1", "SELECT 2"} << QList<int>{1, 3} << QStringList{"SELECT", "SELECT"};
    QTest::newRow("non-ASCII before statements")
        << QStringLiteral("-- caf\u00e9 \u2603\nCOMMENT ON TABLE t IS '\u00e9t\u00e9';\nSELECT '\u2603';") << 1
        << QStringList{QStringLiteral("COMMENT ON TABLE t IS '\u00e9t\u00e9'"), QStringLiteral("SELECT '\u2603'")}
        << QList<int>{2, 3} << QStringList{"COMMENT", "SELECT"};
    QTest::newRow("emoji (outside the BMP) before statements")
        << QStringLiteral("-- \U0001F600\U0001F680\nSELECT '\U0001F600\U0001F600\U0001F600';\n\nSELECT 'x\U0001F680'; SELECT 3;\n") << 1
        << QStringList{QStringLiteral("SELECT '\U0001F600\U0001F600\U0001F600'"), QStringLiteral("SELECT 'x\U0001F680'"), QStringLiteral("SELECT 3")}
        << QList<int>{2, 4, 4} << QStringList{"SELECT", "SELECT", "SELECT"};
    QTest::newRow("dollar-quoted function body with ;")
        << QStringLiteral("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"  // 1
                          "BEGIN\n"                                                            // 2
                          "  NEW.updated_at := now();\n"                                       // 3
                          "  RETURN NEW;\n"                                                    // 4
                          "END;\n"                                                             // 5
                          "$$;\n"                                                              // 6
                          "SELECT 1;\n")                                                       // 7
        << 1
        << QStringList{"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n"
                       "  RETURN NEW;\nEND;\n$$",
                       "SELECT 1"}
        << QList<int>{1, 7} << QStringList{"CREATE", "SELECT"};
    QTest::newRow("tagged dollar quote containing $$ and ;")
        << QStringLiteral("SELECT $body$ a $$ ; b; $body$;\nSELECT 2;") << 1
        << QStringList{"SELECT $body$ a $$ ; b; $body$", "SELECT 2"} << QList<int>{1, 2} << QStringList{"SELECT", "SELECT"};
    QTest::newRow("nested block comments with ;")
        << QStringLiteral("/* outer /* inner; */\n still; */ SELECT 1;\nSELECT /* a /* b; */ c; */ 2;") << 3
        << QStringList{"SELECT 1", "SELECT /* a /* b; */ c; */ 2"} << QList<int>{4, 5} << QStringList{"SELECT", "SELECT"};
    QTest::newRow("strings and identifiers with ;")
        << QStringLiteral("INSERT INTO t VALUES ('a;b');\nINSERT INTO t VALUES (E'c\\';d');\nCREATE TABLE \"we;ird\" (x int);\n")
        << 1
        << QStringList{"INSERT INTO t VALUES ('a;b')", "INSERT INTO t VALUES (E'c\\';d')", "CREATE TABLE \"we;ird\" (x int)"}
        << QList<int>{1, 2, 3} << QStringList{"INSERT", "INSERT", "CREATE"};
    QTest::newRow("DO block")
        << QStringLiteral("DO $do$\nBEGIN\n  IF true THEN\n    PERFORM 1;\n  END IF;\nEND\n$do$;\n")
        << 20 << QStringList{"DO $do$\nBEGIN\n  IF true THEN\n    PERFORM 1;\n  END IF;\nEND\n$do$"} << QList<int>{20}
        << QStringList{"DO"};
    QTest::newRow("DO with LANGUAGE")
        << QStringLiteral("DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE 'x;y'; END $$;\nALTER TABLE t ADD COLUMN y int;") << 1
        << QStringList{"DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE 'x;y'; END $$", "ALTER TABLE t ADD COLUMN y int"}
        << QList<int>{1, 2} << QStringList{"DO", "ALTER"};
    // Regression (fixed): libpg_query's scanner split cuts a BEGIN ATOMIC
    // body at every ';', and the trailing "END" piece is then refused as transaction control.
    QTest::newRow("CREATE FUNCTION ... BEGIN ATOMIC ... END")
        << QStringLiteral("CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\n"  // 1
                          "BEGIN ATOMIC\n"                                                // 2
                          "  SELECT 1;\n"                                                 // 3
                          "  SELECT a + b;\n"                                             // 4
                          "END;\n"                                                        // 5
                          "\n"                                                            // 6
                          "SELECT add(1, 2);\n")                                          // 7
        << 1
        << QStringList{"CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT a + b;\nEND",
                       "SELECT add(1, 2)"}
        << QList<int>{1, 7} << QStringList{"CREATE", "SELECT"};
    // Regression (fixed): a procedure with BEGIN ATOMIC.
    QTest::newRow("CREATE PROCEDURE ... BEGIN ATOMIC ... END")
        << QStringLiteral("CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;")
        << 1 << QStringList{"CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END"}
        << QList<int>{1} << QStringList{"CREATE"};
    QTest::newRow("SAVEPOINT is not transaction control")
        << QStringLiteral("SAVEPOINT s;\nRELEASE SAVEPOINT s;") << 1
        << QStringList{"SAVEPOINT s", "RELEASE SAVEPOINT s"} << QList<int>{1, 2} << QStringList{"SAVEPOINT", "RELEASE"};
    QTest::newRow("COPY from a server file is allowed")
        << QStringLiteral("COPY t FROM '/tmp/data.csv' WITH (FORMAT csv);") << 1
        << QStringList{"COPY t FROM '/tmp/data.csv' WITH (FORMAT csv)"} << QList<int>{1} << QStringList{"COPY"};
    QTest::newRow("a table named begin_log")
        << QStringLiteral("CREATE TABLE begin_log (id int);\nINSERT INTO begin_log VALUES (1);") << 1
        << QStringList{"CREATE TABLE begin_log (id int)", "INSERT INTO begin_log VALUES (1)"} << QList<int>{1, 2}
        << QStringList{"CREATE", "INSERT"};
}

void TestSqlSplitter::split()
{
    QFETCH(QString, script);
    QFETCH(int, firstLine);
    QFETCH(QStringList, sqls);
    QFETCH(QList<int>, lines);
    QFETCH(QStringList, keywords);

    const auto result = splitSql(script, kFile, firstLine);
    QVERIFY_RESULT(result);
    QStringList gotSql, gotKeywords;
    QList<int> gotLines;
    for (const SqlStatement &st : *result) {
        gotSql << st.sql;
        gotLines << st.line;
        gotKeywords << st.keyword;
        QVERIFY2(!st.sql.endsWith(QLatin1Char(';')), qPrintable(st.sql));
    }
    QCOMPARE(gotSql, sqls);
    QCOMPARE(gotLines, lines);
    QCOMPARE(gotKeywords, keywords);
}

void TestSqlSplitter::refused_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("firstLine");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<QString>("statement"); // expected start of Error::statement ("" = not checked)

    QTest::newRow("psql \\i first") << QStringLiteral("\\i x.sql\nSELECT 1;") << 3 << 3 << "psql meta-command '\\i x.sql'" << "\\i x.sql";
    QTest::newRow("psql \\set after a statement")
        << QStringLiteral("SELECT 1;\n-- set a variable\n\\set ON_ERROR_STOP on\nSELECT 2;") << 1 << 3
        << "psql meta-command '\\set ON_ERROR_STOP on'" << "\\set ON_ERROR_STOP on";
    QTest::newRow("COPY FROM STDIN")
        << QStringLiteral("CREATE TABLE t (a int, b text);\n\nCOPY t FROM STDIN;\n1\tfoo\n\\.\n") << 10 << 12
        << "COPY ... FROM STDIN" << "COPY t FROM STDIN";
    QTest::newRow("copy (cols) from stdin, lower case, csv")
        << QStringLiteral("copy t (a, b)\n  from stdin with (format csv);") << 1 << 1 << "COPY ... FROM STDIN" << "copy t (a, b)";
    QTest::newRow("BEGIN;") << QStringLiteral("SELECT 1;\nBEGIN;\nSELECT 2;") << 1 << 2 << "transaction control (BEGIN)" << "BEGIN";
    QTest::newRow("COMMIT;") << QStringLiteral("SELECT 1;\n\nCOMMIT;") << 4 << 6 << "transaction control (COMMIT)" << "COMMIT";
    QTest::newRow("ROLLBACK;") << QStringLiteral("-- undo\nROLLBACK;") << 1 << 2 << "transaction control (ROLLBACK)" << "ROLLBACK";
    QTest::newRow("begin work (lower case)") << QStringLiteral("begin work;") << 1 << 1 << "transaction control (BEGIN)" << "begin work";
    QTest::newRow("START TRANSACTION")
        << QStringLiteral("START TRANSACTION ISOLATION LEVEL SERIALIZABLE;") << 1 << 1 << "transaction control (START)" << "START";
    QTest::newRow("END;") << QStringLiteral("SELECT 1;\nEND;") << 1 << 2 << "transaction control (END)" << "END";
    QTest::newRow("ABORT;") << QStringLiteral("ABORT;") << 7 << 7 << "transaction control (ABORT)" << "ABORT";
    QTest::newRow("COMMIT AND CHAIN") << QStringLiteral("commit and chain;") << 1 << 1 << "transaction control (COMMIT)" << "commit";
    QTest::newRow("unterminated string")
        << QStringLiteral("SELECT 1;\nSELECT 'abc;\nSELECT 2;") << 5 << 6 << "unterminated quoted string" << "";
    // The scanner reports its error position in characters, not bytes: text with multi-byte
    // characters before the error must not move the line backwards.
    QTest::newRow("unterminated string after emoji")
        << QStringLiteral("SELECT '\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600';\n"
                          "SELECT 1;\n"
                          "SELECT 'abc;\n")
        << 1 << 3 << "unterminated quoted string" << "";
    QTest::newRow("unterminated comment after two-byte letters")
        << QStringLiteral("SELECT '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9';\nSELECT 2;\n/* abc;\nSELECT 2;") << 1 << 3
        << "unterminated /* comment" << "";
    QTest::newRow("unterminated dollar quote")
        << QStringLiteral("SELECT 1;\n\nDO $$ BEGIN\nPERFORM 1;") << 1 << 3 << "unterminated dollar-quoted string" << "";
    QTest::newRow("unterminated comment")
        << QStringLiteral("SELECT 1;\n/* abc;\nSELECT 2;") << 1 << 2 << "unterminated /* comment" << "";
}

void TestSqlSplitter::refused()
{
    QFETCH(QString, script);
    QFETCH(int, firstLine);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    QFETCH(QString, statement);

    const auto result = splitSql(script, kFile, firstLine);
    QVERIFY_INPUT_ERROR(result, kFile, line);
    const Error &e = result.error();
    QVERIFY2(e.message.contains(fragment), qPrintable(e.message));
    if (!statement.isEmpty())
        QVERIFY2(e.statement.startsWith(statement), qPrintable(e.statement));
}

// Lines are counted incrementally from one statement to the next: check every statement of a
// large script (one-line and three-line statements, comments and blank lines between them).
// Speed is measured by tests/bench/bench_split, not here.
// Found by fuzz_sqlsplitter: where the parser gives up and the scanner splits, a run of carriage
// returns and a vertical tab after a comment was a statement of its own, empty once trimmed.
void TestSqlSplitter::noStatementIsOnlyWhitespace()
{
    const QByteArray found = QByteArray::fromHex("2d2d3b328d0d2d20747261696c696e672001176e0a") + QByteArray(90, '\r')
        + QByteArray("\x0b") + QByteArray(20, '\r');
    for (const QByteArray &text : {found, QByteArray("SELEC 1;\n\x0b\r\r"), QByteArray("-- c\n\x0b\r")}) {
        const auto result = splitSql(QString::fromUtf8(text), kFile, 7);
        if (!result)
            continue;   // refused with a line is fine; an empty statement is not
        for (const SqlStatement &st : *result)
            QVERIFY2(!st.sql.isEmpty(), text.toHex().constData());
    }
}

void TestSqlSplitter::manyStatementsKeepTheirLines()
{
    QString script;
    QList<int> expected;
    int line = 7;
    for (int i = 0; i < 20000; ++i) {
        expected << line;
        if (i % 3 == 0) {
            script += QStringLiteral("INSERT INTO t (a, b)\n  VALUES (%1,\n  'x;y');\n").arg(i);
            line += 3;
        } else if (i % 3 == 1) {
            script += QStringLiteral("UPDATE t SET a = %1; -- trailing\n\n").arg(i);
            line += 2;
        } else {
            script += QStringLiteral("/* block\n comment */ SELECT %1;\n").arg(i);
            expected.last() += 1;
            line += 2;
        }
    }
    const auto result = splitSql(script, kFile, 7);
    QVERIFY_RESULT(result);
    QCOMPARE(result->size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(result->at(i).line, expected.at(i));
}

void TestSqlSplitter::newlinesBeforeCountsCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("characters");
    QTest::addColumn<int>("newlines");

    const QString emoji = QStringLiteral("\U0001F600");
    QTest::newRow("ASCII") << QStringLiteral("a\nb\nc") << 4 << 2;
    QTest::newRow("ASCII, up to the break") << QStringLiteral("a\nb\nc") << 3 << 1;
    QTest::newRow("emoji are one character each") << (emoji + emoji + QStringLiteral("\nx\ny")) << 4 << 1;
    QTest::newRow("emoji, just past the second break") << (emoji + emoji + QStringLiteral("\nx\ny")) << 5 << 2;
    QTest::newRow("two-byte and BMP letters") << QStringLiteral("\u00e9\u2603\n\u00e9\n") << 3 << 1;
    QTest::newRow("past the end") << QStringLiteral("a\n") << 100 << 1;
    QTest::newRow("none") << QStringLiteral("a\n") << 0 << 0;
}

void TestSqlSplitter::newlinesBeforeCountsCharacters()
{
    QFETCH(QString, text);
    QFETCH(int, characters);
    QTEST(newlinesBefore(text, characters), "newlines");
}

QTEST_GUILESS_MAIN(TestSqlSplitter)
#include "tst_sqlsplitter.moc"
