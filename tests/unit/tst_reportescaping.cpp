// Reports and the terminal summary with hostile names: identifiers, check ids, key values and
// server messages can hold quotes, pipes, backticks, code fences, HTML, newlines, terminal
// escapes and bidirectional overrides. None of them may change the structure of the output.
#include "report/reports.h"
#include "core/textescape.h"

#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

using namespace revisor;

namespace {

const QString Esc = QStringLiteral("\x1b");
const QString RtlOverride = QString(QChar(0x202E));

// Everything at once: markup of every output kind, a line break that would start a new line
// "NEWLINE...", terminal colour codes, an RTL override and QString::arg placeholders.
QString hostile(const QString &tag)
{
    return tag + QStringLiteral(" q'\"|a`b``` ```\n[click](https://evil.example) ![img](https://evil.example/i.png)\n```"
                                "<script>alert(1)</script>\nNEWLINE \x1b[31mred\x1b[0m ")
        + RtlOverride + QStringLiteral("gnp.exe %1%2 back\\slash |");
}

RehearsalResult hostileResult()
{
    RehearsalResult r;
    r.setName = hostile(QStringLiteral("set"));
    r.setDirectory = hostile(QStringLiteral("dir"));
    r.database = hostile(QStringLiteral("db"));
    r.serverVersion = hostile(QStringLiteral("version"));
    r.baselineRevision = RevisionRef(hostile(QStringLiteral("base")));
    r.targetRevision = RevisionRef(hostile(QStringLiteral("target")));
    r.finalRevision = RevisionRef(hostile(QStringLiteral("final")));
    r.seed = hostile(QStringLiteral("seed"));
    r.seedParameters.insert(hostile(QStringLiteral("pkey")), hostile(QStringLiteral("pvalue")));

    StepResult step;
    step.revision = hostile(QStringLiteral("rev"));
    step.from = RevisionRef(hostile(QStringLiteral("from")));
    step.to = RevisionRef(hostile(QStringLiteral("to")));
    step.message = hostile(QStringLiteral("message"));
    step.locks.append({hostile(QStringLiteral("lockedtable")), QStringLiteral("table"), QStringLiteral("AccessExclusiveLock")});
    r.phases.append({hostile(QStringLiteral("phase")), {step}, 12.5});

    for (const auto status : {CheckResult::Status::Fail, CheckResult::Status::Warn, CheckResult::Status::Skip, CheckResult::Status::Pass}) {
        CheckResult c;
        c.status = status;
        c.id = hostile(QStringLiteral("id"));
        c.title = hostile(QStringLiteral("title"));
        c.detail = hostile(QStringLiteral("detail"));
        c.origin = hostile(QStringLiteral("origin"));
        r.checks.append(c);
    }

    TableComparison t;
    t.table = hostile(QStringLiteral("table"));
    t.rowsBefore = 1;
    t.rowsAfter = 1;
    t.fingerprintBefore = QStringLiteral("a");
    t.fingerprintAfter = QStringLiteral("b");
    t.changedRowCount = 1;
    t.changedRows.append({RowChange::Kind::Changed, hostile(QStringLiteral("key")), {hostile(QStringLiteral("column"))}});
    t.note = hostile(QStringLiteral("note"));
    r.tables.append(t);
    r.rowsUpgraded.insert(t.table, 1);

    DiffEntry e;
    e.change = DiffEntry::Change::Changed;
    e.objectKind = QStringLiteral("column");
    e.name = hostile(QStringLiteral("diffname"));
    e.attribute = hostile(QStringLiteral("attribute"));
    e.before = hostile(QStringLiteral("before"));
    e.after = QStringLiteral("after");
    r.upgradeDiff.entries.append(e);
    r.rollbackDiff.entries.append(e);

    Error error = Error::database(hostile(QStringLiteral("servermessage")), QStringLiteral("XX000"));
    error.detail = hostile(QStringLiteral("serverdetail"));
    r.error = error;
    return r;
}

// Text a Markdown renderer shows outside fenced code blocks, and the content of the blocks,
// split the way CommonMark does: a block closes only at a line of at least as many backticks.
struct MarkdownParts
{
    QStringList outside;
    QStringList blocks;
    bool unclosed = false;
};

MarkdownParts splitMarkdown(const QString &md)
{
    static const QRegularExpression opening(QStringLiteral("^(`{3,})[^`]*$"));
    MarkdownParts parts;
    int fence = 0;
    QString block;
    for (const QString &line : md.split(QLatin1Char('\n'))) {
        if (fence == 0) {
            const auto m = opening.match(line);
            if (m.hasMatch()) {
                fence = int(m.capturedLength(1));
                block.clear();
            } else {
                parts.outside << line;
            }
            continue;
        }
        const QString trimmed = line.trimmed();
        if (trimmed.size() >= fence && trimmed == QString(trimmed.size(), QLatin1Char('`'))) {
            parts.blocks << block;
            fence = 0;
        } else {
            block += line + QLatin1Char('\n');
        }
    }
    parts.unclosed = fence != 0;
    return parts;
}

// Occurrences of `c` that act as Markdown: not escaped by an odd number of backslashes.
int unescaped(const QString &text, QChar c)
{
    int count = 0;
    int backslashes = 0;
    for (const QChar ch : text) {
        if (ch == c && backslashes % 2 == 0)
            ++count;
        backslashes = ch == QLatin1Char('\\') ? backslashes + 1 : 0;
    }
    return count;
}

void verifyNoRawControls(const QString &text)
{
    QVERIFY2(!text.contains(Esc), "a raw ESC reaches the output");
    QVERIFY2(!text.contains(RtlOverride), "a raw RTL override reaches the output");
    QVERIFY2(!text.contains(QLatin1Char('\r')), "a raw carriage return reaches the output");
}

} // namespace

