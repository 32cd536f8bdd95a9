#include "checks.h"

#include "schema/snapshotdiff.h"

namespace revisor {

namespace {

using Verdict = CheckResult::Status;

CheckResult make(const QString &id, const QString &title)
{
    CheckResult c;
    c.id = id;
    c.title = title;
    c.origin = QStringLiteral("generic");
    return c;
}

// A check that cannot be judged because the step it needs never ran: skipped, and the reason
// is the scenario's root cause when it stopped (so a failed rollback is one failure, not ten).
void notJudged(CheckResult &c, const ScenarioFacts &f, const QString &otherwise)
{
    c.status = Verdict::Skip;
    c.detail = f.stoppedBy.isEmpty() ? otherwise : QStringLiteral("not judged: %1").arg(f.stoppedBy);
}

// Checks that compare the baseline with the rolled-back state have nothing to judge when the
// scenario stopped before the rollback was captured.
bool skippedWithoutRollback(CheckResult &c, const ScenarioFacts &f)
{
    if (f.baseline.captured && f.rolledBack.captured)
        return false;
    notJudged(c, f, QStringLiteral("the rollback did not complete; nothing to compare"));
    return true;
}

// At most `limit` lines, then how many more.
QString capped(const QStringList &lines, int limit = 25)
{
    if (lines.size() <= limit)
        return lines.join(QLatin1Char('\n'));
    return (lines.mid(0, limit) + QStringList{QStringLiteral("... and %1 more").arg(lines.size() - limit)}).join(QLatin1Char('\n'));
}

CheckResult schemaIdentical(const ScenarioFacts &f)
{
    CheckResult c = make(QStringLiteral("schema.identical"), QStringLiteral("schema after rollback is identical to the baseline"));
    if (skippedWithoutRollback(c, f))
        return c;
    const SchemaDiff diff = diffSnapshots(f.baseline.schema, f.rolledBack.schema);
    if (diff.isEmpty()) {
        c.detail = QStringLiteral("no difference in %1 tables, %2 sequences, %3 functions, %4 types")
                       .arg(f.baseline.schema.tables.size()).arg(f.baseline.schema.sequences.size())
                       .arg(f.baseline.schema.functions.size()).arg(f.baseline.schema.types.size());
        return c;
    }
    QStringList lines, declared;
    for (const DiffEntry &e : diff.entries) {
        if (const Declaration *d = declarationFor(f.declarations, e)) {
            declared << QStringLiteral("%1 [declared: %2]").arg(e.toText(), d->reason);
            continue;
        }
        lines << e.toText();
        if (!c.objects.contains(e.name))
            c.objects << e.name;
    }
    if (lines.isEmpty()) {
        c.status = Verdict::Warn;
        c.detail = QStringLiteral("declared: %1 difference(s) the checks files allow:\n%2").arg(declared.size()).arg(capped(declared));
        return c;
    }
    c.status = Verdict::Fail;
    c.detail = QStringLiteral("%1 difference(s) between baseline (%2) and after rollback:\n%3")
                   .arg(lines.size()).arg(f.baselineRevision.label(), capped(lines + declared));
    return c;
}

// Tables present at baseline and after the rollback; those the upgrade dropped go to the ledger.
CheckResult dataPreserved(const ScenarioFacts &f, const QList<TableComparison> &tables)
{
    CheckResult c = make(QStringLiteral("data.preserved"), QStringLiteral("data preserved in every table that survives the round trip (row counts and content fingerprints)"));
    if (skippedWithoutRollback(c, f))
        return c;
    QStringList problems, declared;
    int compared = 0;
    qint64 rows = 0;
    for (const TableComparison &t : tables) {
        if (!t.presentBefore() || !t.presentAfter())
            continue;
        if (f.upgraded.captured && !f.upgraded.data.table(t.table))
            continue; // dropped and re-created: the ledger's business
        ++compared;
        rows += t.rowsBefore;
        if (t.matches() || keptRowsWrittenAfterUpgrade(f, t))
            continue;
        if (const QList<const Declaration *> allowed = declarationsFor(f.declarations, t); !allowed.isEmpty()) {
            QStringList reasons;
            for (const Declaration *d : allowed)
                reasons << d->describe();
            declared << QStringLiteral("%1 [declared: %2]").arg(t.describe(), reasons.join(QStringLiteral("; ")));
            continue;
        }
        problems << t.describe();
        c.objects << t.table;
    }
    // Fingerprints taken over from the baseline (tables no step wrote) are said, so that a
    // reader knows which matches were read again and which were inferred from the locks.
    const QString how = f.rolledBack.dataNote.isEmpty() ? QString() : QStringLiteral("\n") + f.rolledBack.dataNote;
    if (problems.isEmpty() && declared.isEmpty()) {
        c.detail = QStringLiteral("%1 table(s), %2 row(s): counts and fingerprints match").arg(compared).arg(rows) + how;
        return c;
    }
    if (problems.isEmpty()) {
        c.status = Verdict::Warn;
        c.detail = QStringLiteral("declared: %1").arg(capped(declared));
        return c;
    }
    problems << declared;
    c.status = Verdict::Fail;
    c.detail = capped(problems) + how;
    return c;
}

CheckResult dataLossLedger(const ScenarioFacts &f, const QList<TableComparison> &tables)
{
    CheckResult c = make(QStringLiteral("data.loss-ledger"), QStringLiteral("rows lost in tables the upgrade dropped and the rollback re-created"));
    if (!f.baseline.captured || !f.upgraded.captured || !f.rolledBack.captured) {
        notJudged(c, f, QStringLiteral("the scenario did not complete"));
        return c;
    }
    QStringList ledger, unexpected, expected;
    for (const TableComparison &t : tables) {
        if (!t.presentBefore() || f.upgraded.data.table(t.table))
            continue;
        const QString after = t.presentAfter() ? QString::number(t.rowsAfter) : QStringLiteral("missing");
        ledger << QStringLiteral("%1: %2 row(s) at baseline, %3 after rollback").arg(t.table).arg(t.rowsBefore).arg(after);
        const qint64 lost = t.rowsBefore - qMax<qint64>(0, t.rowsAfter);
        if (lost <= 0) {
            // No loss by count, yet rows the baseline did not have (or other contents) came back:
            // the downgrade invented data, which no expected_data_loss declaration covers.
            if (t.presentAfter() && !t.matches()) {
                c.objects << t.table;
                unexpected << QStringLiteral("%1 came back with other rows than at baseline (%2 -> %3 row(s))")
                                  .arg(t.table).arg(t.rowsBefore).arg(t.rowsAfter);
            }
            continue;
        }
        c.objects << t.table;
        (f.expectedDataLoss.contains(t.table) ? expected : unexpected)
            << QStringLiteral("%1 lost %2 of %3 row(s)").arg(t.table).arg(lost).arg(t.rowsBefore);
    }
    if (ledger.isEmpty()) {
        c.detail = QStringLiteral("the upgrade dropped no table");
    } else if (!unexpected.isEmpty()) {
        c.status = Verdict::Fail;
        c.detail = QStringLiteral("unexpected data loss or change (not declared in expected_data_loss):\n%1").arg(capped(unexpected + expected));
    } else if (!expected.isEmpty()) {
        c.status = Verdict::Warn;
        c.detail = QStringLiteral("declared data loss:\n%1").arg(capped(expected));
    } else {
        c.detail = QStringLiteral("%1 table(s) dropped and re-created; none held rows at baseline:\n%2").arg(ledger.size()).arg(capped(ledger));
    }
    return c;
}

// Sequences of tables that survive keep their position; those re-created with their table
// restart, which the ledger already accounts for.
CheckResult sequencesRestored(const ScenarioFacts &f)
{
    CheckResult c = make(QStringLiteral("data.sequences"), QStringLiteral("sequence values after rollback equal the baseline"));
    if (skippedWithoutRollback(c, f))
        return c;
    QStringList moved;
    int compared = 0;
    const QStringList behind = sequencesBehindTheirData(f);
    for (auto it = f.baseline.data.sequences.cbegin(); it != f.baseline.data.sequences.cend(); ++it) {
        if (behind.contains(it.key()))
            continue; // data.sequence-behind fails for it
        if (feedsTableWrittenAfterUpgrade(f, it.key()))
            continue; // moved by the rows written after the upgrade
        if (!f.rolledBack.data.sequences.contains(it.key()))
            continue; // a missing sequence is the schema diff's business
        if (f.upgraded.captured && !f.upgraded.data.sequences.contains(it.key()))
            continue; // dropped and re-created with its table
        ++compared;
        const QString after = f.rolledBack.data.sequences.value(it.key());
        if (after != it.value()) {
            moved << QStringLiteral("%1: last_value %2 -> %3").arg(it.key(), it.value().isNull() ? QStringLiteral("unused") : it.value(),
                                                                    after.isNull() ? QStringLiteral("unused") : after);
            c.objects << it.key();
        }
    }
    if (moved.isEmpty()) {
        c.detail = QStringLiteral("%1 sequence(s) at their baseline values").arg(compared);
        return c;
    }
    // Inserting and deleting rows moves a sequence without losing data: worth a look, not a failure.
    c.status = Verdict::Warn;
    c.detail = capped(moved);
    return c;
}

CheckResult versionRestored(const ScenarioFacts &f)
{
    CheckResult c = make(QStringLiteral("version.restored"), QStringLiteral("version table back at the baseline revision"));
    c.objects << f.versionTable;
    if (!f.stoppedBy.isEmpty()) {
        notJudged(c, f, {});
        c.detail += QStringLiteral("; the version table is at %1").arg(f.finalRevision.label());
        return c;
    }
    if (f.finalRevision == f.baselineRevision) {
        c.detail = QStringLiteral("%1 = %2").arg(f.versionTable, f.finalRevision.label());
        return c;
    }
    c.status = Verdict::Fail;
    c.detail = QStringLiteral("%1 = %2, expected the baseline %3").arg(f.versionTable, f.finalRevision.label(), f.baselineRevision.label());
    return c;
}

// A down section of only comments or SELECTs "succeeds" and leaves what its up section made:
// said up front, by name, rather than left for the schema diff to show as a puzzle.
CheckResult downEffect(const ScenarioFacts &f)
{
    CheckResult c = make(QStringLiteral("down.effect"), QStringLiteral("every down script of the round trip does something"));
    if (f.noEffectDowns.isEmpty()) {
        c.detail = QStringLiteral("no down script without effect");
        return c;
    }
    c.status = Verdict::Warn;
    c.objects = f.noEffectDowns;
    c.detail = QStringLiteral("down script has no effect: %1").arg(f.noEffectDowns.join(QStringLiteral(", ")));
    return c;
}

CheckResult probe(const QString &id, const QString &title, const ProbeResult &p, const ScenarioFacts &f)
{
    CheckResult c = make(id, title);
    if (p.inferred) {
        c.status = p.ok ? Verdict::Pass : Verdict::Fail;
        c.detail = QStringLiteral("%1 -> %2 not repeated: %3").arg(p.from.label(), p.to.label(), p.choice);
        return c;
    }
    if (!p.ran) {
        notJudged(c, f, p.detail.isEmpty() ? QStringLiteral("not run") : p.detail);
        return c;
    }
    c.status = p.ok ? Verdict::Pass : Verdict::Fail;
    c.detail = QStringLiteral("%1 -> %2 in %3 ms, %4%5")
                   .arg(p.from.label(), p.to.label()).arg(p.durationMs, 0, 'f', 1)
                   .arg(p.onCopy ? QStringLiteral("the copy dropped afterwards") : QStringLiteral("rolled back afterwards"))
                   .arg(p.detail.isEmpty() ? QString() : QStringLiteral(": ") + p.detail);
    if (!p.choice.isEmpty())
        c.detail += QStringLiteral(" (%1)").arg(p.choice);
    return c;
}

// `ms` < 0: the phase never ran. `judged` false: it ran but did not complete, so its time
// says nothing about the budget.
CheckResult budget(const QString &id, const QString &title, double ms, double budgetMs, bool judged, const ScenarioFacts &f)
{
    CheckResult c = make(id, title);
    if (ms < 0 || !judged) {
        notJudged(c, f, ms < 0 ? QStringLiteral("not measured") : QStringLiteral("not judged: the phase did not complete"));
        c.detail += QStringLiteral(" (budget %1 ms)").arg(budgetMs, 0, 'f', 0);
        return c;
    }
    c.status = ms < budgetMs ? Verdict::Pass : Verdict::Fail;
    c.detail = QStringLiteral("%1 ms (budget %2 ms)").arg(ms, 0, 'f', 1).arg(budgetMs, 0, 'f', 0);
    return c;
}

} // namespace

namespace {

// ACCESS EXCLUSIVE on a table held longer than the threshold by the upgrade or the downgrade:
// every query on that table waited that long. A warning, not a failure: how long is too long
// is the release's call, and the time grows with the data (revisor scale).
CheckResult longExclusiveLocks(const ScenarioFacts &f)
{
    CheckResult c = make(QStringLiteral("locks.exclusive"),
                         QStringLiteral("no ACCESS EXCLUSIVE table lock held longer than %1 s").arg(f.lockThresholdMs / 1000.0, 0, 'g', 3));
    QStringList lines;
    for (const Phase &p : f.phases) {
        if (p.name != QLatin1String("upgrade") && p.name != QLatin1String("downgrade"))
            continue;
        for (const StepResult &step : p.steps) {
            for (const StepResult::LongLock &l : step.locksHeldOver(f.lockThresholdMs)) {
                lines << QStringLiteral("%1 %2: %3 held %4 ms from %5:%6").arg(p.name, step.revision, l.lock.relation)
                             .arg(l.lock.heldMs, 0, 'f', 0).arg(l.statement->file).arg(l.statement->line);
                c.objects << l.lock.relation;
            }
        }
    }
    c.status = lines.isEmpty() ? Verdict::Pass : Verdict::Warn;
    c.detail = lines.isEmpty() ? QStringLiteral("none held longer") : lines.join(QLatin1Char('\n'));
    return c;
}

// Sqitch's verify scripts, one check per deploy that has one: the script fails by raising an
// error, so a deploy that did not do what its verify expects fails its check.
QList<CheckResult> verifyScripts(const ScenarioFacts &f)
{
    QList<CheckResult> checks;
    for (const Phase &p : f.phases) {
        if (p.name != QLatin1String("upgrade"))
            continue;
        for (const StepResult &step : p.steps) {
            if (!step.verify)
                continue;
            CheckResult c = make(QStringLiteral("verify.%1").arg(step.revision),
                                 QStringLiteral("the verify script of %1 passes after its deploy").arg(step.revision));
            c.objects << step.verify->file;
            if (step.verify->passed()) {
                c.detail = QStringLiteral("%1 ran in %2 ms without an error").arg(step.verify->file).arg(step.verify->durationMs, 0, 'f', 1);
            } else {
                c.status = Verdict::Fail;
                c.detail = step.verify->error->toString();
            }
            checks << c;
        }
    }
    return checks;
}

} // namespace

QList<CheckResult> genericChecks(const ScenarioFacts &f)
{
    const QList<TableComparison> tables = compareCaptures(f.baseline.data, f.rolledBack.data);
    QList<CheckResult> checks{schemaIdentical(f),
            dataPreserved(f, tables),
            dataLossLedger(f, tables),
            sequencesRestored(f),
            sequencesAheadOfData(f),
            versionRestored(f),
            downEffect(f),
            probe(QStringLiteral("probe.downgrade"), QStringLiteral("a further downgrade -1 after the rollback succeeds"), f.downgradeProbe, f),
            probe(QStringLiteral("probe.reupgrade"), QStringLiteral("upgrading again after the rollback succeeds"), f.reupgradeProbe, f),
            budget(QStringLiteral("budget.rollback"), QStringLiteral("rollback within its time budget"), f.durationOf(QStringLiteral("downgrade")),
                   f.rollbackBudgetMs, f.completed(QStringLiteral("downgrade")), f),
            // A scenario that stopped early has no whole-scenario time to judge.
            budget(QStringLiteral("budget.scenario"), QStringLiteral("whole scenario within its time budget"), f.scenarioMs,
                   f.scenarioBudgetMs, f.stoppedBy.isEmpty(), f)};
    checks << longExclusiveLocks(f);
    checks << verifyScripts(f);
    // The upgrade has no budget unless one is given: a slow upgrade is a choice a release
    // can make, a slow rollback is not.
    if (f.upgradeBudgetMs > 0)
        checks << budget(QStringLiteral("budget.upgrade"), QStringLiteral("upgrade within its time budget"), f.durationOf(QStringLiteral("upgrade")),
                         f.upgradeBudgetMs, f.completed(QStringLiteral("upgrade")), f);
    if (!f.upgradedSeed.isEmpty())
        checks << rowsWrittenAfterUpgradeKept(f);
    if (!f.repairSummary.isEmpty()) {
        // What the down script is missing, proven: a pass when the script brings the schema
        // back to the baseline, a warning with what remains otherwise.
        CheckResult repair = make(QStringLiteral("schema.repair"), QStringLiteral("the repair script brings the rolled-back schema back to the baseline"));
        repair.status = f.repairVerified ? Verdict::Pass : Verdict::Warn;
        repair.detail = f.repairSummary + QStringLiteral("\n") + f.repairSql;
        checks << repair;
    }
    return checks;
}

QList<CheckResult> runAllChecks(const ScenarioFacts &facts, const CheckSuite &suite)
{
    QList<CheckResult> all = genericChecks(facts);
    for (const CheckSpec &spec : suite.checks)
        all << evaluateCheck(spec, facts);
    sortFailingFirst(all);
    return all;
}

} // namespace revisor
