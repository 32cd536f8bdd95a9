#include "reports.h"

#include "report/hazardsections.h"
#include "report/sarif.h"
#include "report/timingsections.h"
#include "report/reportheader.h"
#include "report/reporthtml.h"
#include "report/reportpdf.h"
#include "core/textescape.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QXmlStreamWriter>

namespace revisor {

namespace {

QString statusMark(CheckResult::Status s)
{
    switch (s) {
    case CheckResult::Status::Pass: return QStringLiteral("✅ pass");
    case CheckResult::Status::Fail: return QStringLiteral("❌ FAIL");
    case CheckResult::Status::Warn: return QStringLiteral("⚠️ warn");
    case CheckResult::Status::Skip: return QStringLiteral("➖ skip");
    }
    return {};
}

// A diff as a Markdown code block. Names and attributes stay on their line however they are
// spelled, so that a name cannot pass for a diff line of its own; values may span lines.
QString diffBlock(const SchemaDiff &diff)
{
    SchemaDiff shown = diff;
    for (DiffEntry &e : shown.entries) {
        e.objectKind = plainLine(e.objectKind);
        e.name = plainLine(e.name);
        e.attribute = plainLine(e.attribute);
    }
    return markdownCodeBlock(QStringLiteral("diff"), shown.toText());
}

// The causes of one diff entry on one line: "created by 002 up at versions/002_x.sql:241
// (CREATE INDEX extra_idx ...); dropped by ...".
QString causeLine(const QList<DiffCause> &causes)
{
    if (causes.isEmpty())
        return QStringLiteral("no statement of the round trip names this object");
    QStringList parts;
    for (const DiffCause &c : causes)
        parts << QStringLiteral("%1 (%2)").arg(c.text(), c.statement);
    return parts.join(QStringLiteral("; "));
}

// The rollback's differences with their causes, as lines of plain text.
QStringList causeLines(const RehearsalResult &r)
{
    QStringList lines;
    for (qsizetype i = 0; i < r.rollbackDiff.entries.size() && i < r.rollbackCauses.size(); ++i)
        lines << QStringLiteral("%1: %2").arg(r.rollbackDiff.entries.at(i).toText().section(QLatin1Char('\n'), 0, 0), causeLine(r.rollbackCauses.at(i)));
    return lines;
}

} // namespace

QByteArray jsonReport(const RehearsalResult &result)
{
    return QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
}

QByteArray junitReport(const RehearsalResult &result)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("revisor.%1").arg(xmlText(result.setName)));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(result.checks.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(result.count(CheckResult::Status::Fail)));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(result.count(CheckResult::Status::Skip)));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), QString::number(result.scenarioMs / 1000.0, 'f', 3));
    xml.writeAttribute(QStringLiteral("timestamp"), result.startedAt.toString(Qt::ISODate));
    xml.writeStartElement(QStringLiteral("properties"));
    // What the report describes, the budgets it was judged against, and the verdict's cause.
    QList<std::pair<QString, QString>> props{{QStringLiteral("headline"), result.headline()},
                                             {QStringLiteral("set"), result.setName},
                                             {QStringLiteral("database"), result.database},
                                             {QStringLiteral("baseline"), result.baselineRevision.label()},
                                             {QStringLiteral("target"), result.targetRevision.label()},
                                             {QStringLiteral("final"), result.finalRevision.label()},
                                             {QStringLiteral("started_at"), result.startedAt.toUTC().toString(Qt::ISODate)},
                                             {QStringLiteral("server_version"), result.serverVersion},
                                             {QStringLiteral("pgvector"), result.pgvector ? QStringLiteral("yes") : QStringLiteral("no")},
                                             {QStringLiteral("budget_rollback_ms"), QString::number(result.budgets.rollbackMs, 'f', 0)},
                                             {QStringLiteral("budget_scenario_ms"), QString::number(result.budgets.scenarioMs, 'f', 0)}};
    for (const ReportField &f : budgetFields(result))
        props.append({f.name.toLower().replace(QLatin1Char(' '), QLatin1Char('_')), f.value});
    for (const auto &[k, v] : props) {
        xml.writeStartElement(QStringLiteral("property"));
        xml.writeAttribute(QStringLiteral("name"), k);
        xml.writeAttribute(QStringLiteral("value"), xmlText(v));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    for (const CheckResult &c : result.checks) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), xmlText(QStringLiteral("revisor.%1.%2").arg(result.setName, c.origin.isEmpty() ? QStringLiteral("checks") : c.origin)));
        xml.writeAttribute(QStringLiteral("name"), xmlText(QStringLiteral("%1: %2").arg(c.id, c.title)));
        xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
        if (c.status == CheckResult::Status::Fail) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), xmlText(c.detail.section(QLatin1Char('\n'), 0, 0)));
            xml.writeAttribute(QStringLiteral("type"), xmlText(c.id));
            xml.writeCharacters(xmlText(c.detail));
            xml.writeEndElement();
        } else if (c.status == CheckResult::Status::Skip) {
            xml.writeStartElement(QStringLiteral("skipped"));
            xml.writeAttribute(QStringLiteral("message"), xmlText(c.detail));
            xml.writeEndElement();
        } else {
            xml.writeTextElement(QStringLiteral("system-out"),
                                 (c.status == CheckResult::Status::Warn ? QStringLiteral("WARNING: ") : QString()) + xmlText(c.detail));
        }
        xml.writeEndElement();
    }
    // One system-out for the suite (the schema allows one): what a CI log should show.
    QStringList suiteOut;
    if (const QStringList causes = causeLines(result); !causes.isEmpty())
        suiteOut << QStringLiteral("Differences the rollback left, with the statements that touch them:\n") + causes.join(QLatin1Char('\n'));
    if (const QStringList slowest = plainSlowest(result); !slowest.isEmpty())
        suiteOut << QStringLiteral("Slowest statements of each step (time, share of the step, where):\n") + slowest.join(QLatin1Char('\n'));
    if (!suiteOut.isEmpty())
        xml.writeTextElement(QStringLiteral("system-out"), xmlText(suiteOut.join(QStringLiteral("\n\n"))));
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

