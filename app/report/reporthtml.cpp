// The HTML of the review report. One markup for both the browser file and the PDF: Qt's rich text renders a subset of HTML 4 and CSS 2, so the
// markup sticks to tables, attributes for colours that matter, and no scripts or layouts.
#include "reporthtml.h"

#include "core/paths.h"
#include "report/hazardshtml.h"
#include "report/reportheader.h"
#include "core/textescape.h"
#include "report/timingsections.h"
#include "report/timingimage.h"

#include <QBuffer>
#include <QFile>
#include <QLocale>

#include <algorithm>

namespace revisor {

namespace {

// Report colours are fixed (a report is read on paper or a white page), not the palette's.
const char *PassColor = "#2e7d32";
const char *FailColor = "#c62828";
const char *WarnColor = "#b26a00";
const char *SkipColor = "#777777";
const char *AddedBg = "#e3f6e5";
const char *RemovedBg = "#fde4e6";
const char *ChangedBg = "#fff4cf";

// The HTML report's escaping: markup escaped, and control characters (terminal escapes, an
// RTL override that would reverse what follows it) shown instead of acting.
QString esc(const QString &text)
{
    return visibleControls(text).toHtmlEscaped();
}

// Escaped, with line breaks kept.
QString escLines(const QString &text)
{
    return esc(text).replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString resourceText(const QString &name)
{
    QFile f(name);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

QString reportStylesheet(ReportMedium medium)
{
    QString css = resourceText(QStringLiteral(":/revisor/report/report.css"));
    if (medium == ReportMedium::Print)
        css += resourceText(QStringLiteral(":/revisor/report/report-print.css"));
    return css;
}

namespace {

struct StatusLook
{
    QString word;
    QString cls;
    const char *color;
};

StatusLook look(CheckResult::Status status)
{
    switch (status) {
    case CheckResult::Status::Pass: return {QObject::tr("pass"), QStringLiteral("pass"), PassColor};
    case CheckResult::Status::Fail: return {QObject::tr("FAIL"), QStringLiteral("fail"), FailColor};
    case CheckResult::Status::Warn: return {QObject::tr("warn"), QStringLiteral("warn"), WarnColor};
    case CheckResult::Status::Skip: return {QObject::tr("skip"), QStringLiteral("skip"), SkipColor};
    }
    return {};
}

QString kvRow(const QString &key, const QString &valueHtml)
{
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(esc(key), valueHtml);
}

// The verdict, in one line with its root cause, and what failed: the first thing a reader
// sees (page 1 of the PDF).
QString verdict(const RehearsalResult &r)
{
    QString h;
    const bool ok = r.passed();
    h += QStringLiteral("<p class=\"verdict %1\" style=\"color:%2\">%3</p>\n")
             .arg(ok ? QStringLiteral("verdict-pass") : QStringLiteral("verdict-fail"), ok ? PassColor : FailColor, esc(r.headline()));
    h += QStringLiteral("<p class=\"muted\">%1</p>\n")
             .arg(esc(QObject::tr("Checks: %1 passed, %2 failed, %3 warnings, %4 skipped.")
                          .arg(r.count(CheckResult::Status::Pass)).arg(r.count(CheckResult::Status::Fail))
                          .arg(r.count(CheckResult::Status::Warn)).arg(r.count(CheckResult::Status::Skip))));
    if (r.error)
        h += QStringLiteral("<p class=\"banner\" style=\"color:%1\"><b>%2</b> %3</p>\n")
                 .arg(FailColor, esc(QObject::tr("The scenario stopped early:")), escLines(r.error->toString()));
    return h;
}

QString summary(const RehearsalResult &r)
{
    QString h = QStringLiteral("<table class=\"kv\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n");
    for (const ReportField &f : headerFields(r))
        h += kvRow(f.name, f.name == QLatin1String("Set") ? QStringLiteral("<b>%1</b>").arg(esc(f.value)) : esc(f.value));
    for (const ReportField &f : budgetFields(r))
        h += kvRow(f.name, esc(f.value));
    QStringList phases;
    for (const Phase &p : r.phases)
        phases << esc(QStringLiteral("%1 %2").arg(p.name, durationText(p.durationMs)));
    h += kvRow(QObject::tr("Duration"), QStringLiteral("<b>%1</b> %2").arg(esc(durationText(r.scenarioMs)),
               phases.isEmpty() ? QString() : QStringLiteral("<span class=\"muted\">(%1)</span>").arg(phases.join(QStringLiteral(", ")))));
    for (const auto &[name, probe] : {std::pair{QObject::tr("Probe: further downgrade"), &r.downgradeProbe},
                                      std::pair{QObject::tr("Probe: re-upgrade"), &r.reupgradeProbe}}) {
        if (!probe->ran)
            continue;
        h += kvRow(name, QStringLiteral("<span style=\"color:%1\">%2</span> %3 &rarr; %4, %5%6")
                             .arg(probe->ok ? PassColor : FailColor, esc(probe->ok ? QObject::tr("ok") : QObject::tr("failed")),
                                  esc(probe->from.label()), esc(probe->to.label()), esc(durationText(probe->durationMs)),
                                  probe->detail.isEmpty() ? QString() : QStringLiteral(" <span class=\"muted\">%1</span>").arg(esc(probe->detail))));
    }
    h += QStringLiteral("</table>\n");
    return h;
}

QString checks(const RehearsalResult &r)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Checks (%1)").arg(r.checks.size())));
    if (r.checks.isEmpty())
        return h + QStringLiteral("<p class=\"muted\">%1</p>\n").arg(esc(QObject::tr("No checks were judged.")));
    // The id column is as wide as the longest id (bold, about 0.75 em a character) so that no
    // id is broken inside: Qt's rich text breaks a word that does not fit its column anywhere.
    qsizetype longest = 0;
    for (const CheckResult &c : r.checks)
        longest = std::max(longest, c.id.size());
    const int idWidth = int(std::clamp<qsizetype>(longest * 5 / 4 + 3, 12, 40));
    const int checkWidth = (100 - 10 - idWidth) * 2 / 5;
    h += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr><th nowrap width=\"10%\">%1</th><th nowrap width=\"%5%\">%2</th><th nowrap width=\"%6%\">%3</th><th nowrap width=\"%7%\">%4</th></tr></thead>\n")
             .arg(esc(QObject::tr("status")), esc(QObject::tr("id")), esc(QObject::tr("check")), esc(QObject::tr("detail")),
                  QString::number(idWidth), QString::number(checkWidth), QString::number(100 - 10 - idWidth - checkWidth));
    for (const CheckResult &c : r.checks) {
        const StatusLook l = look(c.status);
        h += QStringLiteral("<tr><td class=\"status %1\" nowrap style=\"color:%2\">%3</td><td nowrap><b>%4</b></td><td>%5</td><td class=\"detail\">%6</td></tr>\n")
                 .arg(l.cls, l.color, esc(l.word), esc(c.id), esc(c.title), escLines(c.detail));
    }
    return h + QStringLiteral("</table>\n");
}

// `causes` (the rollback's diff): under each entry, the statements of the round trip that
// touch its object, so the reader sees which script left the difference.
QString diffTable(const SchemaDiff &diff, const QList<QList<DiffCause>> &causes = {})
{
    QString h = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr><th nowrap width=\"3%\"></th><th nowrap width=\"14%\">%1</th><th nowrap width=\"30%\">%2</th><th nowrap width=\"14%\">%3</th><th nowrap width=\"39%\">%4</th></tr></thead>\n")
                    .arg(esc(QObject::tr("kind")), esc(QObject::tr("object")), esc(QObject::tr("attribute")), esc(QObject::tr("before → after")));
    for (const DiffEntry &e : diff.entries) {
        const char *bg = e.change == DiffEntry::Change::Added ? AddedBg : e.change == DiffEntry::Change::Removed ? RemovedBg : ChangedBg;
        const QString sign = e.change == DiffEntry::Change::Added ? QStringLiteral("+") : e.change == DiffEntry::Change::Removed ? QStringLiteral("&minus;") : QStringLiteral("~");
        QString values;
        if (e.change == DiffEntry::Change::Changed)
            values = QStringLiteral("<code>%1</code> &rarr; <code>%2</code>").arg(escLines(e.before), escLines(e.after));
        else
            values = QStringLiteral("<code>%1</code>").arg(escLines(e.change == DiffEntry::Change::Added ? e.after : e.before));
        h += QStringLiteral("<tr class=\"%1\"><td bgcolor=\"%2\"><b>%3</b></td><td bgcolor=\"%2\">%4</td><td bgcolor=\"%2\"><code>%5</code></td><td bgcolor=\"%2\">%6</td><td bgcolor=\"%2\">%7</td></tr>\n")
                 .arg(DiffEntry::changeName(e.change), bg, sign, esc(e.objectKind), esc(e.name), esc(e.attribute), values);
        const qsizetype index = &e - diff.entries.constData();
        if (index < causes.size()) {
            QStringList lines;
            for (const DiffCause &c : causes.at(index))
                lines << QStringLiteral("%1 <code>%2</code>").arg(esc(c.text()), esc(c.statement));
            if (lines.isEmpty())
                lines << esc(QObject::tr("no statement of the round trip names this object"));
            h += QStringLiteral("<tr class=\"cause\"><td></td><td colspan=\"4\" class=\"detail\">%1</td></tr>\n").arg(lines.join(QStringLiteral("<br>")));
        }
    }
    return h + QStringLiteral("</table>\n");
}

QString diffs(const RehearsalResult &r)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Schema diff: baseline → upgraded (%1 changes)").arg(r.upgradeDiff.size())));
    h += r.upgradeDiff.isEmpty() ? QStringLiteral("<p class=\"muted\">%1</p>\n").arg(esc(QObject::tr("The upgrade changed nothing in the schema.")))
                                 : diffTable(r.upgradeDiff);
    h += QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Schema diff: baseline → after rollback (%1 changes)").arg(r.rollbackDiff.size())));
    h += r.rollbackDiff.isEmpty()
             ? QStringLiteral("<p class=\"pass\" style=\"color:%1\">%2</p>\n").arg(PassColor, esc(QObject::tr("None: the rollback restored the baseline schema exactly.")))
             : diffTable(r.rollbackDiff, r.rollbackCauses);
    return h;
}

QString data(const RehearsalResult &r)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Data: baseline → after rollback")));
    if (r.tables.isEmpty())
        return h + QStringLiteral("<p class=\"muted\">%1</p>\n").arg(esc(QObject::tr("No table data was captured.")));
    h += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr><th nowrap width=\"36%\">%1</th><th nowrap width=\"13%\">%2</th><th nowrap width=\"13%\">%3</th><th nowrap width=\"13%\">%4</th><th nowrap width=\"25%\">%5</th></tr></thead>\n")
             .arg(esc(QObject::tr("table")), esc(QObject::tr("rows before")), esc(QObject::tr("rows upgraded")), esc(QObject::tr("rows after")),
                  esc(QObject::tr("fingerprint")));
    for (const TableComparison &t : r.tables) {
        const QString up = r.rowsUpgraded.contains(t.table) ? QString::number(r.rowsUpgraded.value(t.table)) : QObject::tr("dropped");
        const bool match = t.matches();
        QString verdict = match ? QObject::tr("match") : QObject::tr("differs");
        if (!match && t.changedRowCount > 0)
            verdict += QObject::tr(" (%1 rows)").arg(t.changedRowCount);
        QString cell = QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(match ? PassColor : FailColor, esc(verdict));
        if (!match && !t.changedRows.isEmpty()) {
            QStringList rows;
            for (const RowChange &c : t.changedRows)
                rows << esc(QStringLiteral("%1 %2%3").arg(RowChange::kindName(c.kind), c.key,
                                                          c.columns.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c.columns.join(QStringLiteral(", ")))));
            cell += QStringLiteral("<br><span class=\"detail\">%1</span>").arg(rows.join(QStringLiteral("<br>")));
        }
        if (!t.note.isEmpty())
            cell += QStringLiteral("<br><span class=\"muted\">%1</span>").arg(esc(t.note));
        h += QStringLiteral("<tr%1><td>%2</td><td class=\"num\" align=\"right\">%3</td><td class=\"num\" align=\"right\">%4</td><td class=\"num\" align=\"right\">%5</td><td>%6</td></tr>\n")
                 .arg(match ? QString() : QStringLiteral(" class=\"removed\""), esc(t.table),
                      t.presentBefore() ? QString::number(t.rowsBefore) : QStringLiteral("&mdash;"), esc(up),
                      t.presentAfter() ? QString::number(t.rowsAfter) : esc(QObject::tr("missing")), cell);
    }
    return h + QStringLiteral("</table>\n");
}

