// `revisor rehearse`, `snapshot` and `diff` as a user runs them: a separate process, its exit
// code, its summary and the reports it writes.
#include "db/session.h"
#include "clirun.h"
#include "tempset.h"
#include "testserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;

namespace {

using Run = test::CliRun;
using test::runRevisor;

QString bundledSet()
{
    return test::sourceDir() + QStringLiteral("/migrations/codebase_mcp");
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject findByKey(const QJsonArray &array, const QString &key, const QString &value)
{
    for (const auto &v : array) {
        if (v.toObject().value(key).toString() == value)
            return v.toObject();
    }
    return {};
}

std::unique_ptr<Session> open(const ConnectionSettings &settings)
{
    auto session = Session::open(settings);
    if (!session)
        qFatal("%s", qPrintable(session.error().toString()));
    return std::move(*session);
}

} // namespace

class TestCliRehearse : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("REVISOR_BINARY").isEmpty(), "REVISOR_BINARY must name the revisor executable (set by ctest)");
    }

    void scratchRehearsalWritesReports()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString reports = dir.filePath(QStringLiteral("out"));
        const Run r = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--report"), reports});
        qInfo("rehearse --scratch: %lld ms", r.ms);
        QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.out.contains(QLatin1String("PASS")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("revisor:")), qPrintable(r.err)); // progress goes to stderr
        for (const char *name : {"report.json", "report.junit.xml", "report.md"})
            QVERIFY2(QFile::exists(reports + QLatin1Char('/') + QLatin1String(name)), name);

        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(readAll(reports + QStringLiteral("/report.json")), &parseError);
        QVERIFY2(!doc.isNull(), qPrintable(parseError.errorString()));
        const QJsonObject json = doc.object();
        QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("revisor-report/1"));
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("pass"));
        const QJsonObject server = json.value(QStringLiteral("server")).toObject();
        // What the server says, not what this machine has: rehearse --scratch starts the same
        // PostgreSQL binaries as the test's own scratch server, and the bundled set installs
        // pgvector exactly when the server offers it.
        QCOMPARE(server.value(QStringLiteral("version")).toString(), test::server().serverVersion());
        QVERIFY(server.value(QStringLiteral("pgvector")).isBool());
        QCOMPARE(server.value(QStringLiteral("pgvector")).toBool(), test::server().hasPgvector());

        // Steps: baseline 001..005, seed, upgrade 002, downgrade 002; each with its fields.
        const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
        QVERIFY2(steps.size() >= 7, qPrintable(QString::number(steps.size())));
        bool upgrade002Locks = false, downgrade002 = false;
        for (const auto &v : steps) {
            const QJsonObject s = v.toObject();
            for (const char *key : {"kind", "from", "to", "duration_ms", "statements", "locks"})
                QVERIFY2(s.contains(QLatin1String(key)), key);
            QVERIFY(s.value(QStringLiteral("statements")).isArray());
            QVERIFY(s.value(QStringLiteral("duration_ms")).toDouble() >= 0);
            const QString kind = s.value(QStringLiteral("kind")).toString();
            if (kind == QLatin1String("upgrade") && s.value(QStringLiteral("to")).toString() == QLatin1String("002")) {
                QCOMPARE(s.value(QStringLiteral("from")).toString(), QStringLiteral("005"));
                QVERIFY(!s.value(QStringLiteral("statements")).toArray().isEmpty());
                for (const auto &l : s.value(QStringLiteral("locks")).toArray()) {
                    const QJsonObject lock = l.toObject();
                    upgrade002Locks |= lock.value(QStringLiteral("relation")).toString() == QLatin1String("public.repositories")
                        && lock.value(QStringLiteral("mode")).toString() == QLatin1String("AccessExclusiveLock");
                }
            }
            if (kind == QLatin1String("downgrade") && s.value(QStringLiteral("from")).toString() == QLatin1String("002")) {
                downgrade002 = true;
                QCOMPARE(s.value(QStringLiteral("to")).toString(), QStringLiteral("005"));
            }
        }
        QVERIFY2(upgrade002Locks, "the 002 upgrade must list AccessExclusiveLock on public.repositories");
        QVERIFY(downgrade002);

        const QJsonArray checks = json.value(QStringLiteral("checks")).toArray();
        for (const char *id : {"V1.3", "V2.2", "V3.2", "V4.3", "V5.5", "data.paths", "data.contents", "data.embeddings", "idempotency",
                               "perf.rollback", "perf.scenario", "schema.identical", "data.preserved"}) {
            const QJsonObject c = findByKey(checks, QStringLiteral("id"), QLatin1String(id));
            QVERIFY2(!c.isEmpty(), id);
            QVERIFY2(c.value(QStringLiteral("status")).toString() == QLatin1String("pass"), qPrintable(c.value(QStringLiteral("detail")).toString()));
            QVERIFY(!c.value(QStringLiteral("title")).toString().isEmpty());
            QVERIFY(c.contains(QStringLiteral("detail")));
        }
        for (const auto &v : checks)
            QVERIFY2(v.toObject().value(QStringLiteral("status")).toString() != QLatin1String("fail"), qPrintable(v.toObject().value(QStringLiteral("id")).toString()));

        const QJsonArray tables = json.value(QStringLiteral("tables")).toArray();
        const QJsonObject chunks = findByKey(tables, QStringLiteral("name"), QStringLiteral("public.code_chunks"));
        QVERIFY(!chunks.isEmpty());
        QCOMPARE(chunks.value(QStringLiteral("rows_before")).toInteger(), qint64(4));
        QCOMPARE(chunks.value(QStringLiteral("rows_after")).toInteger(), qint64(4));
        QVERIFY(!chunks.value(QStringLiteral("fingerprint_before")).toString().isEmpty());
        QCOMPARE(chunks.value(QStringLiteral("fingerprint_after")).toString(), chunks.value(QStringLiteral("fingerprint_before")).toString());
        const QJsonObject repositories = findByKey(tables, QStringLiteral("name"), QStringLiteral("public.repositories"));
        QCOMPARE(repositories.value(QStringLiteral("rows_before")).toInteger(), qint64(3));
        QCOMPARE(repositories.value(QStringLiteral("rows_after")).toInteger(), qint64(3));
        const QJsonObject diffs = json.value(QStringLiteral("diffs")).toObject();
        QVERIFY(!diffs.value(QStringLiteral("baseline_to_upgraded")).toArray().isEmpty());
        QVERIFY(diffs.value(QStringLiteral("baseline_to_rolled_back")).toArray().isEmpty());

        // JUnit: one testcase per check, no failure; Markdown names the seed's checks.
        QXmlStreamReader xml(readAll(reports + QStringLiteral("/report.junit.xml")));
        int testcases = 0, failures = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                testcases += xml.name() == QLatin1String("testcase");
                failures += xml.name() == QLatin1String("failure");
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(testcases, int(checks.size()));
        QCOMPARE(failures, 0);
        const QByteArray md = readAll(reports + QStringLiteral("/report.md"));
        for (const char *id : {"V1.3", "V2.2", "V3.2", "V4.3", "V5.5"})
            QVERIFY2(md.contains(id), id);
    }

    void drawnReportsWithoutADisplay()
    {
        // A CI job or a server has no display: html and pdf are drawn by QtGui on the offscreen
        // platform, whatever the environment says (no QT_QPA_PLATFORM, no DISPLAY, no Wayland).
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"})
            env.remove(QLatin1String(name));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Run r = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--report"), dir.path(),
                                  QStringLiteral("--format"), QStringLiteral("json,junit,md,html,pdf")}, env);
        qInfo("rehearse --scratch, five formats, no display: %lld ms", r.ms);
        QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        for (const char *name : {"report.json", "report.junit.xml", "report.md", "report.html", "report.pdf"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(name))).size() > 0, name);
        const QByteArray html = readAll(dir.filePath(QStringLiteral("report.html")));
        QVERIFY(html.contains("data:image/png;base64,"));
        QVERIFY(html.contains("V1.3"));
        QVERIFY(readAll(dir.filePath(QStringLiteral("report.pdf"))).startsWith("%PDF-"));
        // The same result in every file: the JSON's verdict and set are what the PDF says.
        const QJsonObject json = QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("report.json")))).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("pass"));
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), dir.filePath(QStringLiteral("report.pdf")), QStringLiteral("-")});
        QVERIFY2(pdftotext.waitForFinished(60000) && pdftotext.exitCode() == 0, "pdftotext (poppler-utils) must read the PDF");
        const QString text = QString::fromUtf8(pdftotext.readAllStandardOutput());
        QVERIFY2(text.contains(QLatin1String("PASS")), qPrintable(text.left(2000)));
        QVERIFY2(text.contains(json.value(QStringLiteral("set")).toObject().value(QStringLiteral("name")).toString()), qPrintable(text.left(2000)));

        // Asking for an unknown format is refused before anything runs.
        const Run bad = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--report"), dir.path(),
                                    QStringLiteral("--format"), QStringLiteral("html,docx")}, env);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QLatin1String("docx")), qPrintable(bad.err));
    }

    void brokenCopyExitsOne()
    {
        const QString path = bundledSet() + QStringLiteral("/versions/002_project_id_and_search_only.sql");
        const QString original = QString::fromUtf8(readAll(path));
        QVERIFY(original.contains(QLatin1String("-- migrate:down")));
        test::TempSet broken(bundledSet(), {{QStringLiteral("versions/002_project_id_and_search_only.sql"),
                                             original + QStringLiteral("\nCREATE INDEX extra_idx ON repositories (path);\n")}});
        QTemporaryDir dir;
        const Run r = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--set"), broken.path(),
                                  QStringLiteral("--report"), dir.path(), QStringLiteral("--format"), QStringLiteral("json")});
        qInfo("rehearse --scratch of a broken copy: %lld ms", r.ms);
        QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.out.contains(QLatin1String("FAIL")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("schema.identical")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("extra_idx")), qPrintable(r.out));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("report.json"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("report.md"))));
        const QJsonObject json = QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("report.json")))).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("fail"));
        QCOMPARE(findByKey(json.value(QStringLiteral("checks")).toArray(), QStringLiteral("id"), QStringLiteral("schema.identical"))
                     .value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
    }

    void resetNeedsConfirmation()
    {
        auto settings = test::freshDatabase(QStringLiteral("cli_reset"));
        QVERIFY(settings.has_value());
        const QString name = settings->databaseName();
        {
            auto session = open(*settings);
            QVERIFY(session->exec(QStringLiteral("CREATE TABLE precious (id int)")).has_value());
            QVERIFY(session->exec(QStringLiteral("INSERT INTO precious VALUES (1), (2)")).has_value());
        }
        const QString db = settings->conninfo();
        for (const QStringList &extra : {QStringList{}, QStringList{QStringLiteral("--confirm"), QStringLiteral("postgres")},
                                          QStringList{QStringLiteral("--confirm"), name + QStringLiteral("x")}}) {
            const Run r = runRevisor(QStringList{QStringLiteral("rehearse"), QStringLiteral("--db"), db, QStringLiteral("--reset")} + extra);
            QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit %1\n%2").arg(r.exitCode).arg(r.err)));
            QVERIFY2(r.err.contains(QLatin1String("--confirm")) && r.err.contains(name), qPrintable(r.err));
            auto session = open(*settings);
            QCOMPARE(session->scalar(QStringLiteral("SELECT count(*) FROM precious")).value(), QStringLiteral("2"));
            QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('public.alembic_version') IS NULL")).value(), QStringLiteral("t"));
        }
        // --scratch and --db exclude each other: bad input too.
        QCOMPARE(runRevisor({QStringLiteral("rehearse"), QStringLiteral("--scratch"), QStringLiteral("--db"), db}).exitCode, 2);

        // Confirmed: the schema goes, and the rehearsal on the emptied database passes.
        const Run confirmed = runRevisor({QStringLiteral("rehearse"), QStringLiteral("--db"), db, QStringLiteral("--reset"),
                                          QStringLiteral("--confirm"), name});
        QVERIFY2(confirmed.exitCode == 0, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(confirmed.exitCode).arg(confirmed.out, confirmed.err)));
        auto session = open(*settings);
        QCOMPARE(session->scalar(QStringLiteral("SELECT to_regclass('public.precious') IS NULL")).value(), QStringLiteral("t"));
        QCOMPARE(session->scalar(QStringLiteral("SELECT version_num FROM alembic_version")).value(), QStringLiteral("005"));
    }

    void snapshotAndDiff()
    {
        auto settings = test::freshDatabase(QStringLiteral("cli_snap"));
        QVERIFY(settings.has_value());
        {
            auto session = open(*settings);
            QVERIFY(session->exec(QStringLiteral("CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL)")).has_value());
        }
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json")),
                      c = dir.filePath(QStringLiteral("c.json"));
        const QString db = settings->conninfo();
        for (const QString &file : {a, b}) {
            const Run r = runRevisor({QStringLiteral("snapshot"), QStringLiteral("--db"), db, QStringLiteral("-o"), file});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY(QFile::exists(file));
        }
        const Run same = runRevisor({QStringLiteral("diff"), a, b});
        QVERIFY2(same.exitCode == 0, qPrintable(same.out + same.err));
        QVERIFY2(same.out.contains(QLatin1String("no differences")), qPrintable(same.out));
        {
            auto session = open(*settings);
            QVERIFY(session->exec(QStringLiteral("ALTER TABLE widgets ADD COLUMN colour varchar(20) DEFAULT 'blue'")).has_value());
        }
        const Run snap = runRevisor({QStringLiteral("snapshot"), QStringLiteral("--db"), db, QStringLiteral("-o"), c});
        QVERIFY2(snap.exitCode == 0, qPrintable(snap.err));
        const Run differs = runRevisor({QStringLiteral("diff"), a, c});
        QVERIFY2(differs.exitCode == 1, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(differs.exitCode).arg(differs.out, differs.err)));
        QVERIFY2(differs.out.contains(QLatin1String("public.widgets.colour")), qPrintable(differs.out));
        const Run asJson = runRevisor({QStringLiteral("diff"), QStringLiteral("--json"), a, c});
        QCOMPARE(asJson.exitCode, 1);
        const QJsonArray entries = QJsonDocument::fromJson(asJson.out.toUtf8()).array();
        QCOMPARE(entries.size(), qsizetype(1));
        QCOMPARE(entries.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("public.widgets.colour"));
        // A file that is not a snapshot is bad input.
        QFile junk(dir.filePath(QStringLiteral("junk.json")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{\"format\": \"something-else\"}");
        junk.close();
        QCOMPARE(runRevisor({QStringLiteral("diff"), a, junk.fileName()}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliRehearse)
#include "tst_cli_rehearse.moc"
