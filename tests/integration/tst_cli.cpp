// The revisor command line as a user runs it: a separate process, its output and exit codes.
#include "clirun.h"
#include "tempset.h"
#include "testserver.h"

#include <QProcess>
#include <QTest>

using namespace revisor;

namespace {

using Run = test::CliRun;
using test::runRevisor;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
    }

    void historyInOrder()
    {
        const Run r = runRevisor({QStringLiteral("history")});
        QCOMPARE(r.exitCode, 0);
        QStringList ids;
        for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
            ids << line.section(QStringLiteral(" -> "), 1).section(u' ', 0, 0);
        QCOMPARE(ids.join(u' '), QStringLiteral("001 003 003a 003b 005 002"));
        const Run json = runRevisor({QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(json.out.contains(QLatin1String("\"revision\": \"003a\"")));
    }

    void helpAndVersion()
    {
        QCOMPARE(runRevisor({QStringLiteral("--version")}).exitCode, 0);
        for (const char *command : {"history", "current", "upgrade", "downgrade", "resolve", "stamp", "seed", "scratch"}) {
            const Run r = runRevisor({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QLatin1String("--help")), command);
        }
        QCOMPARE(runRevisor({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(runRevisor({QStringLiteral("upgrade")}).exitCode, 2);
    }

    void badSetIsExitTwoWithFileAndLine()
    {
        test::TempSet dir({{QStringLiteral("001.sql"), QStringLiteral("-- revision: 001\n-- message: no markers\nCREATE TABLE t ();\n")}});
        const Run r = runRevisor({QStringLiteral("history"), QStringLiteral("--set"), dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("001.sql:1:")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("migrate:up")), qPrintable(r.err));
    }

    void connectionErrorIsExitThreeWithoutPassword()
    {
        const Run r = runRevisor({QStringLiteral("current"), QStringLiteral("--db"),
                               QStringLiteral("postgresql+asyncpg://alice:s3cr3t-pw@/nodb?host=/nonexistent-socket-dir")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("could not connect")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("s3cr3t-pw")) && !r.out.contains(QLatin1String("s3cr3t-pw")), qPrintable(r.err));
    }

    void seedScenario()
    {
        auto settings = test::freshDatabase(QStringLiteral("cli"));
        QVERIFY(settings.has_value());
        // DATABASE_URL as the seed's SQLAlchemy-style URL would be; here a keyword string.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), settings->conninfo());
        const QList<std::pair<QStringList, QString>> steps{
            {{QStringLiteral("upgrade"), QStringLiteral("005")}, QStringLiteral("005")},
            {{QStringLiteral("seed"), QStringLiteral("sample")}, QStringLiteral("005")},
            {{QStringLiteral("upgrade"), QStringLiteral("head")}, QStringLiteral("002")},
            {{QStringLiteral("downgrade"), QStringLiteral("-1")}, QStringLiteral("005")},
            {{QStringLiteral("downgrade"), QStringLiteral("-1")}, QStringLiteral("003b")},
        };
        for (const auto &[args, expected] : steps) {
            const Run r = runRevisor(args, env);
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(u' ') + QStringLiteral(": ") + r.err));
            const Run current = runRevisor({QStringLiteral("current")}, env);
            QCOMPARE(current.exitCode, 0);
            QCOMPARE(current.out.section(u' ', 0, 0).trimmed(), expected);
        }
        // A failing target: cannot go further down than base.
        const Run tooFar = runRevisor({QStringLiteral("downgrade"), QStringLiteral("-9")}, env);
        QCOMPARE(tooFar.exitCode, 2);
        QVERIFY(tooFar.err.contains(QLatin1String("cannot go -9 down")));
        const Run unknownSeed = runRevisor({QStringLiteral("seed"), QStringLiteral("nosuchseed")}, env);
        QCOMPARE(unknownSeed.exitCode, 2);
        QVERIFY(unknownSeed.err.contains(QLatin1String("sample")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
