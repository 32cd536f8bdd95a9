// diffSnapshotFiles() against the full read: for every pair of files (hand-made cross-object
// cases, randomly mutated snapshots, malformed files), the same diff (text, JSON, emptiness:
// the exit code) or the same error as diffSnapshots() of readSnapshotFiles().
#include "schema/snapshotfiles.h"

#include "schema/jsonreader.h"

#include "builders.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace revisor;

namespace {

using test::column;
using test::tableOf;
using test::why;
using test::table;

Sequence sequence(const QString &name, const QString &ownedBy = {})
{
    Sequence s;
    s.schema = QStringLiteral("public");
    s.name = name;
    s.type = QStringLiteral("bigint");
    s.start = s.increment = s.minValue = s.cache = QStringLiteral("1");
    s.maxValue = QStringLiteral("9223372036854775807");
    s.ownedBy = ownedBy;
    return s;
}

CatalogObject object(const QString &kind, const QString &name, const QString &tableName = {})
{
    CatalogObject o{kind, name, tableName.isEmpty() ? QString() : QStringLiteral("public"), tableName, {}};
    o.attributes = {CatalogAttribute{QStringLiteral("definition"), QStringLiteral("%1 %2").arg(kind, name)}};
    return o;
}

// Table t<i> with a serial id (sequence t<i>_id_seq), and every fourth with a rule.
void addTable(Snapshot &s, int i)
{
    const QString name = QStringLiteral("t%1").arg(i);
    Table t = table(name, {column(QStringLiteral("id"), 1, QStringLiteral("bigint"), true,
                                  QStringLiteral("nextval('%1_id_seq'::regclass)").arg(name)),
                           column(QStringLiteral("note"), 2, QStringLiteral("text"))});
    t.constraints = {Constraint{name + QStringLiteral("_pkey"), QStringLiteral("primary key"), QStringLiteral("PRIMARY KEY (id)"), true, false, false, {}}};
    t.indexes = {Index{name + QStringLiteral("_pkey"), QStringLiteral("CREATE UNIQUE INDEX %1_pkey ON public.%1 USING btree (id)").arg(name), true, true, true, {}, {}}};
    // Names that need escapes in JSON: a quote, and a backslash right before a closing quote.
    if (i % 5 == 3)
        t.comment = QStringLiteral("say \"hi\" \\");
    s.tables << t;
    s.sequences << sequence(name + QStringLiteral("_id_seq"), QStringLiteral("public.%1.id").arg(name));
    if (i % 4 == 1)
        s.objects << object(QStringLiteral("rule"), QStringLiteral("public.%1.r").arg(name), name);
}

Snapshot base(int tables = 8)
{
    Snapshot s;
    s.serverVersion = QStringLiteral("15.8");
    s.capturedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    s.schemas = {SchemaInfo{QStringLiteral("app"), QStringLiteral("postgres"), {}, {}},
                 SchemaInfo{QStringLiteral("public"), QStringLiteral("pg_database_owner"), {}, QStringLiteral("standard public schema")}};
    s.extensions = {Extension{QStringLiteral("plpgsql"), QStringLiteral("1.0"), QStringLiteral("pg_catalog")}};
    TypeDef mood;
    mood.schema = QStringLiteral("public");
    mood.name = QStringLiteral("mood");
    mood.kind = QStringLiteral("enum");
    mood.elements = {QStringLiteral("sad"), QStringLiteral("happy")};
    s.types = {mood};
    s.functions = {test::triggerFunction(QStringLiteral("touch"))};
    Function overload = test::triggerFunction(QStringLiteral("touch"));
    overload.arguments = QStringLiteral("integer");
    s.functions << overload;
    for (int i = 0; i < tables; ++i)
        addTable(s, i);
    s.sequences << sequence(QStringLiteral("free_seq"));
    s.objects << object(QStringLiteral("publication"), QStringLiteral("pub"));
    return s;
}

template <typename T>
void removeNamed(QList<T> &list, const QString &name)
{
    list.removeIf([&](const T &item) { return item.name == name; });
}

// A random change to every list, from drops, additions and changes of single elements.
void mutate(Snapshot &s, QRandomGenerator &random)
{
    const auto chance = [&](int percent) { return int(random.bounded(100)) < percent; };
    if (chance(20))
        s.schemas[0].comment = QStringLiteral("changed");
    if (chance(15))
        s.schemas << SchemaInfo{QStringLiteral("extra"), QStringLiteral("postgres"), {}, {}};
    if (chance(15))
        s.extensions.clear();
    if (chance(15))
        s.extensions << Extension{QStringLiteral("vector"), QStringLiteral("0.5.1"), QStringLiteral("public")};
    if (chance(20))
        s.types[0].elements << QStringLiteral("angry");
    if (chance(15))
        s.functions.removeLast();
    if (chance(20))
        s.functions[0].definition += QStringLiteral("-- changed\n");
    const int tables = int(s.tables.size());
    for (int n = int(random.bounded(4)); n > 0; --n) {
        const QString name = s.tables[random.bounded(tables)].name;
        switch (random.bounded(6)) {
        case 0: // the table goes, and its sequence and rule with it, or not
            removeNamed(s.tables, name);
            if (chance(70))
                removeNamed(s.sequences, name + QStringLiteral("_id_seq"));
            if (chance(70))
                s.objects.removeIf([&](const CatalogObject &o) { return o.tableName == name; });
            return;
        case 1:
            tableOf(s, name).comment = QStringLiteral("changed %1").arg(random.generate());
            break;
        case 2:
            tableOf(s, name).columns << column(QStringLiteral("extra"), 3, QStringLiteral("text"));
            break;
        case 3:
            for (Sequence &q : s.sequences) {
                if (q.name == name + QStringLiteral("_id_seq"))
                    q.cache = QStringLiteral("20");
            }
            break;
        case 4: // a rule on a table both sides have
            s.objects << object(QStringLiteral("rule"), QStringLiteral("public.%1.r2").arg(name), name);
            break;
        default:
            tableOf(s, name).indexes.clear();
            break;
        }
    }
    if (chance(30))
        addTable(s, 100 + int(random.bounded(5)));
    if (chance(15))
        std::swap(s.tables.first(), s.tables.last());   // order alone is no difference
    if (chance(10))
        s.sequences.removeLast();
}

void write(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// The same answer as the full read, or the same error.
void compareWithFullRead(const QString &a, const QString &b)
{
    const auto full = readSnapshotFiles(a, b);
    const auto pruned = diffSnapshotFiles(a, b);
    if (!full) {
        QVERIFY2(!pruned, why(full).constData());
        QCOMPARE(pruned.error().toString(), full.error().toString());
        QCOMPARE(pruned.error().exitCode(), full.error().exitCode());
        return;
    }
    QVERIFY2(pruned.has_value(), why(pruned).constData());
    const SchemaDiff expected = diffSnapshots(full->first, full->second);
    QCOMPARE(pruned->toText(), expected.toText());
    QCOMPARE(pruned->toJson(), expected.toJson());
    QCOMPARE(pruned->isEmpty(), expected.isEmpty());
}

void comparePair(const Snapshot &before, const Snapshot &after)
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json"));
    for (const auto &[layoutA, layoutB] : {std::pair{SnapshotLayout::Compact, SnapshotLayout::Compact},
                                          std::pair{SnapshotLayout::Pretty, SnapshotLayout::Pretty},
                                          std::pair{SnapshotLayout::Pretty, SnapshotLayout::Compact}}) {
        write(a, snapshotText(before, layoutA));
        write(b, snapshotText(after, layoutB));
        compareWithFullRead(a, b);
        if (QTest::currentTestFailed())
            return;
    }
}

using Mutation = std::function<void(Snapshot &)>;

// A random JSON object or array, rich in what a bracket scan can trip on: brackets and quotes
// inside strings, runs of backslashes (odd and even) before a quote, strings longer than a
// block of the scan, deep nesting, whitespace.
QByteArray randomValue(QRandomGenerator &random, int depth)
{
    const auto stringValue = [&] {
        static const char *pieces[] = {"a", "name", "{", "}", "[", "]", "\\\"", "\\\\", "\\\\\\\"", "\\u00e9", "\\n", ",", ":", " ", "\xc3\xa9"};
        QByteArray out = "\"";
        const int length = random.bounded(random.bounded(8) == 0 ? 200 : 12);
        for (int i = 0; i < length; ++i)
            out += pieces[random.bounded(int(std::size(pieces)))];
        return out + '"';
    };
    const auto scalar = [&]() -> QByteArray {
        switch (random.bounded(5)) {
        case 0: return "true";
        case 1: return "null";
        case 2: return QByteArray::number(random.bounded(100000) - 500);
        default: return stringValue();
        }
    };
    const bool object = random.bounded(2) == 0;
    const QByteArray space = random.bounded(4) == 0 ? "\n  " : "";
    QByteArray out = object ? "{" : "[";
    const int items = random.bounded(depth > 4 ? 3 : 7);
    for (int i = 0; i < items; ++i) {
        if (i > 0)
            out += ',' + space;
        if (object)
            out += stringValue() + ':' + space;
        out += depth < 7 && random.bounded(3) == 0 ? randomValue(random, depth + 1) : scalar();
    }
    return out + space + (object ? "}" : "]");
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestSnapshotFiles : public QObject
{
    Q_OBJECT

private slots:
    void crossObject_data();
    void crossObject();
    void randomMutations();
    void malformed_data();
    void malformed();
    void skimEndsWhereTheValueEnds();
    void brokenSharedElements();
};

// The cases where the diff looks beyond a pair of elements: which tables each side has.
void TestSnapshotFiles::crossObject_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::newRow("identical") << Mutation([](Snapshot &) {});
    QTest::newRow("table and its serial sequence dropped") << Mutation([](Snapshot &s) {
        removeNamed(s.tables, QStringLiteral("t2"));
        removeNamed(s.sequences, QStringLiteral("t2_id_seq"));
    });
    QTest::newRow("table dropped, its sequence kept") << Mutation([](Snapshot &s) { removeNamed(s.tables, QStringLiteral("t2")); });
    QTest::newRow("sequence dropped, its table kept (and identical)")
        << Mutation([](Snapshot &s) { removeNamed(s.sequences, QStringLiteral("t3_id_seq")); });
    QTest::newRow("table with sequence and rule added") << Mutation([](Snapshot &s) { addTable(s, 9); });
    QTest::newRow("rule of an identical table added")
        << Mutation([](Snapshot &s) { s.objects << object(QStringLiteral("rule"), QStringLiteral("public.t0.r9"), QStringLiteral("t0")); });
    QTest::newRow("rule of an identical table dropped")
        << Mutation([](Snapshot &s) { s.objects.removeIf([](const CatalogObject &o) { return o.tableName == QLatin1String("t1"); }); });
    QTest::newRow("table with rule dropped") << Mutation([](Snapshot &s) {
        removeNamed(s.tables, QStringLiteral("t5"));
        s.objects.removeIf([](const CatalogObject &o) { return o.tableName == QLatin1String("t5"); });
    });
    QTest::newRow("rule of a table that does not exist")
        << Mutation([](Snapshot &s) { s.objects << object(QStringLiteral("rule"), QStringLiteral("public.gone.r"), QStringLiteral("gone")); });
    QTest::newRow("tables reordered") << Mutation([](Snapshot &s) { std::reverse(s.tables.begin(), s.tables.end()); });
    // A key twice in one list: the pairing depends on more than the keys (read in full).
    QTest::newRow("duplicate table") << Mutation([](Snapshot &s) {
        Table twin = s.tables[1];
        twin.comment = QStringLiteral("twin");
        s.tables.prepend(twin);
    });
    QTest::newRow("duplicate identical table") << Mutation([](Snapshot &s) { s.tables << s.tables[0]; });
}

void TestSnapshotFiles::crossObject()
{
    QFETCH(Mutation, mutation);
    Snapshot after = base();
    mutation(after);
    comparePair(base(), after);
    if (QTest::currentTestFailed())
        return;
    comparePair(after, base());
}

void TestSnapshotFiles::randomMutations()
{
    QRandomGenerator random(20261202);
    for (int i = 0; i < 150; ++i) {
        Snapshot before = base(12), after = base(12);
        mutate(before, random);
        mutate(after, random);
        comparePair(before, after);
        if (QTest::currentTestFailed()) {
            qWarning("random pair %d", i);
            return;
        }
    }
}

// A file the reader refuses is refused with the same error, also where the fault is inside an
// element both files hold byte for byte (the diff never needs it, but the file is broken).
void TestSnapshotFiles::malformed_data()
{
    QTest::addColumn<QByteArray>("from");    // replaced in both files' compact text...
    QTest::addColumn<QByteArray>("to");      // ...by this
    QTest::addColumn<bool>("bothFiles");     // else only in B
    const QByteArray rowSecurity = R"("rowSecurity":false)";
    QTest::newRow("type error in a shared table") << rowSecurity << QByteArray(R"("rowSecurity":"no")") << true;
    QTest::newRow("type error in a nested list") << QByteArray(R"("position":2)") << QByteArray(R"("position":"2")") << true;
    QTest::newRow("syntax error in a shared table") << rowSecurity << QByteArray(R"("rowSecurity":fals)") << true;
    QTest::newRow("bracket mismatch in a shared table") << rowSecurity << QByteArray(R"("rowSecurity":[false})") << true;
    QTest::newRow("control character in a shared string") << QByteArray("standard public schema") << QByteArray("standard\npublic schema") << true;
    QTest::newRow("list given twice, a fault in the first") << QByteArray(R"("types":[{)") << QByteArray(R"("types":[{"name":1}],"types":[{)") << true;
    QTest::newRow("list given twice, syntax fault in the first") << QByteArray(R"("types":[{)") << QByteArray(R"("types":[{"name":"a":1}],"types":[{)") << true;
    QTest::newRow("element not an object") << QByteArray(R"("types":[{)") << QByteArray(R"("types":[1,{)") << true;
    QTest::newRow("wrong format") << QByteArray("revisor-snapshot/1") << QByteArray("revisor-snapshot/9") << false;
    QTest::newRow("bad capturedAt") << QByteArray("2024-05-01T12:00:00") << QByteArray("yesterday") << false;
    const QByteArray end = R"("schema":"public"}]})";   // the types, last in the file
    QTest::newRow("truncated") << end << QByteArray(R"("schema":"public"}])") << false;
    QTest::newRow("unterminated string") << end << QByteArray(R"("schema":"public}]})") << false;
    QTest::newRow("garbage after") << end << QByteArray(R"("schema":"public"}]}}x)") << false;
    QTest::newRow("tables not a list") << QByteArray(R"("tables":[)") << QByteArray(R"("tables":{"x":[)") << false;
}

