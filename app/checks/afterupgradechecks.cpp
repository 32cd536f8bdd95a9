#include "checks.h"

namespace revisor {

bool keptRowsWrittenAfterUpgrade(const ScenarioFacts &f, const TableComparison &t)
{
    const qint64 written = f.writtenAfterUpgrade.value(t.table);
    if (written <= 0 || !t.presentBefore() || !t.presentAfter() || t.rowsAfter != t.rowsBefore + written)
        return false;
    // Only rows added since the baseline, as many as the seed wrote: the baseline's rows are
    // untouched and the new ones kept.
    for (const RowChange &row : t.changedRows) {
        if (row.kind != RowChange::Kind::Added)
            return false;
    }
    return t.changedRowCount == written;
}

bool feedsTableWrittenAfterUpgrade(const ScenarioFacts &f, const QString &sequence)
{
    for (const SequenceFeed &feed : f.rolledBack.sequenceFeeds) {
        if (feed.sequence == sequence && f.writtenAfterUpgrade.contains(feed.column.section(QLatin1Char('.'), 0, 1)))
            return true;
    }
    return false;
}

CheckResult rowsWrittenAfterUpgradeKept(const ScenarioFacts &f)
{
    CheckResult c;
    c.id = QStringLiteral("data.after-upgrade");
    c.title = QStringLiteral("rows written after the upgrade (seed %1) survive the rollback").arg(f.upgradedSeed);
    c.origin = QStringLiteral("generic");
    if (!f.rolledBack.captured) {
        c.status = CheckResult::Status::Skip;
        c.detail = QStringLiteral("the rollback did not complete; nothing to compare");
        return c;
    }
    QStringList lost, declared, kept;
    for (auto it = f.writtenAfterUpgrade.cbegin(); it != f.writtenAfterUpgrade.cend(); ++it) {
        const TableData *before = f.baseline.data.table(it.key());
        const TableData *after = f.rolledBack.data.table(it.key());
        const qint64 expected = (before ? before->rows : 0) + it.value();
        const qint64 missing = expected - (after ? after->rows : 0);
        if (missing <= 0) {
            kept << QStringLiteral("%1: %2 row(s) kept").arg(it.key()).arg(it.value());
            continue;
        }
        const QString line = QStringLiteral("%1: %2 of the %3 row(s) written after the upgrade lost%4")
                                 .arg(it.key()).arg(qMin(missing, it.value())).arg(it.value())
                                 .arg(after ? QString() : QStringLiteral(" (the table is gone)"));
        if (const Declaration *d = findDeclaration(f.declarations, Declaration::Kind::LostAfterUpgrade, it.key())) {
            declared << QStringLiteral("%1 [declared: %2]").arg(line, d->reason);
        } else {
            lost << line;
            c.objects << it.key();
        }
    }
    if (!lost.isEmpty()) {
        c.status = CheckResult::Status::Fail;
        c.detail = (lost + declared).join(QLatin1Char('\n'));
    } else if (!declared.isEmpty()) {
        c.status = CheckResult::Status::Warn;
        c.detail = QStringLiteral("declared: ") + declared.join(QLatin1Char('\n'));
    } else {
        c.detail = kept.isEmpty() ? QStringLiteral("the seed wrote no rows") : kept.join(QLatin1Char('\n'));
    }
    return c;
}

} // namespace revisor