class TestReportEscaping : public QObject
{
    Q_OBJECT

private slots:
    void markdown()
    {
        const QString md = QString::fromUtf8(markdownReport(hostileResult()));
        verifyNoRawControls(md);
        QVERIFY(md.contains(QStringLiteral("\\u001B[31m")));
        QVERIFY(md.contains(QStringLiteral("\\u202E")));

        const MarkdownParts parts = splitMarkdown(md);
        QVERIFY2(!parts.unclosed, qPrintable(md));
        QCOMPARE(parts.blocks.size(), 2); // the two schema diffs, each one block
        for (const QString &block : parts.blocks) {
            QVERIFY2(block.contains(QStringLiteral("diffname")) && block.contains(QStringLiteral("[click](")), qPrintable(block));
            for (const QString &line : block.split(QLatin1Char('\n')))
                QVERIFY2(!line.startsWith(QLatin1String("NEWLINE")), qPrintable(block));
        }

        const QString outside = parts.outside.join(QLatin1Char('\n'));
        // The only HTML is the report's own line breaks; the seed's code span (on the Baseline
        // line, checked in markdownSeedCodeSpan) shows its text as it is.
        for (const QString &line : parts.outside) {
            if (!line.startsWith(QLatin1String("Baseline")))
                QVERIFY2(unescaped(line, QLatin1Char('<')) == line.count(QStringLiteral("<br>")), qPrintable(line));
        }
        // A link or an image needs an unescaped "](" right after its text.
        static const QRegularExpression linkTarget(QStringLiteral("(?<!\\\\)(?:\\\\\\\\)*\\]\\("));
        for (const QString &line : parts.outside) {
            if (!line.startsWith(QLatin1String("Baseline")))
                QVERIFY2(!linkTarget.match(line).hasMatch(), qPrintable(line));
        }
        QVERIFY2(outside.contains(QStringLiteral("[click\\](")), qPrintable(outside));
        QVERIFY2(outside.contains(QStringLiteral("%1%2")), "QString::arg placeholders in names were substituted");
        int separators = -1; // per table: every row has as many cell separators as its header
        for (const QString &line : parts.outside) {
            QVERIFY2(!line.startsWith(QLatin1String("NEWLINE")), qPrintable(line));
            if (!line.startsWith(QLatin1Char('|'))) {
                separators = -1;
                continue;
            }
            if (separators < 0)
                separators = unescaped(line, QLatin1Char('|'));
            QVERIFY2(unescaped(line, QLatin1Char('|')) == separators, qPrintable(line));
        }
        // No backtick run outside a block may open an inline code span that swallows a cell.
        for (const QString &line : parts.outside)
            QVERIFY2(unescaped(line, QLatin1Char('`')) == 0 || line.startsWith(QLatin1String("Baseline")), qPrintable(line));
    }

    void markdownSeedInTheHeader()
    {
        // The seed is a cell of the header table: its backticks are escaped, not a code span
        // that would swallow the rest of the row.
        RehearsalResult r;
        r.seed = QStringLiteral("a``b`");
        const QString md = QString::fromUtf8(markdownReport(r));
        QVERIFY2(md.contains(QStringLiteral("| Seed | a\\`\\`b\\` |")), qPrintable(md));
        r.seed = QStringLiteral("sample");
        QVERIFY(QString::fromUtf8(markdownReport(r)).contains(QStringLiteral("| Seed | sample |")));
    }

