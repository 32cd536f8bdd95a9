// Unit tests for MigrationSet: graph validation, target resolution, plans, loading sets.

#include "migrations/migrationset.h"
#include "resultassert.h"

#include "builders.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;

namespace {

const QString kSet = QStringLiteral("/sets/demo");

// Revisions given as "id:revises" ("001:" is a base); revision i lives in
// /sets/demo/versions/f<i>_<id>.sql with its header on line 10 + i, so every message can be
// checked for the right file and line.
QString fileOf(int i, const QString &id)
{
    return QStringLiteral("%1/versions/f%2_%3.sql").arg(kSet).arg(i).arg(id);
}

QList<Revision> revisionsOf(const QStringList &specs)
{
    QList<Revision> out;
    for (int i = 0; i < specs.size(); ++i) {
        Revision r;
        r.id = specs.at(i).section(QLatin1Char(':'), 0, 0);
        r.revises = RevisionRef(specs.at(i).section(QLatin1Char(':'), 1));
        r.message = QStringLiteral("revision ") + r.id;
        r.upSql = QStringLiteral("SELECT 1;");
        r.downSql = QStringLiteral("SELECT 2;");
        r.file = fileOf(i, r.id);
        r.headerLine = 10 + i;
        r.upLine = 12 + i;
        r.downLine = 14 + i;
        out << r;
    }
    return out;
}

QStringList idsOf(const MigrationSet &set)
{
    QStringList ids;
    for (const Revision &r : set.revisions())
        ids << r.id;
    return ids;
}

// The seed's chain, deliberately out of order.
const QStringList kSeedChain{"005:003b", "001:", "002:005", "003a:003", "003:001", "003b:003a"};

MigrationSet seedChain()
{
    auto set = MigrationSet::fromRevisions(kSet, revisionsOf(kSeedChain));
    if (!set)
        qFatal("the seed chain does not build: %s", qPrintable(set.error().toString()));
    return *set;
}

QString errorText(const Error &e)
{
    return e.toString();
}

void writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text.toUtf8());
}

QString revisionText(const QString &id, const QString &revises)
{
    return QStringLiteral("-- revision: %1\n-- revises: %2\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n").arg(id, revises);
}

} // namespace

class TestRevisionGraph : public QObject
{
    Q_OBJECT

private slots:
    void chainOrder_data();
    void chainOrder();
    void invalidGraph_data();
    void invalidGraph();
    void resolveTarget_data();
    void resolveTarget();
    void uniquePrefix();
    void plan_data();
    void plan();
    void planIrreversible();
    void loadBundledSet();
    void loadTemporarySet_data();
    void loadTemporarySet();
    // Last on purpose: it crashed the engine (empty list), see the report.
    void emptyRevisionList();
    void layoutOptions();
};

void TestRevisionGraph::chainOrder_data()
{
    QTest::addColumn<QStringList>("specs");
    QTest::addColumn<QStringList>("chain");

    const QStringList seed{"001", "003", "003a", "003b", "005", "002"};
    QTest::newRow("seed, in order") << QStringList{"001:", "003:001", "003a:003", "003b:003a", "005:003b", "002:005"} << seed;
    QTest::newRow("seed, reversed") << QStringList{"002:005", "005:003b", "003b:003a", "003a:003", "003:001", "001:"} << seed;
    QTest::newRow("seed, shuffled") << kSeedChain << seed;
    QTest::newRow("single base") << QStringList{"only:"} << QStringList{"only"};
    QTest::newRow("hex ids") << QStringList{"9f1e:c0de", "c0de:", "ab12:9f1e"} << QStringList{"c0de", "9f1e", "ab12"};
}

void TestRevisionGraph::chainOrder()
{
    QFETCH(QStringList, specs);
    QFETCH(QStringList, chain);
    const auto set = MigrationSet::fromRevisions(kSet, revisionsOf(specs));
    QVERIFY2(set.has_value(), qPrintable(set ? QString() : errorText(set.error())));
    QCOMPARE(idsOf(*set), chain);
    QCOMPARE(set->head(), test::rev(chain.last()));
    QCOMPARE(set->directory(), kSet);
    QCOMPARE(set->name(), QStringLiteral("demo"));
    for (int i = 0; i < chain.size(); ++i) {
        const RevisionRef ref = test::rev(chain.at(i));
        QCOMPARE(set->height(ref), std::optional<qsizetype>(i + 1));
        QCOMPARE(set->at(i + 1), ref);
        QVERIFY(set->find(ref));
        QCOMPARE(set->find(ref)->id, chain.at(i));
    }
    QCOMPARE(set->height(RevisionRef::base()), std::optional<qsizetype>(0));
    QCOMPARE(set->at(0), RevisionRef::base());
    QVERIFY(!set->find(RevisionRef::base()));
    QCOMPARE(set->height(test::rev(QStringLiteral("nope"))), std::nullopt);
    QVERIFY(!set->find(test::rev(QStringLiteral("nope"))));
}

