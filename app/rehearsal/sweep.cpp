#include "rehearsal/sweep.h"

#include <QJsonArray>

namespace revisor {

QJsonObject SweepRow::toJson() const
{
    return {{QStringLiteral("from"), from.id()},
            {QStringLiteral("revision"), revision.id()},
            {QStringLiteral("verdict"), passed ? QStringLiteral("pass") : QStringLiteral("fail")},
            {QStringLiteral("failing"), QJsonArray::fromStringList(failing)},
            {QStringLiteral("warnings"), warnings},
            {QStringLiteral("down_ms"), downMs},
            {QStringLiteral("error"), error}};
}

bool SweepResult::passed() const
{
    return std::all_of(rows.cbegin(), rows.cend(), [](const SweepRow &r) { return r.passed; });
}

QJsonObject SweepResult::toJson() const
{
    QJsonArray steps;
    for (const SweepRow &r : rows)
        steps.append(r.toJson());
    return {{QStringLiteral("format"), QStringLiteral("revisor-sweep/1")},
            {QStringLiteral("verdict"), passed() ? QStringLiteral("pass") : QStringLiteral("fail")},
            {QStringLiteral("stopped_early"), stoppedEarly},
            {QStringLiteral("steps"), steps}};
}

QString SweepResult::toMarkdown() const
{
    // Values come from revision ids, check ids and server messages: a '|' or a line break
    // would break the table.
    const auto cell = [](QString text) {
        text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return text;
    };
    QString out = QStringLiteral("| revision | from | verdict | failing checks | down (ms) |\n|---|---|---|---|---|\n");
    for (const SweepRow &r : rows) {
        QString failing = r.failing.join(QStringLiteral(", "));
        if (!r.error.isEmpty())
            failing += (failing.isEmpty() ? QString() : QStringLiteral("; ")) + r.error.left(200);
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                   .arg(cell(r.revision.label()), cell(r.from.label()), r.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                        cell(failing), r.downMs < 0 ? QStringLiteral("-") : QString::number(r.downMs, 'f', 1));
    }
    if (stoppedEarly)
        out += QStringLiteral("\nStopped after the first failing step (--keep-going rehearses the rest).\n");
    return out;
}

Result<SweepResult> runSweep(Session &session, const MigrationSet &set, const SweepOptions &options,
                             const RehearsalObserver &observer)
{
    auto from = set.resolveTarget(RevisionRef::base(), options.from);
    if (!from)
        return fail(from.error());
    auto to = set.resolveTarget(RevisionRef::base(), options.to);
    if (!to)
        return fail(to.error());
    if (*set.height(*to) <= *set.height(*from))
        return fail(Error::usage(QStringLiteral("--to %1 must be above --from %2").arg(to->label(), from->label())));
    auto steps = set.plan(*from, *to);
    if (!steps)
        return fail(steps.error());
    SweepResult sweep;
    for (const PlannedStep &step : *steps) {
        if (options.cancel && *options.cancel) {
            sweep.stoppedEarly = true;
            break;
        }
        RehearsalOptions each = options.rehearsal;
        each.baseline = step.from.isBase() ? QStringLiteral("base") : step.from.id();
        each.target = step.to.id();
        each.reset = true;
        each.genericChecksOnly = true;
        if (observer.progress)
            observer.progress(QStringLiteral("step %1 -> %2").arg(step.from.label(), step.to.label()));
        Rehearsal rehearsal(session, set, each);
        rehearsal.setObserver(observer);
        auto outcome = rehearsal.run();
        if (!outcome)
            return fail(outcome.error());
        SweepRow row;
        row.from = step.from;
        row.revision = step.to;
        row.result = outcome->result;
        row.passed = row.result.passed();
        for (const CheckResult &c : row.result.checks) {
            if (c.failed())
                row.failing << c.id;
            else if (c.status == CheckResult::Status::Warn)
                ++row.warnings;
        }
        row.downMs = outcome->facts.durationOf(QStringLiteral("downgrade"));
        if (row.result.error)
            row.error = row.result.error->toString();
        sweep.rows << row;
        if (!row.passed && !options.keepGoing) {
            sweep.stoppedEarly = sweep.rows.size() < steps->size();
            break;
        }
    }
    return sweep;
}

} // namespace revisor