QByteArray markdownReport(const RehearsalResult &r)
{
    // Every value goes in through one multi-argument arg(): a chained arg() would replace a
    // "%7" inside a name inserted by an earlier one.
    const auto count = [&r](CheckResult::Status s) { return QString::number(r.count(s)); };
    QString md;
    md += QStringLiteral("# Revisor rehearsal: %1 — %2\n\n").arg(markdownText(r.setName), r.passed() ? QStringLiteral("PASS") : QStringLiteral("FAIL"));
    md += QStringLiteral("**%1**\n\n").arg(markdownText(r.headline()));
    md += QStringLiteral("| | |\n|---|---|\n");
    for (const ReportField &f : headerFields(r) + budgetFields(r))
        md += QStringLiteral("| %1 | %2 |\n").arg(markdownText(f.name), markdownText(f.value));
    md += QStringLiteral("| Duration | %1 |\n").arg(markdownText(durationText(r.scenarioMs)));
    md += QStringLiteral("| Checks | %1 passed, %2 failed, %3 warnings, %4 skipped |\n\n")
              .arg(count(CheckResult::Status::Pass), count(CheckResult::Status::Fail), count(CheckResult::Status::Warn),
                   count(CheckResult::Status::Skip));
    if (r.error)
        md += QStringLiteral("> **The scenario stopped early:** %1\n\n").arg(markdownText(r.error->toString()));
    md += QStringLiteral("## Checks\n\n| status | id | check | detail |\n|---|---|---|---|\n");
    for (const CheckResult &c : r.checks)
        md += QStringLiteral("| %1 | %2 | %3 | %4 |\n").arg(statusMark(c.status), markdownText(c.id), markdownText(c.title), markdownText(c.detail));
    md += QStringLiteral("\n## Steps\n\n| phase | step | from → to | statements | time (ms) | AccessExclusive locks |\n|---|---|---|---|---|---|\n");
    for (const Phase &p : r.phases) {
        for (const StepResult &s : p.steps) {
            QStringList exclusive;
            for (const LockInfo &l : s.locks) {
                if (l.mode == QLatin1String("AccessExclusiveLock") && l.kind == QLatin1String("table"))
                    exclusive << (l.samplingIntervalMs > 0 ? QStringLiteral("%1 (held ~%2 ms, sampled every %3 ms)").arg(l.relation).arg(l.heldMs, 0, 'f', 0).arg(l.samplingIntervalMs)
                                                           : l.relation);
            }
            md += QStringLiteral("| %1 | %2 %3 | %4 → %5 | %6 | %7 | %8 |\n")
                      .arg(markdownText(p.name), StepResult::kindName(s.kind), markdownText(s.revision), markdownText(s.from.label()),
                           markdownText(s.to.label()), QString::number(s.statements.size()), QString::number(s.durationMs, 'f', 1),
                           exclusive.isEmpty() ? QStringLiteral("—") : markdownText(exclusive.join(QStringLiteral(", "))));
        }
    }
    md += markdownInspectorWork(r);
    md += QStringLiteral("\n## Data (baseline → after rollback)\n\n| table | rows before | rows upgraded | rows after | fingerprint |\n|---|---|---|---|---|\n");
    for (const TableComparison &t : r.tables) {
        const QString up = r.rowsUpgraded.contains(t.table) ? QString::number(r.rowsUpgraded.value(t.table)) : QStringLiteral("dropped");
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                  .arg(markdownText(t.table), t.presentBefore() ? QString::number(t.rowsBefore) : QStringLiteral("—"), up,
                       t.presentAfter() ? QString::number(t.rowsAfter) : QStringLiteral("missing"),
                       t.matches() ? QStringLiteral("match") : QStringLiteral("**differs**"));
    }
    md += QStringLiteral("\n## Schema diff: baseline → upgraded (%1 changes)\n\n").arg(r.upgradeDiff.size()) + diffBlock(r.upgradeDiff);
    md += QStringLiteral("\n## Schema diff: baseline → after rollback (%1 changes)\n\n").arg(r.rollbackDiff.size());
    md += r.rollbackDiff.isEmpty() ? QStringLiteral("None: the rollback restored the baseline schema exactly.\n") : diffBlock(r.rollbackDiff);
    if (const QStringList causes = causeLines(r); !causes.isEmpty()) {
        md += QStringLiteral("\nWhere each difference comes from:\n\n");
        for (const QString &line : causes)
            md += QStringLiteral("- %1\n").arg(markdownText(line));
    }
    md += markdownSlowest(r);
    md += markdownLongLocks(r);
    md += markdownHazards(r);
    return md.toUtf8();
}