void TestRevisionGraph::invalidGraph_data()
{
    QTest::addColumn<QStringList>("specs");
    QTest::addColumn<QString>("file");      // Error::file
    QTest::addColumn<int>("line");          // Error::line
    QTest::addColumn<QStringList>("fragments"); // all must be in toString()

    QTest::newRow("duplicate id")
        << QStringList{"001:", "002:001", "002:001"} << fileOf(2, "002") << 12
        << QStringList{"duplicate revision id '002'", fileOf(2, "002") + ":12", fileOf(1, "002") + ":11"};
    QTest::newRow("duplicate base id")
        << QStringList{"001:", "001:"} << fileOf(1, "001") << 11
        << QStringList{"duplicate revision id '001'", fileOf(0, "001") + ":10", fileOf(1, "001") + ":11"};
    QTest::newRow("unknown revises")
        << QStringList{"001:", "002:001", "003:0002"} << fileOf(2, "003") << 12
        << QStringList{"revision '003' revises unknown revision '0002'", fileOf(2, "003") + ":12"};
    QTest::newRow("duplicate and unknown: both listed")
        << QStringList{"001:", "001:", "002:999"} << fileOf(1, "001") << 11
        << QStringList{"invalid revision graph", fileOf(1, "001") + ":11: duplicate revision id '001'",
                       fileOf(2, "002") + ":12: revision '002' revises unknown revision '999'"};
    QTest::newRow("cycle beside a valid chain")
        << QStringList{"001:", "002:003", "003:002"} << fileOf(1, "002") << 11
        << QStringList{"cycle in the revision graph through 002, 003"};
    QTest::newRow("revision revises itself")
        << QStringList{"001:", "002:002"} << fileOf(1, "002") << 11 << QStringList{"cycle in the revision graph through 002"};
    QTest::newRow("long cycle")
        << QStringList{"a:", "b:d", "c:b", "d:c"} << fileOf(1, "b") << 11 << QStringList{"cycle in the revision graph through b, c, d"};
    // With every revises known and no base, the graph necessarily has a cycle; that is what
    // is reported.
    QTest::newRow("no base at all")
        << QStringList{"001:002", "002:001"} << fileOf(0, "001") << 10 << QStringList{"cycle in the revision graph through 001, 002"};
    QTest::newRow("several heads (branch)")
        << QStringList{"001:", "002:001", "003:001"} << fileOf(2, "003") << 12
        << QStringList{"branch: revision '001' is revised by", "'002' (" + fileOf(1, "002") + ":11)",
                       "'003' (" + fileOf(2, "003") + ":12)", "several heads"};
    QTest::newRow("branch further up")
        << QStringList{"001:", "002:001", "003:002", "004:002", "005:003"} << fileOf(3, "004") << 13
        << QStringList{"branch: revision '002' is revised by", "'003'", "'004'"};
    QTest::newRow("several bases")
        << QStringList{"001:", "002:", "003:001"} << fileOf(1, "002") << 11
        << QStringList{"several base revisions", "'001' (" + fileOf(0, "001") + ":10)", "'002' (" + fileOf(1, "002") + ":11)"};
}

void TestRevisionGraph::invalidGraph()
{
    QFETCH(QStringList, specs);
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QStringList, fragments);
    const auto set = MigrationSet::fromRevisions(kSet, revisionsOf(specs));
    QVERIFY_INPUT_ERROR(set, file, line);
    const Error &e = set.error();
    const QString text = errorText(e);
    for (const QString &fragment : fragments)
        QVERIFY2(text.contains(fragment), qPrintable(QStringLiteral("'%1' not in: %2").arg(fragment, text)));
}

