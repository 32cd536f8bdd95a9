#include "runner.h"

#include "runner/migrationlock.h"

#include <QElapsedTimer>

namespace revisor {

namespace {

// Locks on user relations held by this backend, named (pg_class of the transaction's own
// snapshot: a table dropped in it no longer has a name, so its OID is shown).
const char *const kHeldLocksSql =
    "SELECT coalesce(quote_ident(n.nspname) || '.' || quote_ident(c.relname), '(oid ' || l.relation::text || ')'),"
    "       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'"
    "            WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
    "            WHEN 't' THEN 'toast table' ELSE coalesce(c.relkind::text, 'dropped') END,"
    "       l.mode "
    "FROM pg_locks l "
    "LEFT JOIN pg_class c ON c.oid = l.relation "
    "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted "
    "  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "  AND coalesce(n.nspname, '') NOT IN ('pg_catalog', 'information_schema') "
    "ORDER BY 1, 3";

} // namespace

std::shared_ptr<VersionStore> versionStoreFor(const MigrationSet &)
{
    return alembicVersionStore();
}

Runner::Runner(Session &session, const MigrationSet &set, RunnerOptions options)
    : m_session(session), m_set(set), m_options(std::move(options))
{
    if (!m_options.versionStore)
        m_options.versionStore = versionStoreFor(set);
}

void Runner::requestCancel()
{
    m_cancel = true;
    m_session.cancel();
}

Result<RevisionRef> Runner::currentRevision()
{
    return m_options.versionStore->current(m_session);
}

Result<RunOutcome> Runner::migrate(const QString &target)
{
    return migrateUnderLock([&](const RevisionRef &current) { return m_set.resolveTarget(current, target); });
}

Result<RunOutcome> Runner::migrate(const RevisionRef &target)
{
    return migrateUnderLock([&](const RevisionRef &) -> Result<RevisionRef> { return target; });
}

Result<RunOutcome> Runner::migrateUnderLock(const std::function<Result<RevisionRef>(const RevisionRef &current)> &resolve)
{
    std::unique_ptr<MigrationLock> lock;
    if (m_options.takeLock) {
        auto acquired = MigrationLock::acquire(m_session.settings(), m_options.lockTimeoutMs, &m_cancel);
        if (!acquired)
            return fail(acquired.error());
        lock = std::move(*acquired);
    }
    // Read the revision only once the lock is ours: another migrator may just have moved it.
    auto current = currentRevision();
    if (!current)
        return fail(current.error());
    auto resolved = resolve(*current);
    if (!resolved)
        return fail(resolved.error());
    auto steps = m_set.plan(*current, *resolved);
    if (!steps)
        return fail(steps.error());
    // Tells who blocks a step while it waits, and which relation a lock timeout was about.
    std::unique_ptr<LockWatcher> watcher;
    if (m_options.watchLocks && !steps->isEmpty()) {
        if (auto pid = m_session.scalar(QStringLiteral("SELECT pg_backend_pid()")); pid)
            watcher = std::make_unique<LockWatcher>(m_session.settings(), pid->toInt(), m_observer.lockWaiting);
    }
    m_watcher = watcher.get();
    RunOutcome outcome = runSteps(*steps);
    m_watcher = nullptr;
    if (outcome.steps.isEmpty())
        outcome.finalRevision = *current;
    return outcome;
}

RunOutcome Runner::runSteps(const QList<PlannedStep> &steps, bool insideTransaction)
{
    RunOutcome outcome;
    outcome.finalRevision = steps.isEmpty() ? RevisionRef() : steps.first().from;
    for (const PlannedStep &step : steps) {
        outcome.steps << runStep(step, insideTransaction);
        if (!outcome.steps.constLast().completed())
            break;
        outcome.finalRevision = step.to;
    }
    return outcome;
}

StepResult Runner::runStep(const PlannedStep &step, bool insideTransaction)
{
    const Revision &rev = step.revision;
    const bool up = step.direction == PlannedStep::Direction::Up;
    StepResult result;
    result.kind = up ? StepResult::Kind::Upgrade : StepResult::Kind::Downgrade;
    result.revision = rev.id;
    result.from = step.from;
    result.to = step.from; // until it commits
    result.message = rev.message;
    result.transactional = rev.transactional;
    result.startedAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer timer;
    timer.start();
    std::optional<AppliedTimeouts> timeouts;
    // Every way out goes through here: the error gets the revision, the observer hears of it.
    auto finish = [&](std::optional<Error> error) {
        if (timeouts)
            timeouts->restore();
        result.durationMs = timer.nsecsElapsed() / 1e6;
        if (error) {
            error->revision = rev.id;
            if (error->message.isEmpty())
                error->message = QStringLiteral("step failed");
            result.error = error;
        } else {
            result.to = step.to;
        }
        if (m_observer.stepFinished)
            m_observer.stepFinished(result);
        return result;
    };

    auto statements = splitSql(up ? rev.upSql : rev.downSql, rev.file, up ? rev.upLine : rev.downLine);
    if (!statements)
        return finish(statements.error());
    if (!rev.transactional && insideTransaction)
        return finish(Error::input(rev.file, rev.headerLine, QStringLiteral("revision is not transactional; it cannot run inside a probe transaction")));
    if (m_observer.stepStarted)
        m_observer.stepStarted(QStringLiteral("%1 %2").arg(up ? QStringLiteral("upgrade to") : QStringLiteral("downgrade from"), rev.id));

    const bool transactional = rev.transactional || insideTransaction;
    const QString begin = insideTransaction ? QStringLiteral("SAVEPOINT revisor_step") : QStringLiteral("BEGIN");
    const QString rollback = insideTransaction ? QStringLiteral("ROLLBACK TO SAVEPOINT revisor_step") : QStringLiteral("ROLLBACK");
    const QString commit = insideTransaction ? QStringLiteral("RELEASE SAVEPOINT revisor_step") : QStringLiteral("COMMIT");
    VersionStore &store = *m_options.versionStore;

    if (transactional) {
        if (auto b = m_session.exec(begin); !b)
            return finish(b.error());
    }
    const auto rollbackWith = [&](const Error &e) {
        if (transactional)
            (void)m_session.exec(rollback);
        return finish(e);
    };
    auto applied = AppliedTimeouts::apply(m_session, timeoutsFor(m_options.timeouts, rev), transactional);
    if (!applied)
        return rollbackWith(applied.error());
    timeouts = *applied;
    if (auto began = store.beginMove(m_session, step); !began)
        return rollbackWith(began.error());
    ScriptExecutor executor(m_session, m_cancel, m_observer);
    if (auto ran = executor.run(*statements, rev.file, result.statements); !ran) {
        Error e = timeouts->explain(ran.error(), m_watcher ? m_watcher->lastRelation() : QString(), m_cancel.load());
        if (transactional) {
            e.message += QStringLiteral(" (the step was rolled back; the database is still at revision %1)").arg(step.from.label());
        } else {
            result.statementsKept = int(result.statements.size());
            e.message += QStringLiteral(" (revision %1 is not transactional: the %2 statement(s) before this one were applied and stay; the version table still says %3)")
                             .arg(rev.id).arg(result.statementsKept).arg(step.from.label());
        }
        return rollbackWith(e);
    }
    if (auto v = store.commitMove(m_session, step); !v) {
        if (!transactional)
            result.statementsKept = int(result.statements.size());
        return rollbackWith(v.error());
    }
    if (transactional) {
        auto locks = heldLocks();
        if (locks)
            result.locks = *locks;
        if (auto c = m_session.exec(commit); !c)
            return rollbackWith(c.error());
    }
    return finish(std::nullopt);
}

Result<QList<LockInfo>> Runner::heldLocks()
{
    auto rows = m_session.exec(QString::fromLatin1(kHeldLocksSql));
    if (!rows)
        return fail(rows.error());
    QList<LockInfo> locks;
    for (const auto &r : rows->rows)
        locks << LockInfo{r.value(0), r.value(1), r.value(2)};
    return locks;
}

} // namespace revisor
