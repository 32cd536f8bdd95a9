// Connection secrets and the command line: no secret libpq option is ever printed or written
// into a report, and a URL can reach revisor without being on its command line (--db-file,
// --db -), where every local user could read it.
#include "db/connectionsettings.h"
#include "clirun.h"
#include "tempset.h"
#include "testserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;

namespace {

using Run = test::CliRun;
using test::runRevisor;

// Every option libpq itself marks secret, so an option a later libpq adds is tested without
// editing this file (tst_connectionsettings checks the list against libpq).
void addSecretOptionRows()
{
    QTest::addColumn<QString>("keyword");
    for (const QString &keyword : secretConnectionOptions())
        QTest::newRow(qPrintable(keyword)) << keyword;
}

QString secretFor(const QString &keyword)
{
    return QStringLiteral("S3cr3t-%1-value").arg(keyword);
}

// A connection that cannot succeed (no server on that socket directory) carrying one secret.
QString unreachableUrl(const QString &keyword)
{
    return QStringLiteral("postgresql://alice@/nodb?host=/nonexistent-socket-dir&%1=%2").arg(keyword, secretFor(keyword));
}

// Runs revisor with `input` on its standard input.
Run runRevisorWithInput(const QStringList &arguments, const QByteArray &input)
{
    QProcess p;
    p.start(qEnvironmentVariable("REVISOR_BINARY"), arguments);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(180000))
        qFatal("revisor %s did not finish within 180 s", qPrintable(arguments.join(u' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()), 0};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestCliSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
        test::server();
    }

    void connectionErrorHidesSecret_data() { addSecretOptionRows(); }
    void connectionErrorHidesSecret()
    {
        QFETCH(QString, keyword);
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db"), unreachableUrl(keyword)});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("could not connect")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(secretFor(keyword)) && !r.out.contains(secretFor(keyword)), qPrintable(r.err));
        QVERIFY2(!r.err.contains(keyword + QLatin1Char('=')), qPrintable(r.err));
    }

    void reportDatabaseHidesSecret_data() { addSecretOptionRows(); }
    void reportDatabaseHidesSecret()
    {
        QFETCH(QString, keyword);
        auto settings = test::freshDatabase(QStringLiteral("secrets"));
        QVERIFY(settings.has_value());
        // The scratch server trusts its socket: the secret is carried along, never needed.
        settings->setValue(keyword, secretFor(keyword));
        test::TempSet set({{QStringLiteral("001.sql"), test::revisionFile(QStringLiteral("001"), QString(),
                                                                          QStringLiteral("CREATE TABLE a (id int PRIMARY KEY);"),
                                                                          QStringLiteral("DROP TABLE a;"))},
                           {QStringLiteral("002.sql"), test::revisionFile(QStringLiteral("002"), QStringLiteral("001"),
                                                                          QStringLiteral("CREATE TABLE b (id int PRIMARY KEY);"),
                                                                          QStringLiteral("DROP TABLE b;"))}});
        QTemporaryDir reports;
        const Run r = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--set"), set.path(), QStringLiteral("--db"),
                                  settings->conninfo(), QStringLiteral("--report"), reports.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(!r.err.contains(secretFor(keyword)) && !r.out.contains(secretFor(keyword)), qPrintable(r.err));
        for (const char *name : {"report.json", "report.junit.xml", "report.md"}) {
            QFile f(reports.filePath(QLatin1String(name)));
            QVERIFY2(f.open(QIODevice::ReadOnly), name);
            QVERIFY2(!f.readAll().contains(secretFor(keyword).toUtf8()), name);
        }
        QFile json(reports.filePath(QStringLiteral("report.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QString database = QJsonDocument::fromJson(json.readAll()).object().value(QStringLiteral("server")).toObject()
                                     .value(QStringLiteral("database")).toString();
        QVERIFY2(database.contains(settings->value(QStringLiteral("dbname"))), qPrintable(database));
        QVERIFY2(!database.contains(keyword + QLatin1Char('=')), qPrintable(database));
    }

    void dbFileReadsTheFirstLine()
    {
        auto settings = test::freshDatabase(QStringLiteral("dbfile"));
        QVERIFY(settings.has_value());
        QTemporaryDir dir;
        const QString file = writeFile(dir, QStringLiteral("db.url"), settings->conninfo().toUtf8() + "\nignored second line\n");
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db-file"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("base (no revision applied)\n"));

        const Run up = runRevisor({QStringLiteral("upgrade"), QStringLiteral("005"), QStringLiteral("--db-file"), file});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QCOMPARE(up.out, QStringLiteral("005\n"));
    }

    void dbDashReadsStandardInput()
    {
        auto settings = test::freshDatabase(QStringLiteral("dbstdin"));
        QVERIFY(settings.has_value());
        const Run r = runRevisorWithInput({QStringLiteral("current"), QStringLiteral("--db"), QStringLiteral("-")},
                                          settings->conninfo().toUtf8() + "\r\n");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("base (no revision applied)\n"));

        QTemporaryDir dir;
        const QString snapshot = dir.filePath(QStringLiteral("s.json"));
        const Run s = runRevisorWithInput({QStringLiteral("snapshot"), QStringLiteral("--db"), QStringLiteral("-"),
                                           QStringLiteral("-o"), snapshot},
                                          settings->conninfo().toUtf8());
        QVERIFY2(s.exitCode == 0, qPrintable(s.err));
        QVERIFY(QFile::exists(snapshot));
    }

    void dbFileErrorsAreUsageErrors()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.url"));
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db-file"), missing});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));

        const QString empty = writeFile(dir, QStringLiteral("empty.url"), "\n");
        const Run e = runRevisor({QStringLiteral("current"), QStringLiteral("--db-file"), empty});
        QCOMPARE(e.exitCode, 2);
        QVERIFY2(e.err.contains(empty), qPrintable(e.err));

        const QString file = writeFile(dir, QStringLiteral("db.url"), "host=/nonexistent\n");
        const Run both = runRevisor({QStringLiteral("current"), QStringLiteral("--db"), QStringLiteral("host=x"),
                                     QStringLiteral("--db-file"), file});
        QCOMPARE(both.exitCode, 2);
        const Run scratch = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--db-file"), file});
        QCOMPARE(scratch.exitCode, 2);
    }

    void dbFileErrorHidesSecret_data() { addSecretOptionRows(); }
    void dbFileErrorHidesSecret()
    {
        QFETCH(QString, keyword);
        QTemporaryDir dir;
        const QString file = writeFile(dir, QStringLiteral("db.url"), unreachableUrl(keyword).toUtf8());
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db-file"), file});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(!r.err.contains(secretFor(keyword)) && !r.out.contains(secretFor(keyword)), qPrintable(r.err));
    }

    void helpSaysArgumentsAreVisible()
    {
        for (const char *command : {"current", "upgrade", "downgrade", "seed", "snapshot", "rehearse"}) {
            const Run r = runRevisor({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QLatin1String("--db-file")), command);
            QVERIFY2(r.out.simplified().contains(QLatin1String("visible to other local users")), command);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliSecrets)
#include "tst_cli_secrets.moc"