void TestRevisionGraph::resolveTarget_data()
{
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("resolved");  // when ok ("" = base)
    QTest::addColumn<int>("kind");          // ErrorKind when not ok
    QTest::addColumn<QString>("fragment");  // message fragment when not ok

    const int usage = int(ErrorKind::Usage);
    const int input = int(ErrorKind::Input);
    // Chain: 001 -> 003 -> 003a -> 003b -> 005 -> 002
    QTest::newRow("head") << "003" << "head" << true << "002" << 0 << "";
    QTest::newRow("heads") << "" << "heads" << true << "002" << 0 << "";
    QTest::newRow("head at head") << "002" << "head" << true << "002" << 0 << "";
    QTest::newRow("base") << "005" << "base" << true << "" << 0 << "";
    QTest::newRow("base from base") << "" << "base" << true << "" << 0 << "";
    QTest::newRow("exact id") << "001" << "003b" << true << "003b" << 0 << "";
    QTest::newRow("exact id below") << "002" << "001" << true << "001" << 0 << "";
    QTest::newRow("surrounding spaces") << "001" << " 005 " << true << "005" << 0 << "";
    QTest::newRow("003 is exact, not ambiguous") << "" << "003" << true << "003" << 0 << "";
    QTest::newRow("unique prefix 003a") << "" << "003a" << true << "003a" << 0 << "";
    QTest::newRow("ambiguous prefix 00") << "" << "00" << false << "" << usage << "revision '00' is ambiguous: 001, 003, 003a, 003b, 005, 002";
    QTest::newRow("ambiguous prefix 0") << "001" << "0" << false << "" << usage << "ambiguous";
    QTest::newRow("unknown id") << "001" << "004" << false << "" << usage << "unknown revision '004' in set demo";
    QTest::newRow("unknown id, longer than an id") << "001" << "0031" << false << "" << usage << "unknown revision '0031'";
    QTest::newRow("empty target") << "001" << "" << false << "" << usage << "no target revision given";
    QTest::newRow("+1") << "003" << "+1" << true << "003a" << 0 << "";
    QTest::newRow("+2") << "003" << "+2" << true << "003b" << 0 << "";
    QTest::newRow("+0") << "003" << "+0" << true << "003" << 0 << "";
    QTest::newRow("-1") << "003a" << "-1" << true << "003" << 0 << "";
    QTest::newRow("-2") << "003b" << "-2" << true << "003" << 0 << "";
    QTest::newRow("-1 from 002") << "002" << "-1" << true << "005" << 0 << "";
    QTest::newRow("-N down to base") << "003" << "-2" << true << "" << 0 << "";
    QTest::newRow("+1 from base") << "" << "+1" << true << "001" << 0 << "";
    QTest::newRow("+6 from base to head") << "" << "+6" << true << "002" << 0 << "";
    QTest::newRow("+1 to head") << "005" << "+1" << true << "002" << 0 << "";
    QTest::newRow("-1 from base") << "" << "-1" << false << "" << usage << "cannot go -1 down from base: only 0 revision(s) applied";
    QTest::newRow("+1 beyond head") << "002" << "+1" << false << "" << usage << "cannot go +1 up from 002: only 0 revision(s) above it";
    QTest::newRow("+N beyond head") << "005" << "+3" << false << "" << usage << "cannot go +3 up from 005: only 1 revision(s) above it";
    QTest::newRow("+7 from base") << "" << "+7" << false << "" << usage << "cannot go +7 up from base: only 6 revision(s) above it";
    QTest::newRow("-N beyond base") << "003" << "-3" << false << "" << usage << "cannot go -3 down from 003: only 2 revision(s) applied";
    QTest::newRow("current not in set") << "999" << "head" << false << "" << input << "the database is at revision '999', which is not in this set";
    QTest::newRow("current not in set, relative") << "0" << "-1" << false << "" << input << "not in this set";
}

void TestRevisionGraph::resolveTarget()
{
    QFETCH(QString, current);
    QFETCH(QString, target);
    QFETCH(bool, ok);
    QFETCH(QString, resolved);
    QFETCH(int, kind);
    QFETCH(QString, fragment);

    const MigrationSet set = seedChain();
    QCOMPARE(idsOf(set), (QStringList{"001", "003", "003a", "003b", "005", "002"}));
    const auto result = set.resolveTarget(test::rev(current), target);
    QCOMPARE(result.has_value(), ok);
    if (ok) {
        QCOMPARE(*result, test::rev(resolved));
        return;
    }
    QCOMPARE(int(result.error().kind), kind);
    QCOMPARE(result.error().exitCode(), 2);
    QVERIFY2(result.error().message.contains(fragment), qPrintable(result.error().message));
}