void TestSnapshotFiles::malformed()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(bool, bothFiles);
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json"));
    Snapshot after = base();
    after.tables[0].comment = QStringLiteral("changed");
    const QByteArray textA = snapshotText(base(), SnapshotLayout::Compact), textB = snapshotText(after, SnapshotLayout::Compact);
    QVERIFY2(textB.contains(from), textB.constData());
    write(a, bothFiles ? QByteArray(textA).replace(from, to) : textA);
    write(b, QByteArray(textB).replace(from, to));
    QVERIFY(!readSnapshotFiles(a, b));
    compareWithFullRead(a, b);
    compareWithFullRead(b, a);
    compareWithFullRead(a, dir.filePath(QStringLiteral("missing.json")));
}

// An element both files hold byte for byte is only checked, by a check of its own, not read:
// it must refuse whatever the reader refuses. Both files get the same damage at the same place
// (so the element stays shared), in a table's nested lists and values: whatever the reader
// makes of it, the file diff says the same (the same diff, or the same error).
void TestSnapshotFiles::brokenSharedElements()
{
    Snapshot changed = base();
    changed.tables[0].comment = QStringLiteral("changed");
    Snapshot before = base();
    before.tables[1].columns[0].defaultExpr = QStringLiteral(R"(the "quoted" \ default é)");
    before.tables[1].inherits = {QStringLiteral("public.parent"), QStringLiteral("public.other")};
    changed.tables[1] = before.tables[1];
    const QByteArray textA = snapshotText(before, SnapshotLayout::Compact), textB = snapshotText(changed, SnapshotLayout::Compact);
    // Damage lands in table 1, shared by both files, at the same offset from its start.
    const QByteArray marker = R"({"columns":[)";
    const qsizetype startA = textA.indexOf(marker, textA.indexOf(marker) + 1), startB = textB.indexOf(marker, textB.indexOf(marker) + 1);
    const qsizetype length = textA.indexOf(R"(,{"columns":[)", startA) - startA;
    QVERIFY(startA > 0 && startB > 0 && length > 100);
    QCOMPARE(textA.mid(startA, length), textB.mid(startB, length));
    static const char *damage[] = {"\"", "\\", "\\u", "\\ud800", "\\u00e9", "\\q", "1.5", "-", "-1", "1e3", "null", "true", "fals",
                                   "[", "]", "{", "}", ",", ":", " ", "\n", "\t", "\x01", "\"x\":1,", "\"x\":[1],", "[]", "{}", "\"\"", "0", "07"};
    QRandomGenerator random(20261204);
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json"));
    int refused = 0;
    // Where each member's value starts and ends: half the damage replaces a whole value by one
    // of another kind (a string where a number belongs, an array of numbers where one of
    // objects does...), the other half cuts and inserts bytes anywhere.
    QList<std::pair<qsizetype, qsizetype>> values;
    for (qsizetype i = 0; i + 1 < length; ++i) {
        if (textA[startA + i] != '"' || textA[startA + i + 1] != ':')
            continue;
        json::Reader value(QByteArrayView(textA).sliced(startA + i + 2));
        const char *begin = value.position();
        QVERIFY(value.skip());
        values << std::pair{i + 2, qsizetype(value.position() - begin)};
    }
    QVERIFY(values.size() > 20);
    static const char *kinds[] = {"\"\"", "\"x\"", "0", "-3", "1.5", "true", "false", "null", "[]", "[\"\"]", "[1]", "[null]",
                                  "[{}]", "{}", "[{\"name\":1}]", "[{\"name\":\"n\",\"position\":\"1\"}]", "[[]]"};
    for (int i = 0; i < 1200; ++i) {
        qsizetype at = random.bounded(length), cut = random.bounded(3);
        QByteArray with = damage[random.bounded(int(std::size(damage)))];
        if (random.bounded(2) == 0) {
            std::tie(at, cut) = values[random.bounded(int(values.size()))];
            with = kinds[random.bounded(int(std::size(kinds)))];
        }
        write(a, QByteArray(textA).replace(startA + at, cut, with));
        write(b, QByteArray(textB).replace(startB + at, cut, with));
        compareWithFullRead(a, b);
        if (QTest::currentTestFailed()) {
            qWarning("damage %d: %lld bytes at %lld replaced by %s", i, qlonglong(cut), qlonglong(at), with.constData());
            return;
        }
        refused += readSnapshotFiles(a, b) ? 0 : 1;
    }
    // Both kinds were seen: damage the reader takes, and damage it refuses.
    QVERIFY2(refused > 200 && refused < 1100, QByteArray::number(refused).constData());
}