QString stepName(const StepResult &s)
{
    return QStringLiteral("%1 %2").arg(StepResult::kindName(s.kind), s.revision);
}

bool isExclusive(const LockInfo &l)
{
    return l.mode == QLatin1String("AccessExclusiveLock");
}

QString steps(const RehearsalResult &r, const QString &chartSource, ReportMedium medium)
{
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(esc(QObject::tr("Timing")));
    if (!chartSource.isEmpty()) {
        // The chart is drawn 720 x 300. On A4 within the PDF's margins (178 mm, 672 CSS pixels)
        // it is given the same proportions a little smaller. Its line has a line height of 100%:
        // the body's 1.35 would apply to the image's line too, leaving a blank band under it.
        const QSize shown = medium == ReportMedium::Print ? QSize(660, 275) : QSize(720, 300);
        h += QStringLiteral("<p class=\"chart\" style=\"line-height: 100%\"><img src=\"%1\" width=\"%3\" height=\"%4\" alt=\"%2\"></p>\n")
                 .arg(chartSource, esc(QObject::tr("duration of each step, capture and probe, log scale, with the rollback budget")),
                      QString::number(shown.width()), QString::number(shown.height()));
    }
    h += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr><th nowrap width=\"14%\">%1</th><th nowrap width=\"18%\">%2</th><th nowrap width=\"16%\">%3</th><th nowrap width=\"15%\">%4</th><th nowrap width=\"12%\">%5</th><th nowrap width=\"25%\">%6</th></tr></thead>\n")
             .arg(esc(QObject::tr("phase")), esc(QObject::tr("step")), esc(QObject::tr("from → to")), esc(QObject::tr("statements")),
                  esc(QObject::tr("time")), esc(QObject::tr("AccessExclusive locks")));
    for (const Phase &p : r.phases) {
        for (const StepResult &s : p.steps) {
            int exclusive = 0;
            for (const LockInfo &l : s.locks)
                exclusive += isExclusive(l) ? 1 : 0;
            QString name = esc(stepName(s));
            if (!s.completed())
                name += QStringLiteral("<br><span style=\"color:%1\">%2</span>").arg(FailColor, escLines(s.error->toString()));
            // A seed does not move the version: from/to say nothing there.
            const QString fromTo = s.kind == StepResult::Kind::Seed ? QStringLiteral("&mdash;")
                                                                    : QStringLiteral("%1 &rarr; %2").arg(esc(s.from.label()), esc(s.to.label()));
            // One arg() for every value: a chained arg() would replace a "%4" inside a name.
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"num\" align=\"right\">%4</td><td class=\"num\" align=\"right\">%5</td><td class=\"num\" align=\"right\">%6</td></tr>\n")
                     .arg(esc(p.name), name, fromTo, QString::number(s.statements.size()), esc(durationText(s.durationMs)),
                          QString::number(exclusive));
        }
    }
    h += QStringLiteral("</table>\n");
    // The captures' own numbers: the chart shows them as bars, and this says what each cost.
    QStringList captures;
    for (const RehearsalResult::CaptureCost &c : r.captures)
        captures << esc(captureCostText(c));
    if (!captures.isEmpty())
        h += QStringLiteral("<p class=\"muted\">%1 %2</p>\n")
                 .arg(esc(QObject::tr("Captures, the inspector's own work (muted bars in the chart, probes likewise):")), captures.join(QStringLiteral("; ")));
    return h;
}