void TestRevisionGraph::uniquePrefix()
{
    const auto set = MigrationSet::fromRevisions(kSet, revisionsOf({"1a2b3c:", "1a9f00:1a2b3c", "ffee01:1a9f00"}));
    QVERIFY(set.has_value());
    QCOMPARE(set->resolveTarget({}, QStringLiteral("1a2")).value_or(test::rev(QStringLiteral("<error>"))), test::rev(QStringLiteral("1a2b3c")));
    QCOMPARE(set->resolveTarget({}, QStringLiteral("ff")).value_or(test::rev(QStringLiteral("<error>"))), test::rev(QStringLiteral("ffee01")));
    const auto ambiguous = set->resolveTarget({}, QStringLiteral("1a"));
    QVERIFY(!ambiguous.has_value());
    QVERIFY2(ambiguous.error().message.contains(QStringLiteral("ambiguous: 1a2b3c, 1a9f00")), qPrintable(ambiguous.error().message));
}

void TestRevisionGraph::plan_data()
{
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("steps"); // "up|down <revision> <from>-><to>", base shown as "base"

    QTest::newRow("nothing to do") << "005" << "005" << QStringList();
    QTest::newRow("nothing to do at base") << "" << "" << QStringList();
    QTest::newRow("base to 003") << "" << "003" << QStringList{"up 001 base->001", "up 003 001->003"};
    QTest::newRow("003 to 003b") << "003" << "003b" << QStringList{"up 003a 003->003a", "up 003b 003a->003b"};
    QTest::newRow("005 to head") << "005" << "002" << QStringList{"up 002 005->002"};
    QTest::newRow("002 down to 005") << "002" << "005" << QStringList{"down 002 002->005"};
    QTest::newRow("002 down to 003b") << "002" << "003b" << QStringList{"down 002 002->005", "down 005 005->003b"};
    QTest::newRow("003a down to base")
        << "003a" << "" << QStringList{"down 003a 003a->003", "down 003 003->001", "down 001 001->base"};
    QTest::newRow("base to head")
        << "" << "002"
        << QStringList{"up 001 base->001", "up 003 001->003", "up 003a 003->003a", "up 003b 003a->003b", "up 005 003b->005", "up 002 005->002"};
}

void TestRevisionGraph::plan()
{
    QFETCH(QString, current);
    QFETCH(QString, target);
    QFETCH(QStringList, steps);

    const MigrationSet set = seedChain();
    const auto result = set.plan(test::rev(current), test::rev(target));
    QVERIFY_RESULT(result);
    QStringList got;
    for (const PlannedStep &s : *result) {
        const bool up = s.direction == PlannedStep::Direction::Up;
        got << QStringLiteral("%1 %2 %3->%4").arg(up ? QStringLiteral("up") : QStringLiteral("down"), s.revision.id,
                                                  s.from.label(), s.to.label());
        // The step carries the whole revision, SQL and file included.
        QCOMPARE(s.revision, *set.find(test::rev(s.revision.id)));
    }
    QCOMPARE(got, steps);
}

void TestRevisionGraph::planIrreversible()
{
    QList<Revision> revisions = revisionsOf(kSeedChain);
    for (Revision &r : revisions) {
        if (r.id == QLatin1String("003a"))
            r.irreversible = true;
    }
    const auto set = MigrationSet::fromRevisions(kSet, revisions);
    QVERIFY(set.has_value());

    // Going up through it, and down to it, is fine.
    QVERIFY(set->plan({}, test::rev(QStringLiteral("002"))).has_value());
    const auto toIt = set->plan(test::rev(QStringLiteral("002")), test::rev(QStringLiteral("003a")));
    QVERIFY(toIt.has_value());
    QCOMPARE(toIt->size(), 3);

    // Going down through it is refused, naming its file and header line.
    for (const QString &target : {QStringLiteral("003"), QStringLiteral("001"), QString()}) {
        const auto through = set->plan(test::rev(QStringLiteral("002")), test::rev(target));
        QVERIFY2(!through.has_value(), qPrintable(target));
        QCOMPARE(through.error().kind, ErrorKind::Input);
        QCOMPARE(through.error().exitCode(), 2);
        QCOMPARE(through.error().file, fileOf(3, "003a")); // index 3 in kSeedChain
        QCOMPARE(through.error().line, 13);
        QVERIFY2(through.error().message.contains(QStringLiteral("revision '003a' is irreversible")), qPrintable(through.error().message));
    }
    // Also from the irreversible revision itself.
    QVERIFY(!set->plan(test::rev(QStringLiteral("003a")), test::rev(QStringLiteral("003"))).has_value());

    // Unknown current or target.
    const auto unknownCurrent = set->plan(test::rev(QStringLiteral("zzz")), test::rev(QStringLiteral("002")));
    QVERIFY(!unknownCurrent.has_value());
    QVERIFY2(unknownCurrent.error().message.contains(QStringLiteral("'zzz', which is not in this set")), qPrintable(unknownCurrent.error().message));
    const auto unknownTarget = set->plan(test::rev(QStringLiteral("001")), test::rev(QStringLiteral("zzz")));
    QVERIFY(!unknownTarget.has_value());
    QVERIFY2(unknownTarget.error().message.contains(QStringLiteral("unknown revision 'zzz'")), qPrintable(unknownTarget.error().message));
}