QStringList reportFormats()
{
    return {QStringLiteral("json"), QStringLiteral("junit"), QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("pdf"),
            QStringLiteral("sarif")};
}

Result<QStringList> writeReports(const RehearsalResult &result, const QString &directory, const QStringList &formats,
                                 const ReportOptions &options)
{
    for (const QString &format : formats) {
        if (!reportFormats().contains(format))
            return fail(Error::usage(QStringLiteral("unknown report format '%1' (known: %2)").arg(format, reportFormats().join(QStringLiteral(", ")))));
    }
    const bool drawn = formats.contains(QLatin1String("html")) || formats.contains(QLatin1String("pdf"));
    if (drawn && !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(Error::usage(QStringLiteral("the html and pdf reports draw text, which needs a QGuiApplication (the offscreen platform will do)")));
    if (!QDir().mkpath(directory))
        return fail(Error::input(directory, 0, QStringLiteral("cannot create the report directory")));
    QStringList written;
    for (const QString &format : formats) {
        const QString path = QDir(directory).filePath(format == QLatin1String("junit") ? QStringLiteral("report.junit.xml")
                                                                                        : QStringLiteral("report.") + format);
        if (format == QLatin1String("pdf")) {
            if (Status s = writePdfReport(result, path, options); !s)
                return fail(s.error());
            written << path;
            continue;
        }
        // SARIF locations are relative to the working directory, as revisor lint writes them: a
        // CI job runs from the repository's root, where code review tools resolve them.
        const QByteArray content = format == QLatin1String("json")    ? jsonReport(result)
                                   : format == QLatin1String("junit") ? junitReport(result)
                                   : format == QLatin1String("md")    ? markdownReport(result)
                                   : format == QLatin1String("sarif") ? sarifReport(rehearsalHazards(result), QDir::currentPath())
                                                                      : htmlReport(result, options);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            return fail(Error::input(path, 0, QStringLiteral("cannot write: %1").arg(f.errorString())));
        written << path;
    }
    return written;
}

QString summaryText(const RehearsalResult &r)
{
    // Names reach a terminal: plainLine() keeps escape sequences and line breaks in them from
    // acting. Values go in through one multi-argument arg() (see markdownReport).
    QString out;
    out += QStringLiteral("Revisor rehearsal of %1: %2\n").arg(plainLine(r.setName), plainLine(r.headline()));
    out += QStringLiteral("  baseline %1 -> upgrade %2 -> rollback %3   PostgreSQL %4, pgvector %5, seed %6\n")
               .arg(plainLine(r.baselineRevision.label()), plainLine(r.targetRevision.label()),
                    plainLine(r.finalRevision.label()), plainLine(r.serverVersion),
                    r.pgvector ? QStringLiteral("yes") : QStringLiteral("no"), plainLine(r.seed));
    QStringList budgets;
    for (const ReportField &f : budgetFields(r))
        budgets << QStringLiteral("%1 %2").arg(f.name.toLower(), plainLine(f.value));
    out += QStringLiteral("  %1\n").arg(budgets.join(QStringLiteral("; ")));
    QStringList phases;
    for (const Phase &p : r.phases)
        phases << QStringLiteral("%1 %2 ms").arg(plainLine(p.name), QString::number(p.durationMs, 'f', 0));
    out += QStringLiteral("  time: %1; total %2 ms\n").arg(phases.join(QStringLiteral(", ")), QString::number(r.scenarioMs, 'f', 0));
    if (r.error)
        out += QStringLiteral("  stopped early: %1\n").arg(plainLine(r.error->toString().section(QLatin1Char('\n'), 0, 0)));
    for (const CheckResult &c : r.checks) {
        const QString tag = c.status == CheckResult::Status::Pass ? QStringLiteral("pass")
                          : c.status == CheckResult::Status::Fail ? QStringLiteral("FAIL")
                          : c.status == CheckResult::Status::Warn ? QStringLiteral("warn") : QStringLiteral("skip");
        out += QStringLiteral("  [%1] %2  %3\n").arg(tag, plainLine(c.id).leftJustified(18), plainLine(c.title));
        if (c.status == CheckResult::Status::Fail || c.status == CheckResult::Status::Warn) {
            const QStringList lines = c.detail.split(QLatin1Char('\n'));
            for (int i = 0; i < qMin<int>(lines.size(), 6); ++i)
                out += QStringLiteral("         %1\n").arg(plainLine(lines.at(i)));
            if (lines.size() > 6)
                out += QStringLiteral("         ... (%1 more lines in the report)\n").arg(lines.size() - 6);
        }
    }
    const QStringList causes = causeLines(r);
    if (!causes.isEmpty()) {
        out += QStringLiteral("  the rollback left %1 difference(s):\n").arg(causes.size());
        for (qsizetype i = 0; i < qMin<qsizetype>(causes.size(), 10); ++i)
            out += QStringLiteral("    %1\n").arg(plainLine(causes.at(i)));
        if (causes.size() > 10)
            out += QStringLiteral("    ... (%1 more in the report)\n").arg(causes.size() - 10);
    }
    out += QStringLiteral("  %1 passed, %2 failed, %3 warnings, %4 skipped\n")
               .arg(r.count(CheckResult::Status::Pass)).arg(r.count(CheckResult::Status::Fail))
               .arg(r.count(CheckResult::Status::Warn)).arg(r.count(CheckResult::Status::Skip));
    return out;
}

} // namespace revisor