// The scan that finds each element of a file's lists by its brackets ends where the full
// reader ends the same value, wherever the value starts in memory (the scan reads blocks of 64
// bytes) and whatever follows it; a value cut short is refused.
void TestSnapshotFiles::skimEndsWhereTheValueEnds()
{
    QRandomGenerator random(20261203);
    for (int i = 0; i < 3000; ++i) {
        const QByteArray value = randomValue(random, 0);
        const QByteArray before = QByteArray(random.bounded(70), ' ');
        const QByteArray after = random.bounded(2) == 0 ? QByteArray() : QByteArray(",{\"x\":\"]}\"}]");
        const QByteArray text = before + value + after;
        json::Reader full(text);
        QVERIFY2(full.skip() && full.syntaxOk(), value.constData());
        json::Reader scan(text);
        QCOMPARE(scan.peek(), value.startsWith('{') ? json::Reader::Kind::Object : json::Reader::Kind::Array);
        QByteArrayView bytes;
        QVERIFY2(scan.skim(bytes), value.constData());
        QCOMPARE(bytes, QByteArrayView(value));
        QCOMPARE(scan.position(), full.position());
        const QByteArray prefix = text.left(before.size() + random.bounded(value.size()));
        json::Reader cut(prefix);
        cut.peek();
        QVERIFY2(!cut.skim(bytes), value.constData());
    }
    // An escaped quote or backslash at every offset from the start of a block: the escape
    // carries over from one block of 64 bytes into the next.
    for (const QByteArray &escape : {QByteArray(R"(\")"), QByteArray(R"(\\)"), QByteArray(R"(\\\")")}) {
        for (int at = 0; at < 140; ++at) {
            const QByteArray value = R"({"k":[")" + QByteArray(at, 'a') + escape + QByteArray(80, 'b') + R"("],"l":"}"})";
            const QByteArray text = value + R"(,{"m":1})";
            json::Reader scan(text);
            scan.peek();
            QByteArrayView bytes;
            QVERIFY2(scan.skim(bytes), value.constData());
            QCOMPARE(bytes, QByteArrayView(value));
        }
    }
}

QTEST_GUILESS_MAIN(TestSnapshotFiles)
#include "tst_snapshotfiles.moc"