// Relations a reader recognises by name; indexes, TOAST tables, sequences and relations the
// step dropped are counted instead, or one DDL step would list a hundred names.
bool namedKind(const QString &kind)
{
    return kind == QLatin1String("table") || kind == QLatin1String("partitioned table")
           || kind == QLatin1String("foreign table") || kind.endsWith(QLatin1String("view"));
}

QString plural(int n, const QString &kind)
{
    if (kind == QLatin1String("index"))
        return n == 1 ? QObject::tr("1 index") : QObject::tr("%1 indexes").arg(n);
    if (kind == QLatin1String("dropped"))
        return n == 1 ? QObject::tr("1 relation dropped by the step") : QObject::tr("%1 relations dropped by the step").arg(n);
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? kind : kind + QLatin1Char('s'));
}

QString locks(const RehearsalResult &r, const ReportOptions &options)
{
    // By default the round trip's steps only: the baseline's steps build the starting point
    // and would fill pages with locks nobody reviews.
    QList<StepResult> shown;
    for (const Phase &p : r.phases) {
        if (options.allLocks || p.name == QLatin1String("upgrade") || p.name == QLatin1String("downgrade"))
            shown << p.steps;
    }
    QString h = QStringLiteral("<h2>%1</h2>\n<p class=\"muted\">%2</p>\n")
                    .arg(esc(options.allLocks ? QObject::tr("Locks per step") : QObject::tr("Locks per step of the round trip")),
                         esc(QObject::tr("The relation locks each step's transaction held just before it committed, strongest "
                                         "mode first. AccessExclusiveLock (highlighted) blocks every reader and writer of the "
                                         "relation until the step commits. Tables and views are named; other relations are counted.")
                             + (options.allLocks ? QString() : QObject::tr(" The baseline and seed steps' locks are in report.json."))));
    QString rows;
    for (const StepResult &s : std::as_const(shown)) {
        QMap<int, QList<LockInfo>> byMode;
        for (const LockInfo &l : s.locks)
            byMode[lockModeRank(l.mode)] << l;
        bool first = true;
        for (const QList<LockInfo> &group : std::as_const(byMode)) {
            QStringList named;
            QMap<QString, int> counted;
            for (const LockInfo &l : group) {
                if (namedKind(l.kind))
                    named << l.relation;
                else
                    ++counted[l.kind];
            }
            named.sort();
            QStringList others;
            for (auto it = counted.cbegin(); it != counted.cend(); ++it)
                others << plural(it.value(), it.key());
            QString relations = esc(named.join(QStringLiteral(", ")));
            if (!others.isEmpty())
                relations += QStringLiteral("%1<span class=\"muted\">%2</span>")
                                 .arg(named.isEmpty() ? QString() : QStringLiteral("<br>"), esc(others.join(QStringLiteral(", "))));
            const QString mode = group.first().mode;
            const bool exclusive = mode == QLatin1String("AccessExclusiveLock");
            const QString bg = exclusive ? QStringLiteral(" bgcolor=\"%1\"").arg(RemovedBg) : QString();
            // No rowspan: the PDF moves a row that would straddle a page to the next one, which
            // a cell spanning several rows would not survive.
            const QString stepCell = QStringLiteral("<td nowrap>%1</td>").arg(first ? QStringLiteral("<b>%1</b>").arg(esc(stepName(s))) : QString());
            rows += QStringLiteral("<tr%1>%2<td nowrap%3>%4</td><td%3>%5</td></tr>\n")
                        .arg(exclusive ? QStringLiteral(" class=\"exclusive\"") : QString(), stepCell, bg,
                             exclusive ? QStringLiteral("<b style=\"color:%1\">%2</b>").arg(FailColor, esc(mode)) : esc(mode), relations);
            first = false;
        }
    }
    if (rows.isEmpty())
        return h + QStringLiteral("<p class=\"muted\">%1</p>\n").arg(esc(QObject::tr("No step held a relation lock at commit.")));
    return h + QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">\n<thead><tr><th nowrap width=\"19%\">%1</th><th nowrap width=\"29%\">%2</th><th nowrap width=\"52%\">%3</th></tr></thead>\n")
                   .arg(esc(QObject::tr("step")), esc(QObject::tr("mode")), esc(QObject::tr("relations")))
           + rows + QStringLiteral("</table>\n");
}

} // namespace