void TestRevisionGraph::loadBundledSet()
{
    const QString source = qEnvironmentVariable("REVISOR_SOURCE_DIR");
    QVERIFY2(!source.isEmpty(), "REVISOR_SOURCE_DIR is not set (run through ctest)");
    const QString dir = QDir(source).filePath(QStringLiteral("migrations/codebase_mcp"));
    const auto set = MigrationSet::load(dir);
    QVERIFY_RESULT(set);
    QCOMPARE(idsOf(*set), (QStringList{"001", "003", "003a", "003b", "005", "002"}));
    QCOMPARE(set->name(), QStringLiteral("codebase_mcp"));
    QCOMPARE(set->directory(), QDir(dir).absolutePath());
    QCOMPARE(set->at(1), test::rev(QStringLiteral("001")));
    QCOMPARE(set->head(), test::rev(QStringLiteral("002")));
    QVERIFY2(set->seedNames().contains(QStringLiteral("sample")), qPrintable(set->seedNames().join(u',')));
    QVERIFY2(set->seedNames().contains(QStringLiteral("scale")), qPrintable(set->seedNames().join(u',')));
    QVERIFY(QFile::exists(set->seedPath(QStringLiteral("sample"))));
    for (const Revision &r : set->revisions()) {
        QVERIFY2(QFileInfo(r.file).isAbsolute(), qPrintable(r.file));
        QVERIFY2(QFileInfo(r.file).fileName().startsWith(r.id + QLatin1Char('_')), qPrintable(r.file));
        QVERIFY2(!r.message.isEmpty(), qPrintable(r.id));
        QVERIFY2(!r.upSql.trimmed().isEmpty(), qPrintable(r.id));
        QVERIFY2(!r.downSql.trimmed().isEmpty(), qPrintable(r.id));
        QVERIFY(r.upLine > r.headerLine);
        QVERIFY(r.downLine > r.upLine);
    }
}

void TestRevisionGraph::loadTemporarySet_data()
{
    QTest::addColumn<QStringList>("files"); // alternating relative path, content; "" path = no versions/ dir
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("chain");
    QTest::addColumn<QString>("errorFile"); // relative to the set directory ("." = the set itself)
    QTest::addColumn<int>("line");
    QTest::addColumn<QStringList>("fragments"); // in toString(); "@name" = absolute path of that file

    QTest::newRow("valid, other files ignored")
        << QStringList{"versions/b.sql", revisionText("002", "001"), "versions/a.sql", revisionText("001", ""),
                       "versions/README.md", "not a revision", "seeds/demo.sql", "INSERT INTO t VALUES (1);"}
        << true << QStringList{"001", "002"} << "" << 0 << QStringList();
    QTest::newRow("no versions directory")
        << QStringList{"readme.txt", "x"} << false << QStringList() << "." << 0
        << QStringList{"not a migration set: no layout recognised", "native (a versions/ folder"};
    QTest::newRow("empty versions directory")
        << QStringList{"versions/notes.txt", "x"} << false << QStringList() << "versions" << 0 << QStringList{"no revision files"};
    QTest::newRow("file without up marker")
        << QStringList{"versions/001_ok.sql", revisionText("001", ""),
                       "versions/002_bad.sql", "-- revision: 002\n-- revises: 001\nCREATE TABLE t (id int);\n"}
        << false << QStringList() << "versions/002_bad.sql" << 1 << QStringList{"@versions/002_bad.sql:1:", "missing '-- migrate:up'"};
    QTest::newRow("file with a bad header")
        << QStringList{"versions/001_bad.sql", "-- revision: 001\n-- revises:\n-- transactional: perhaps\n-- migrate:up\n-- migrate:down\n"}
        << false << QStringList() << "versions/001_bad.sql" << 3 << QStringList{"@versions/001_bad.sql:3:", "'transactional' must be true or false"};
    QTest::newRow("duplicate ids in two files")
        << QStringList{"versions/001_a.sql", revisionText("001", ""), "versions/002_b.sql", revisionText("002", "001"),
                       "versions/002_c.sql", revisionText("002", "001")}
        << false << QStringList() << "versions/002_c.sql" << 1
        << QStringList{"duplicate revision id '002'", "@versions/002_b.sql:1", "@versions/002_c.sql"};
    QTest::newRow("unknown revises in a file")
        << QStringList{"versions/001_a.sql", revisionText("001", ""), "versions/002_b.sql", "\n\n" + revisionText("002", "0001")}
        << false << QStringList() << "versions/002_b.sql" << 3 << QStringList{"@versions/002_b.sql:3", "unknown revision '0001'"};
}

