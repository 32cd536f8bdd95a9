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

Runner::Runner(Session &session, const MigrationSet &set, RunnerOptions options)
    : m_session(session), m_set(set), m_options(std::move(options))
{
}

void Runner::requestCancel()
{
    m_cancel = true;
    m_session.cancel();
}

Result<QString> Runner::currentRevision()
{
    auto exists = m_session.scalar(QStringLiteral("SELECT to_regclass(quote_ident($1)) IS NOT NULL"), {m_options.versionTable});
    if (!exists)
        return fail(exists.error());
    if (*exists != QLatin1String("t"))
        return QString();
    auto rows = m_session.exec(QStringLiteral("SELECT version_num FROM %1").arg(m_session.quoteIdent(m_options.versionTable)));
    if (!rows)
        return fail(rows.error());
    if (rows->rows.size() > 1) {
        QStringList ids;
        for (const auto &r : rows->rows)
            ids << r.value(0);
        return fail(Error::database(QStringLiteral("%1 holds several revisions (%2): branched databases are not supported")
                                        .arg(m_options.versionTable, ids.join(QStringLiteral(", ")))));
    }
    return rows->rows.isEmpty() ? QString() : rows->value(0, 0);
}

RunOutcome Runner::migrate(const QString &target)
{
    RunOutcome outcome;
    std::unique_ptr<MigrationLock> lock;
    if (m_options.takeLock) {
        auto acquired = MigrationLock::acquire(m_session.settings(), m_options.lockTimeoutMs, &m_cancel);
        if (!acquired) {
            outcome.error = acquired.error();
            return outcome;
        }
        lock = std::move(*acquired);
    }
    // Read the revision only once the lock is ours: another migrator may just have moved it.
    auto current = currentRevision();
    if (!current) {
        outcome.error = current.error();
        return outcome;
    }
    outcome.finalRevision = *current;
    auto resolved = m_set.resolveTarget(*current, target);
    if (!resolved) {
        outcome.error = resolved.error();
        return outcome;
    }
    auto steps = m_set.plan(*current, *resolved);
    if (!steps) {
        outcome.error = steps.error();
        return outcome;
    }
    outcome = runSteps(*steps);
    if (outcome.steps.isEmpty())
        outcome.finalRevision = *current;
    return outcome;
}

RunOutcome Runner::runSteps(const QList<PlannedStep> &steps, bool insideTransaction)
{
    RunOutcome outcome;
    outcome.finalRevision = steps.isEmpty() ? QString() : steps.first().from;
    for (const PlannedStep &step : steps) {
        auto done = runStep(step, insideTransaction);
        if (!done) {
            outcome.error = done.error();
            return outcome;
        }
        outcome.steps << *done;
        if (!done->ok()) {
            outcome.error = done->error;
            return outcome;
        }
        outcome.finalRevision = step.to;
    }
    return outcome;
}

Result<StepResult> Runner::runStep(const PlannedStep &step, bool insideTransaction)
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
    auto statements = splitSql(up ? rev.upSql : rev.downSql, rev.file, up ? rev.upLine : rev.downLine);
    if (!statements) {
        Error e = statements.error();
        e.revision = rev.id;
        return fail(e);
    }
    if (m_observer.stepStarted)
        m_observer.stepStarted(QStringLiteral("%1 %2").arg(up ? QStringLiteral("upgrade to") : QStringLiteral("downgrade from"), rev.id));

    QElapsedTimer timer;
    timer.start();
    const bool transactional = rev.transactional || insideTransaction;
    if (!rev.transactional && insideTransaction) {
        Error e = Error::input(rev.file, rev.headerLine, QStringLiteral("revision is not transactional; it cannot run inside a probe transaction"));
        e.revision = rev.id;
        return fail(e);
    }
    const QString begin = insideTransaction ? QStringLiteral("SAVEPOINT revisor_step") : QStringLiteral("BEGIN");
    const QString rollback = insideTransaction ? QStringLiteral("ROLLBACK TO SAVEPOINT revisor_step") : QStringLiteral("ROLLBACK");
    const QString commit = insideTransaction ? QStringLiteral("RELEASE SAVEPOINT revisor_step") : QStringLiteral("COMMIT");

    auto finish = [&](std::optional<Error> error) {
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

    if (transactional) {
        if (auto b = m_session.exec(begin); !b)
            return finish(b.error());
    }
    ScriptExecutor executor(m_session, m_cancel, m_observer);
    if (auto ran = executor.run(*statements, rev.file, result.statements); !ran) {
        Error e = ran.error();
        if (transactional) {
            (void)m_session.exec(rollback);
            e.message += QStringLiteral(" (the step was rolled back; the database is still at revision %1)")
                             .arg(step.from.isEmpty() ? QStringLiteral("base") : step.from);
        } else {
            e.message += QStringLiteral(" (revision %1 is not transactional: the %2 statement(s) before this one were applied and stay; the version table still says %3)")
                             .arg(rev.id).arg(result.statements.size()).arg(step.from.isEmpty() ? QStringLiteral("base") : step.from);
        }
        return finish(e);
    }
    if (auto v = writeVersion(step.from, step.to); !v) {
        if (transactional)
            (void)m_session.exec(rollback);
        return finish(v.error());
    }
    if (transactional) {
        auto locks = heldLocks();
        if (locks)
            result.locks = *locks;
        if (auto c = m_session.exec(commit); !c) {
            (void)m_session.exec(rollback);
            return finish(c.error());
        }
    }
    return finish(std::nullopt);
}

Status Runner::writeVersion(const QString &from, const QString &to)
{
    const QString table = m_session.quoteIdent(m_options.versionTable);
    // Alembic's own definition, so that Alembic reads the same table.
    auto created = m_session.exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS %1 (version_num VARCHAR(32) NOT NULL, CONSTRAINT %2 PRIMARY KEY (version_num))")
        .arg(table, m_session.quoteIdent(m_options.versionTable + QStringLiteral("_pkc"))));
    if (!created)
        return fail(created.error());
    m_session.takeNotices(); // "relation already exists, skipping"
    Result<QueryResult> written;
    if (from.isEmpty())
        written = m_session.exec(QStringLiteral("INSERT INTO %1 (version_num) VALUES ($1)").arg(table), {to});
    else if (to.isEmpty())
        written = m_session.exec(QStringLiteral("DELETE FROM %1 WHERE version_num = $1").arg(table), {from});
    else
        written = m_session.exec(QStringLiteral("UPDATE %1 SET version_num = $1 WHERE version_num = $2").arg(table), {to, from});
    if (!written)
        return fail(written.error());
    if (written->rowsAffected != 1)
        return fail(Error::database(QStringLiteral("the version table %1 did not hold revision '%2' (changed by someone else?)")
                                        .arg(m_options.versionTable, from)));
    return {};
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