QString reportHtml(const RehearsalResult &r, const QString &chartSource, ReportMedium medium, const ReportOptions &options)
{
    const QString title = QObject::tr("Revisor rehearsal: %1 — %2").arg(r.setName, r.passed() ? QObject::tr("PASS") : QObject::tr("FAIL"));
    QString h;
    h.reserve(64 * 1024);
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Revisor %1\">\n<title>%2</title>\n<style>\n%3</style>\n</head>\n<body>\n")
             .arg(esc(versionString()), esc(title), reportStylesheet(medium));
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(title));
    // Page 1 of the PDF: the verdict with its root cause, what the report describes, then the
    // checks, failing first.
    h += verdict(r);
    h += summary(r);
    h += checks(r);
    h += steps(r, chartSource, medium);
    h += slowestStatementsHtml(r);
    h += diffs(r);
    h += data(r);
    h += locks(r, options);
    h += hazardsHtml(r);
    h += QStringLiteral("<p class=\"footer\">%1</p>\n</body>\n</html>\n")
             .arg(esc(QObject::tr("Written by Revisor %1 from a %2 result.").arg(versionString(), QString::fromLatin1(RehearsalResult::Format))));
    return h;
}

QString pngDataUri(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

QByteArray htmlReport(const RehearsalResult &result, const ReportOptions &options)
{
    return reportHtml(result, pngDataUri(renderTimingChart(result)), ReportMedium::Screen, options).toUtf8();
}

} // namespace revisor
