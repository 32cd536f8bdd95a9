#include "runner.h"

#include "runner/migrationlock.h"
#include "runner/runhistory.h"
#include "runner/stores/versionstores.h"
#include "runner/stepexecutor.h"

#include <QElapsedTimer>

namespace revisor {

namespace {

// Every INVALID index of the database by OID, named. A failed CREATE INDEX CONCURRENTLY
// leaves its index INVALID. Comparing the OIDs before a step with those after it names
// exactly the ones the step left, without guessing from the SQL which tables it touched, and
// without blaming the step for an invalid index that was there before.
const char *const kInvalidIndexesSql =
    "SELECT i.indexrelid::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT i.indisvalid ORDER BY 2";

// OID -> qualified name of the INVALID indexes.
Result<QList<std::pair<QString, QString>>> invalidIndexes(Session &session)
{
    auto rows = session.exec(QString::fromLatin1(kInvalidIndexesSql));
    if (!rows)
        return fail(rows.error());
    QList<std::pair<QString, QString>> out;
    for (const auto &r : rows->rows)
        out.append({r.value(0), r.value(1)});
    return out;
}

} // namespace

std::shared_ptr<VersionStore> versionStoreFor(const MigrationSet &set)
{
    // Each layout keeps the bookkeeping of the tool it belongs to, so that the tool agrees
    // with Revisor on where a database is. A native set keeps Alembic's.
    const QString table = set.options().versionTable;
    const auto named = [&](const QString &fallback) { return table.isEmpty() ? fallback : table; };
    const QString format = set.format();
    if (format == QLatin1String("pairs"))
        return golangMigrateStore(named(QStringLiteral("schema_migrations")));
    if (format == QLatin1String("diesel"))
        return dieselStore(set, named(QStringLiteral("__diesel_schema_migrations")));
    if (format == QLatin1String("dbmate"))
        return dbmateStore(set, named(QStringLiteral("schema_migrations")));
    if (format == QLatin1String("flyway"))
        return flywayStore(set, named(QStringLiteral("flyway_schema_history")));
    if (format == QLatin1String("sqitch"))
        return sqitchStore(set, named(QStringLiteral("sqitch")));
    return alembicVersionStore(named(QStringLiteral("alembic_version")),
                               set.isLinear() ? nullptr : std::make_shared<const MigrationSet>(set));
}

Status checkDirection(const MigrationSet &set, const RevisionRef &current, const RevisionRef &target, Runner::Direction direction)
{
    using Direction = Runner::Direction;
    const auto from = set.height(current), to = set.height(target);
    if (from && to && (direction == Direction::Up ? *to < *from : direction == Direction::Down && *to > *from))
        return fail(Error::usage(QStringLiteral("%1 to %2: the target is %3 the current revision %4")
                                     .arg(direction == Direction::Up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                                          target.label(), direction == Direction::Up ? QStringLiteral("below") : QStringLiteral("above"),
                                          current.label())));
    return {};
}

Runner::Runner(Session &session, const MigrationSet &set, RunnerOptions options)
    : m_session(session), m_set(set), m_options(std::move(options))
{
    if (!m_options.versionStore)
        m_options.versionStore = versionStoreFor(set);
    if (!m_options.executor)
        m_options.executor = stepExecutorFor(set);
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

Result<RunOutcome> Runner::migrate(const QString &target, Direction direction)
{
    return migrateUnderLock([&](const RevisionRef &current) { return m_set.resolveTarget(current, target); }, direction);
}

Result<RunOutcome> Runner::migrate(const RevisionRef &target, Direction direction)
{
    return migrateUnderLock([&](const RevisionRef &) -> Result<RevisionRef> { return target; }, direction);
}

Result<std::unique_ptr<MigrationLock>> Runner::lock()
{
    if (!m_options.takeLock)
        return std::unique_ptr<MigrationLock>();
    return MigrationLock::acquire(m_session.settings(), m_options.lockTimeoutMs, &m_cancel);
}

Status Runner::refuseWhenDirty()
{
    auto dirty = m_options.versionStore->dirtyState(m_session);
    if (!dirty)
        return fail(dirty.error());
    if (!dirty->dirty)
        return {};
    // Running on would start from a revision that is only partly there: the next statement
    // to run would meet what already stayed applied.
    Error e = Error::usage(QStringLiteral(
        "the database is dirty: revision %1 stopped after statement %2 of %3 (%4 from %5)%6. "
        "Repair it, then run 'revisor resolve' with --resume (run the remaining statements from statement %7), "
        "--mark-applied (the rest was completed by hand) or --mark-rolled-back (what stayed was undone by hand)")
        .arg(dirty->revision.label()).arg(dirty->statementsDone).arg(dirty->statementCount)
        .arg(dirty->up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), dirty->from.label(),
             dirty->invalidIndexes.isEmpty() ? QString()
                                             : QStringLiteral(", leaving the INVALID index(es) %1").arg(dirty->invalidIndexes.join(QStringLiteral(", "))))
        .arg(dirty->statementsDone + 1));
    e.revision = dirty->revision.id();
    e.detail = dirty->error;
    return fail(e);
}

Result<Runner::Locked> Runner::lockClean()
{
    auto held = lock();
    if (!held)
        return fail(held.error());
    if (auto clean = refuseWhenDirty(); !clean)
        return fail(clean.error());
    // Read the revision only once the lock is ours: another migrator may just have moved it.
    auto current = currentRevision();
    if (!current)
        return fail(current.error());
    return Locked{std::move(*held), *current};
}

Result<RunOutcome> Runner::migrateUnderLock(const std::function<Result<RevisionRef>(const RevisionRef &current)> &resolve,
                                            Direction direction)
{
    auto locked = lockClean();
    if (!locked)
        return fail(locked.error());
    const RevisionRef &current = locked->current;
    auto resolved = resolve(current);
    if (!resolved)
        return fail(resolved.error());
    // Checked here, not before the lock: a migrator that held it may have moved the database
    // past the target, and "upgrade 001" must then refuse rather than downgrade.
    if (auto wrongWay = checkDirection(m_set, current, *resolved, direction); !wrongWay)
        return fail(wrongWay.error());
    auto steps = m_set.plan(current, *resolved);
    if (!steps)
        return fail(steps.error());
    if (auto valid = validatePlan(*steps); !valid)
        return fail(valid.error());
    // Tells who blocks a step while it waits, and which relation a lock timeout was about.
    std::unique_ptr<LockWatcher> watcher;
    // Sees the locks each statement takes while it still runs.
    std::unique_ptr<LockSampler> sampler;
    if (!steps->isEmpty()) {
        const int pid = backendPid();
        if (m_options.watchLocks && pid > 0)
            watcher = std::make_unique<LockWatcher>(m_session.settings(), pid, m_observer.lockWaiting);
        if (m_options.sampleLocks && pid > 0)
            sampler = std::make_unique<LockSampler>(m_session.settings(), WatchedBackends{pid, {}});
    }
    m_watcher = watcher.get();
    m_sampler = sampler.get();
    m_lock = locked->lock.get();
    RunOutcome outcome = runSteps(*steps);
    m_lock = nullptr;
    m_watcher = nullptr;
    m_sampler = nullptr;
    if (outcome.steps.isEmpty())
        outcome.finalRevision = current;
    return outcome;
}

RunOutcome Runner::runSteps(const QList<PlannedStep> &steps, bool insideTransaction)
{
    RunOutcome outcome;
    outcome.finalRevision = steps.isEmpty() ? RevisionRef() : steps.first().from;
    for (const PlannedStep &step : steps) {
        // A step executor runs the step in another process, which cannot join the caller's
        // transaction: a probe (rolled back afterwards) runs the step's rendered SQL instead.
        if (m_options.executor && !insideTransaction)
        {
            StepResult done = m_options.executor->run(step, StepContext{m_session, *m_options.versionStore, m_cancel, m_observer, m_lock});
            // The tool moved its own bookkeeping; the history beside it is Revisor's to add. The
            // move happened either way, so a history that cannot be written is said, not failed.
            if (done.completed()) {
                if (auto recorded = inOwnTransaction([&] { return recordHistory(step, done.durationMs); }); !recorded)
                    done.toolOutput += QStringLiteral("(not added to the history of applied steps: %1)\n").arg(recorded.error().message);
            }
            outcome.steps << done;
        } else
            outcome.steps << runStep(step, insideTransaction);
        // Where the step left the database: its target, or where a failed step stopped.
        outcome.finalRevision = outcome.steps.constLast().to;
        if (!outcome.steps.constLast().completed())
            break;
    }
    return outcome;
}

StepResult Runner::runStep(const PlannedStep &step, bool insideTransaction, int resumeAfter)
{
    const Revision &rev = step.revision;
    const bool up = step.direction == PlannedStep::Direction::Up;
    StepResult result;
    result.kind = up ? StepResult::Kind::Upgrade : StepResult::Kind::Downgrade;
    result.revision = rev.id;
    result.from = step.from;
    result.to = step.from; // until it commits
    result.message = rev.message;
    result.transactional = rev.transactionalFor(up);
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

    if (const QString &unavailable = up ? rev.upSqlUnavailable : rev.downSqlUnavailable; !unavailable.isEmpty())
        return finish(Error::input(rev.sectionFile(up), rev.headerLine, QStringLiteral("revision %1 has no SQL to run here: %2")
                                                                  .arg(rev.id, unavailable)));
    auto statements = splitSection(rev, up);

    if (!statements)
        return finish(statements.error());
    if (!rev.transactionalFor(up) && insideTransaction)
        return finish(Error::input(rev.sectionFile(up), rev.headerLine, QStringLiteral("revision is not transactional; it cannot run inside a probe transaction")));
    const int statementCount = int(statements->size());
    const int skipped = std::clamp(resumeAfter, 0, statementCount);
    statements->remove(0, skipped);
    if (m_observer.stepStarted)
        m_observer.stepStarted(QStringLiteral("%1 %2%3").arg(up ? QStringLiteral("upgrade to") : QStringLiteral("downgrade from"), rev.id,
                                                            resumeAfter >= 0 ? QStringLiteral(" (resumed at statement %1)").arg(skipped + 1) : QString()));

    const bool transactional = rev.transactionalFor(up) || insideTransaction;
    const QString begin = insideTransaction ? QStringLiteral("SAVEPOINT revisor_step") : QStringLiteral("BEGIN");
    const QString rollback = insideTransaction ? QStringLiteral("ROLLBACK TO SAVEPOINT revisor_step") : QStringLiteral("ROLLBACK");
    const QString commit = insideTransaction ? QStringLiteral("RELEASE SAVEPOINT revisor_step") : QStringLiteral("COMMIT");
    VersionStore &store = *m_options.versionStore;

    // What the session had SET before the step is what it gets back once the step's own SETs
    // are undone (resetState below).
    auto sessionSettings = m_session.sessionSettings();
    if (!sessionSettings)
        return finish(sessionSettings.error());
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
    // A step that is not transactional can leave INVALID indexes behind: know the ones that
    // were there before it.
    QStringList invalidBefore;
    if (!transactional) {
        auto before = invalidIndexes(m_session);
        if (!before)
            return finish(before.error());
        for (const auto &[oid, name] : *before)
            invalidBefore << oid;
    }
    const auto failedHalfWay = [&](Error e) {
        result.statementsKept = skipped + int(result.statements.size());
        e.message += recordDirty(step, e, result.statementsKept, statementCount, invalidBefore, resumeAfter >= 0);
        return finish(e);
    };
    ScriptExecutor executor(m_session, m_cancel, m_observer);
    StatementLockTracker lockTracker(m_session, backendPid(), transactional, m_sampler);
    executor.setLockTracker(&lockTracker);
    if (auto ran = executor.run(*statements, rev.sectionFile(up), result.statements); !ran) {
        Error e = timeouts->explain(ran.error(), m_watcher ? m_watcher->lastRelation() : QString(), m_cancel.load());
        if (!transactional)
            return failedHalfWay(e);
        e.message += QStringLiteral(" (the step was rolled back; the database is still at revision %1)").arg(step.from.label());
        return rollbackWith(e);
    }
    // Sqitch's verify script is a check of the deploy, not part of it: its failure is
    // recorded (and judged as verify.<revision>), the deploy stands.
    if (up && !rev.verifySql.isEmpty()) {
        auto verified = verify(rev, transactional, executor);
        if (!verified) {
            Error e = verified.error();
            if (!transactional)
                return failedHalfWay(e);
            e.message += QStringLiteral(" (the step was rolled back; the database is still at revision %1)").arg(step.from.label());
            return rollbackWith(e);
        }
        result.verify = *verified;
    }
    // What the revision SET (search_path, role, timeouts...) must not shape the bookkeeping,
    // nor the next revision: each starts from the session's own defaults, as in a new psql.
    if (auto reset = m_session.resetState(*sessionSettings); !reset)
        return transactional ? rollbackWith(reset.error()) : failedHalfWay(reset.error());
    // Record the move only while the lock is still ours: if its connection ended, another
    // migrator may be moving the database now.
    if (m_lock) {
        if (auto held = m_lock->verify(); !held) {
            Error e = held.error();
            if (transactional) {
                e.message += QStringLiteral("; the step was rolled back, the database is still at %1").arg(step.from.label());
                return rollbackWith(e);
            }
            return failedHalfWay(e);
        }
    }
    // The bookkeeping of a step that is not transactional is a transaction of its own, so the
    // move and the end of its dirty record happen together.
    if (!transactional) {
        if (auto b = m_session.exec(QStringLiteral("BEGIN")); !b)
            return failedHalfWay(b.error());
    }
    auto recorded = recordMove(step, timer.nsecsElapsed() / 1e6);
    if (recorded && resumeAfter >= 0)
        recorded = store.clearDirty(m_session);
    if (!recorded) {
        if (transactional)
            return rollbackWith(recorded.error());
        (void)m_session.exec(QStringLiteral("ROLLBACK"));
        return failedHalfWay(recorded.error());
    }
    if (transactional) {
        auto locks = heldLocks();
        if (locks) {
            result.locks = *locks;
            result.locksAtCommit = true;
        }
    }
    if (auto c = m_session.exec(transactional ? commit : QStringLiteral("COMMIT")); !c)
        return transactional ? rollbackWith(c.error()) : failedHalfWay(c.error());
    lockTracker.committed(result.statements);
    return finish(std::nullopt);
}

Result<RunOutcome> Runner::resolve(Resolution resolution)
{
    auto held = lock();
    if (!held)
        return fail(held.error());
    VersionStore &store = *m_options.versionStore;
    auto dirty = store.dirtyState(m_session);
    if (!dirty)
        return fail(dirty.error());
    if (!dirty->dirty)
        return fail(Error::usage(QStringLiteral("the database is not dirty: nothing to resolve")));
    auto current = currentRevision();
    if (!current)
        return fail(current.error());
    if (*current != dirty->from)
        return fail(Error::database(QStringLiteral("%1 says %2, but the dirty record says the step of %3 started from %4 (changed by hand?)")
                                        .arg(store.name(), current->label(), dirty->revision.label(), dirty->from.label())));
    RunOutcome outcome;
    outcome.finalRevision = dirty->from;
    if (resolution == Resolution::MarkRolledBack) {
        if (auto cleared = store.clearDirty(m_session); !cleared)
            return fail(cleared.error());
        return outcome;
    }
    auto steps = m_set.plan(dirty->from, dirty->to);
    if (!steps)
        return fail(steps.error());
    if (steps->size() != 1 || RevisionRef(steps->constFirst().revision.id) != dirty->revision)
        return fail(Error::usage(QStringLiteral("the dirty step %1 -> %2 is not one step of this set: repair by hand, then use --mark-rolled-back")
                                     .arg(dirty->from.label(), dirty->to.label())));
    const PlannedStep &step = steps->constFirst();
    if (resolution == Resolution::Resume) {
        const Revision &rev = step.revision;
        const bool up = step.direction == PlannedStep::Direction::Up;
        auto statements = splitSection(rev, up);
        if (statements && statements->size() != dirty->statementCount)
            return fail(Error::input(rev.file, rev.headerLine, QStringLiteral("revision %1 now has %2 statement(s), the failed run had %3: the file changed since, so "
                                                                              "where to resume is unknown; repair by hand, then use --mark-applied or --mark-rolled-back")
                                                                   .arg(rev.id).arg(statements->size()).arg(dirty->statementCount)));
        outcome.steps << runStep(step, false, dirty->statementsDone);
        if (outcome.completed())
            outcome.finalRevision = step.to;
        return outcome;
    }
    // MarkApplied: the move and the end of the record in one transaction.
    auto marked = inOwnTransaction([&]() -> Status {
        if (auto moved = recordMove(step, 0); !moved)
            return moved;
        return store.clearDirty(m_session);
    });
    if (!marked)
        return fail(marked.error());
    outcome.finalRevision = step.to;
    return outcome;
}

Result<RevisionRef> Runner::stamp(const QString &target)
{
    auto locked = lockClean();
    if (!locked)
        return fail(locked.error());
    const RevisionRef &current = locked->current;
    auto resolved = m_set.resolveTarget(current, target);
    if (!resolved)
        return fail(resolved.error());
    if (*resolved == current)
        return *resolved;
    // The move as the store records it, whatever lies between: one step from current to target.
    PlannedStep step;
    const bool up = m_set.height(*resolved).value_or(0) > m_set.height(current).value_or(0);
    step.direction = up ? PlannedStep::Direction::Up : PlannedStep::Direction::Down;
    if (const Revision *named = m_set.find(up ? *resolved : current))
        step.revision = *named;
    step.from = current;
    step.to = *resolved;
    VersionStore &store = *m_options.versionStore;
    auto stamped = inOwnTransaction([&]() -> Status {
        if (auto began = store.beginMove(m_session, step); !began)
            return began;
        return store.commitMove(m_session, step);
    });
    if (!stamped)
        return fail(stamped.error());
    return *resolved;
}

Status Runner::inOwnTransaction(const std::function<Status()> &work)
{
    if (auto b = m_session.exec(QStringLiteral("BEGIN")); !b)
        return fail(b.error());
    Status done = work();
    if (done) {
        if (auto c = m_session.exec(QStringLiteral("COMMIT")); !c)
            done = fail(c.error());
    }
    if (!done)
        (void)m_session.exec(QStringLiteral("ROLLBACK"));
    return done;
}

Status Runner::recordMove(const PlannedStep &step, double durationMs)
{
    VersionStore &store = *m_options.versionStore;
    if (auto moved = store.commitMove(m_session, step); !moved)
        return moved;
    return recordHistory(step, durationMs);
}

Status Runner::recordHistory(const PlannedStep &step, double durationMs)
{
    VersionStore &store = *m_options.versionStore;
    if (!m_options.recordHistory)
        return {};
    const bool up = step.direction == PlannedStep::Direction::Up;
    HistoryEntry entry;
    entry.revision = RevisionRef(step.revision.id);
    entry.up = up;
    entry.from = step.from;
    entry.to = step.to;
    entry.scriptSha256 = scriptSha256(step.revision, up);
    entry.durationMs = durationMs;
    return store.recordHistory(m_session, entry);
}

QString Runner::recordDirty(const PlannedStep &step, const Error &error, int kept, int count,
                           const QStringList &invalidBefore, bool resumed)
{
    QString told = QStringLiteral(" (revision %1 is not transactional: the %2 statement(s) before this one were applied and stay; the version table still says %3")
                       .arg(step.revision.id).arg(kept).arg(step.from.label());
    DirtyState state;
    state.dirty = true;
    state.revision = RevisionRef(step.revision.id);
    state.up = step.direction == PlannedStep::Direction::Up;
    state.from = step.from;
    state.to = step.to;
    state.statementsDone = kept;
    state.statementCount = count;
    state.error = error.message;
    if (auto after = invalidIndexes(m_session)) {
        for (const auto &[oid, name] : *after) {
            if (!invalidBefore.contains(oid))
                state.invalidIndexes << name;
        }
    }
    if (!state.invalidIndexes.isEmpty())
        told += QStringLiteral("; it left the INVALID index(es) %1: drop them (DROP INDEX CONCURRENTLY) before resuming")
                    .arg(state.invalidIndexes.join(QStringLiteral(", ")));
    // When nothing stayed the database is as clean as before; a resumed step already has a
    // record, which must now tell where it stopped this time.
    if (kept > 0 || !state.invalidIndexes.isEmpty() || resumed) {
        if (auto marked = m_options.versionStore->markDirty(m_session, state); marked)
            told += QStringLiteral("; recorded as dirty: upgrade and downgrade refuse to run until 'revisor resolve'");
        else
            told += QStringLiteral("; the dirty state could not be recorded: %1").arg(marked.error().message);
    } else if (auto cleared = m_options.versionStore->clearDirty(m_session); !cleared) {
        // A tool that flags a step while it runs (golang-migrate's dirty column) has flagged
        // this one; nothing stayed, so the flag goes.
        told += QStringLiteral("; the tool's dirty flag could not be cleared: %1").arg(cleared.error().message);
    }
    return told + QLatin1Char(')');
}

Result<QList<LockInfo>> Runner::heldLocks()
{
    auto held = readRelationLocks(m_session, {backendPid(), {}});
    if (!held)
        return fail(held.error());
    QList<LockInfo> locks;
    for (const RelationLock &l : *held)
        locks << LockInfo{l.relation, l.kind, l.mode};
    return locks;
}

int Runner::backendPid()
{
    // Asked once: a session keeps its backend (a lost connection fails the step anyway).
    if (m_backendPid == 0) {
        if (auto pid = m_session.scalar(QStringLiteral("SELECT pg_backend_pid()")); pid)
            m_backendPid = pid->toInt();
    }
    return m_backendPid;
}

} // namespace revisor