void TestRevisionGraph::loadTemporarySet()
{
    QFETCH(QStringList, files);
    QFETCH(bool, ok);
    QFETCH(QStringList, chain);
    QFETCH(QString, errorFile);
    QFETCH(int, line);
    QFETCH(QStringList, fragments);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(tmp.path());
    for (int i = 0; i + 1 < files.size(); i += 2)
        writeFile(dir.filePath(files.at(i)), files.at(i + 1));

    const auto set = MigrationSet::load(tmp.path());
    QCOMPARE(set.has_value(), ok);
    if (ok) {
        QCOMPARE(idsOf(*set), chain);
        QCOMPARE(set->seedNames(), QStringList{"demo"});
        return;
    }
    const Error &e = set.error();
    QCOMPARE(e.kind, ErrorKind::Input);
    QCOMPARE(e.exitCode(), 2);
    QCOMPARE(QDir::cleanPath(e.file), QDir::cleanPath(dir.absoluteFilePath(errorFile)));
    QCOMPARE(e.line, line);
    const QString text = e.toString();
    for (QString fragment : fragments) {
        if (fragment.startsWith(QLatin1Char('@')))
            fragment = dir.absoluteFilePath(fragment.mid(1));
        QVERIFY2(text.contains(fragment), qPrintable(QStringLiteral("'%1' not in: %2").arg(fragment, text)));
    }
}

void TestRevisionGraph::emptyRevisionList()
{
    // Regression (fixed): fromRevisions with no revisions reaches
    // revisions.first() on an empty list (the "no base revision" branch) and crashes.
    const auto set = MigrationSet::fromRevisions(kSet, {});
    QVERIFY(!set.has_value());
    QCOMPARE(set.error().kind, ErrorKind::Input);
}

void TestRevisionGraph::layoutOptions()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("versions/001.sql")), revisionText("001", ""));
    writeFile(dir.filePath(QStringLiteral("elsewhere/seeds/other.sql")), QStringLiteral("SELECT 1;"));
    writeFile(dir.filePath(QStringLiteral("elsewhere/checks/mine.json")), QStringLiteral("{}"));

    const auto detected = MigrationSet::load(tmp.path());
    QVERIFY_RESULT(detected);
    QCOMPARE(detected->format(), QStringLiteral("native"));
    QCOMPARE(detected->seedNames(), QStringList());

    SetOptions options;
    options.format = QStringLiteral("native");
    options.seedsDirectory = dir.filePath(QStringLiteral("elsewhere/seeds"));
    options.checksDirectory = dir.filePath(QStringLiteral("elsewhere/checks"));
    const auto pointed = MigrationSet::load(tmp.path(), options);
    QVERIFY_RESULT(pointed);
    QCOMPARE(pointed->seedNames(), QStringList{"other"});
    QCOMPARE(pointed->seedPath(QStringLiteral("other")), dir.filePath(QStringLiteral("elsewhere/seeds/other.sql")));
    QCOMPARE(pointed->checkFiles(), QStringList{dir.filePath(QStringLiteral("elsewhere/checks/mine.json"))});

    options.format = QStringLiteral("liquibase");
    const auto unknown = MigrationSet::load(tmp.path(), options);
    QVERIFY(!unknown.has_value());
    QCOMPARE(unknown.error().kind, ErrorKind::Usage);
    QVERIFY2(unknown.error().message.contains(QStringLiteral("unknown format 'liquibase' (known: native")), qPrintable(unknown.error().message));
}

QTEST_GUILESS_MAIN(TestRevisionGraph)
#include "tst_revisiongraph.moc"
