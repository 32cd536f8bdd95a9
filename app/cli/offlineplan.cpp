// upgrade/downgrade --sql: the exact statements of a plan, printed without a database, in the
// order and with the transactions the runner would use, the version bookkeeping included.
#include "cli/migratesupport.h"

namespace revisor::cli {

namespace {

// The revision an offline plan starts from: --from, else base for an upgrade and head for a
// downgrade to a named revision; a relative downgrade needs to know where it starts.
Result<RevisionRef> planStart(const MigrationSet &set, const QString &from, const QString &target, bool upgrade)
{
    if (!from.isEmpty())
        return set.resolveTarget(RevisionRef::base(), from);
    if (upgrade)
        return RevisionRef::base();
    if (target.startsWith(QLatin1Char('-')) || target.startsWith(QLatin1Char('+')))
        return fail(Error::usage(QStringLiteral("downgrade %1 --sql: a relative target needs --from REV (the revision the database is at)").arg(target)));
    return set.head();
}

} // namespace

int printOfflinePlan(Context &ctx, const MigrationSet &set, const QString &target, const QString &from, bool upgrade)
{
    auto start = planStart(set, from, target, upgrade);
    if (!start)
        return ctx.report(start.error());
    auto resolved = set.resolveTarget(*start, target);
    if (!resolved)
        return ctx.report(resolved.error());
    if (auto wrongSide = checkDirection(set, *start, *resolved, upgrade ? Runner::Direction::Up : Runner::Direction::Down); !wrongSide)
        return ctx.report(wrongSide.error());
    auto steps = set.plan(*start, *resolved);
    if (!steps)
        return ctx.report(steps.error());
    if (auto valid = validatePlan(*steps); !valid)
        return ctx.report(valid.error());
    const auto store = versionStoreFor(set);
    ctx.out << QStringLiteral("-- revisor %1 %2 from %3 (%4)\n")
                   .arg(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), resolved->label(), start->label(), store->name());
    for (const PlannedStep &step : *steps) {
        const Revision &rev = step.revision;
        const bool up = step.direction == PlannedStep::Direction::Up;
        auto statements = splitSection(rev, up);
        if (!statements)
            return ctx.report(statements.error());
        ctx.out << QStringLiteral("\n-- %1 %2 -> %3: %4%5\n")
                       .arg(up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), step.from.label(), step.to.label(), rev.message,
                            rev.transactionalFor(up) ? QString() : QStringLiteral(" (not transactional: statements run one by one)"));
        // A step that is not transactional runs its statements on their own and only its
        // bookkeeping in a transaction, as the runner does.
        if (rev.transactionalFor(up))
            ctx.out << "BEGIN;\n";
        for (const SqlStatement &s : *statements)
            ctx.out << QStringLiteral("-- %1:%2\n%3;\n").arg(rev.sectionFile(up)).arg(s.line).arg(s.sql);
        if (!rev.transactionalFor(up))
            ctx.out << "BEGIN;\n";
        for (const QString &s : store->moveStatements(step))
            ctx.out << s << ";\n";
        ctx.out << "COMMIT;\n";
    }
    return 0;
}

} // namespace revisor::cli
