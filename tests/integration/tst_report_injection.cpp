// A migration whose table and column names hold a code fence, a link, a newline, a pipe, HTML,
// terminal escapes and an RTL override, rehearsed by the revisor executable: every report and
// the terminal summary show the names as text, and report.json keeps them exactly.
#include "clirun.h"
#include "tempset.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;

namespace {

const QString Rtl = QString(QChar(0x202E));
const QString TableName = QStringLiteral("t```\n[x](http://e.example)\x1b[31m|<b>") + Rtl;
const QString ColumnName = QStringLiteral("c`|\x1b[1m");

QString quoted(const QString &name)
{
    return QLatin1Char('"') + name + QLatin1Char('"');
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

void verifyNoRawControls(const QString &text, const char *what)
{
    QVERIFY2(!text.contains(QChar(0x1b)), what);
    QVERIFY2(!text.contains(Rtl), what);
}

} // namespace

class TestReportInjection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
    }

    void hostileNamesStayText()
    {
        const QString table = QStringLiteral("public.") + TableName; // as the data comparison names it
        test::TempSet set(
            {{QStringLiteral("001.sql"),
              test::revisionFile(QStringLiteral("001"), QString(),
                                 QStringLiteral("CREATE TABLE %1 (id int PRIMARY KEY, v text);\nINSERT INTO %1 VALUES (1, 'x');").arg(quoted(TableName)),
                                 QStringLiteral("DROP TABLE %1;").arg(quoted(TableName)))},
             {QStringLiteral("002.sql"),
              test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                 QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 int;").arg(quoted(TableName), quoted(ColumnName)),
                                 QStringLiteral("ALTER TABLE %1 DROP COLUMN %2;").arg(quoted(TableName), quoted(ColumnName)))}});
        QTemporaryDir reports;
        const test::CliRun r = test::runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--set"), set.path(),
                                                 QStringLiteral("--report"), reports.path(), QStringLiteral("--format"),
                                                 QStringLiteral("json,junit,md")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        verifyNoRawControls(r.out, "raw control characters in the summary");
        verifyNoRawControls(r.err, "raw control characters in the progress lines");

        // JSON keeps the data exactly (its own escaping is JSON's).
        const QJsonObject json = QJsonDocument::fromJson(readAll(reports.filePath(QStringLiteral("report.json")))).object();
        QStringList tables;
        for (const auto &t : json.value(QStringLiteral("tables")).toArray())
            tables << t.toObject().value(QStringLiteral("name")).toString();
        QVERIFY2(tables.contains(table), qPrintable(tables.join(QLatin1Char('\n'))));

        const QString md = QString::fromUtf8(readAll(reports.filePath(QStringLiteral("report.md"))));
        verifyNoRawControls(md, "raw control characters in report.md");
        // In the data table: one cell, every markup character escaped (the backslash of a
        // shown control character too, so that it renders as "\u001B").
        const QString cell = QStringLiteral("| public.t\\`\\`\\`<br>[x\\](http:\\/\\/e.example)\\\\u001B[31m\\|\\<b>\\\\u202E |");
        QVERIFY2(md.contains(cell), qPrintable(md));
        // In the diff: a fence longer than the name's, and the name on one line.
        QVERIFY2(md.contains(QStringLiteral("\n````diff\n")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("t```\\n[x](http://e.example)\\u001B[31m|<b>\\u202E")), qPrintable(md));
        for (const QString &line : md.split(QLatin1Char('\n')))
            QVERIFY2(!line.startsWith(QLatin1String("[x]")), qPrintable(md));

        const QByteArray junit = readAll(reports.filePath(QStringLiteral("report.junit.xml")));
        verifyNoRawControls(QString::fromUtf8(junit), "raw control characters in report.junit.xml");
        QXmlStreamReader xml(junit);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    }

    void serverMessagesStayText()
    {
        // A failing step: its server message reaches the summary, the progress lines and
        // the reports; a notice the progress lines.
        test::TempSet set(
            {{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), QString(), QStringLiteral("CREATE TABLE a (id int);"),
                                                            QStringLiteral("DROP TABLE a;"))},
             {QStringLiteral("002.sql"),
              test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                 QStringLiteral("DO $$ BEGIN RAISE NOTICE E'note \\x1b[32mgreen'; "
                                                "RAISE EXCEPTION E'boom \\x1b[31mred\\nNEWLINE \\u202Egnp'; END $$;"),
                                 QStringLiteral("SELECT 1;"))}});
        QTemporaryDir reports;
        const test::CliRun r = test::runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--set"), set.path(),
                                                 QStringLiteral("--report"), reports.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("boom \\u001B[31mred")) && r.out.contains(QStringLiteral("NEWLINE \\u202Egnp")), qPrintable(r.out));
        verifyNoRawControls(r.out, "raw control characters in the summary");
        verifyNoRawControls(r.err, "raw control characters in the progress lines");
        for (const QString &line : (r.out + r.err).split(QLatin1Char('\n')))
            QVERIFY2(!line.startsWith(QLatin1String("NEWLINE")), qPrintable(r.out + r.err));
        verifyNoRawControls(QString::fromUtf8(readAll(reports.filePath(QStringLiteral("report.md")))), "raw control characters in report.md");
        verifyNoRawControls(QString::fromUtf8(readAll(reports.filePath(QStringLiteral("report.junit.xml")))),
                            "raw control characters in report.junit.xml");
    }
};

QTEST_GUILESS_MAIN(TestReportInjection)
#include "tst_report_injection.moc"