    void junit()
    {
        const QByteArray xml = junitReport(hostileResult());
        verifyNoRawControls(QString::fromUtf8(xml));
        QXmlStreamReader reader(xml);
        int testcases = 0;
        QString name;
        while (!reader.atEnd()) {
            reader.readNext();
            if (reader.isStartElement() && reader.name() == QLatin1String("testcase")) {
                ++testcases;
                name = reader.attributes().value(QStringLiteral("name")).toString();
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString() + QLatin1Char('\n') + QString::fromUtf8(xml)));
        QCOMPARE(testcases, 4);
        // The markup is the writer's to escape: it reads back as text.
        QVERIFY2(name.contains(QStringLiteral("<script>alert(1)</script>")), qPrintable(name));
        QVERIFY2(name.contains(QStringLiteral("\\u001B[31m")), qPrintable(name));
    }

    void terminalSummary()
    {
        const QString text = summaryText(hostileResult());
        verifyNoRawControls(text);
        QVERIFY(text.contains(QStringLiteral("\\u001B[31m")));
        QVERIFY(text.contains(QStringLiteral("%1%2")));
        for (const QString &line : text.split(QLatin1Char('\n')))
            QVERIFY2(!line.startsWith(QLatin1String("NEWLINE")), qPrintable(text));
        // Every line the summary writes starts with its indentation: none comes from a name.
        for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            QVERIFY2(line.startsWith(QLatin1String("  ")) || line.startsWith(QLatin1String("Revisor rehearsal of")), qPrintable(line));
    }

    void controlsShown_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("ESC") << QStringLiteral("a\x1b[31mb") << QStringLiteral("a\\u001B[31mb");
        QTest::newRow("CR, BEL, DEL") << QStringLiteral("a\r\x07\x7f") << QStringLiteral("a\\u000D\\u0007\\u007F");
        QTest::newRow("C1 CSI") << QStringLiteral("a") + QChar(0x9b) << QStringLiteral("a\\u009B");
        QTest::newRow("RTL override") << QString(QChar(0x202E)) << QStringLiteral("\\u202E");
        QTest::newRow("isolates") << QString(QChar(0x2066)) + QChar(0x2069) << QStringLiteral("\\u2066\\u2069");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
        QTest::newRow("newline and tab kept") << QStringLiteral("a\n\tb") << QStringLiteral("a\n\tb");
        QTest::newRow("ordinary text") << QStringLiteral("public.repositories project_id 'default' é ✅") << QStringLiteral("public.repositories project_id 'default' é ✅");
    }
    void controlsShown()
    {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        QCOMPARE(visibleControls(text), shown);
        QCOMPARE(xmlText(text), shown);
        QCOMPARE(plainLine(text), QString(shown).replace(QLatin1Char('\n'), QStringLiteral("\\n")));
    }

    void markdownCodeBlockOutlastsItsContent()
    {
        QCOMPARE(markdownCodeBlock(QStringLiteral("diff"), QStringLiteral("+ table t\n")), QStringLiteral("```diff\n+ table t\n```\n"));
        QCOMPARE(markdownCodeBlock(QStringLiteral("diff"), QStringLiteral("a ````` b")), QStringLiteral("``````diff\na ````` b\n``````\n"));
    }

    void ordinaryTextIsUnchanged()
    {
        RehearsalResult r;
        r.setName = QStringLiteral("codebase_mcp");
        r.seed = QStringLiteral("sample");
        CheckResult c;
        c.id = QStringLiteral("V1.3");
        c.title = QStringLiteral("project_id columns removed (public.repositories, public.code_chunks)");
        c.detail = QStringLiteral("public.repositories.project_id: absent\nrows: 3 -> 3");
        r.checks.append(c);
        const QString md = QString::fromUtf8(markdownReport(r));
        QVERIFY2(md.contains(QStringLiteral("| ✅ pass | V1.3 | project_id columns removed (public.repositories, public.code_chunks) | "
                                            "public.repositories.project_id: absent<br>rows: 3 -> 3 |")),
                 qPrintable(md));
        QVERIFY2(summaryText(r).contains(QStringLiteral("[pass] V1.3                project_id columns removed")), qPrintable(summaryText(r)));
    }
};

QTEST_GUILESS_MAIN(TestReportEscaping)
#include "tst_reportescaping.moc"
