#include "checks.h"

namespace revisor {

namespace {

const SequenceFeed *feedOf(const QList<SequenceFeed> &feeds, const SequenceFeed &like)
{
    for (const SequenceFeed &f : feeds) {
        if (f.sequence == like.sequence && f.column == like.column)
            return &f;
    }
    return nullptr;
}

} // namespace

QStringList sequencesBehindTheirData(const ScenarioFacts &f)
{
    QStringList out;
    for (const SequenceFeed &feed : f.rolledBack.sequenceFeeds) {
        if (feed.behind && !out.contains(feed.sequence))
            out << feed.sequence;
    }
    return out;
}

CheckResult sequencesAheadOfData(const ScenarioFacts &f)
{
    CheckResult c;
    c.id = QStringLiteral("data.sequence-behind");
    c.title = QStringLiteral("no sequence or identity would hand out a value its column already holds after the rollback");
    c.origin = QStringLiteral("generic");
    if (!f.rolledBack.captured) {
        c.status = CheckResult::Status::Skip;
        c.detail = QStringLiteral("the rollback did not complete; nothing to judge");
        return c;
    }
    QStringList behind, inherited;
    for (const SequenceFeed &feed : f.rolledBack.sequenceFeeds) {
        if (!feed.behind)
            continue;
        // Behind already at the baseline (a seed that wrote explicit ids, say): not the
        // rollback's doing, yet the next insert fails all the same.
        const SequenceFeed *before = f.baseline.captured ? feedOf(f.baseline.sequenceFeeds, feed) : nullptr;
        if (before && before->behind) {
            inherited << feed.describe() + QStringLiteral(" (already so at the baseline)");
            continue;
        }
        behind << feed.describe();
        c.objects << feed.sequence << feed.column;
    }
    if (!behind.isEmpty()) {
        c.status = CheckResult::Status::Fail;
        c.detail = QStringLiteral("the next insert takes a value that already exists (a duplicate key where the column is unique):\n%1")
                       .arg((behind + inherited).join(QLatin1Char('\n')));
        return c;
    }
    if (!inherited.isEmpty()) {
        c.status = CheckResult::Status::Warn;
        c.detail = inherited.join(QLatin1Char('\n'));
        return c;
    }
    c.detail = QStringLiteral("%1 sequence(s) ahead of the values in the columns they feed").arg(f.rolledBack.sequenceFeeds.size());
    return c;
}

} // namespace revisor
