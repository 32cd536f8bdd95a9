#include "interactivesession.h"

#include "db/scratchcluster.h"
#include "db/session.h"
#include "rehearsal/pointcapture.h"
#include "rehearsal/probe.h"
#include "rehearsal/repairverify.h"
#include "runner/runner.h"

namespace revisor {

namespace {

// How long a reset waits for another migrator's lock before it gives up.
constexpr int kResetLockTimeoutMs = 30000;

} // namespace

InteractiveSession::InteractiveSession() = default;

// The session is closed before the scratch cluster stops.
InteractiveSession::~InteractiveSession()
{
    m_session.reset();
    if (m_cluster)
        (void)m_cluster->stop();
}

void InteractiveSession::requestCancel()
{
    QMutexLocker lock(&m_cancelMutex);
    m_cancel = true;
    if (m_activeRehearsal)
        m_activeRehearsal->requestCancel();
    else if (m_activeRunner)
        m_activeRunner->requestCancel();
    else if (m_session)
        m_session->cancel();
}

void InteractiveSession::setActive(Runner *runner, Rehearsal *rehearsal)
{
    QMutexLocker lock(&m_cancelMutex);
    m_activeRunner = runner;
    m_activeRehearsal = rehearsal;
}

void InteractiveSession::beginAction()
{
    m_cancel = false;
    m_seedAtUpgraded = false;
}

void InteractiveSession::progress(ActionProgress::Kind kind, const QString &text, int index, int count)
{
    if (m_observer.progress)
        m_observer.progress(ActionProgress{kind, text, index, count, {}, 0});
}

ActionResult InteractiveSession::notConnected(const QString &action)
{
    ActionResult r;
    r.action = action;
    r.error = m_session ? Error::usage(QStringLiteral("No migration set is open."))
                        : Error::database(QStringLiteral("Not connected to a database."));
    fillState(r);
    return r;
}

void InteractiveSession::clearResults()
{
    const RevisionRef baseline = m_tracker.baselineRevision();
    m_tracker = ScenarioTracker();
    if (m_set)
        m_tracker.setMigrationSet(*m_set);
    m_tracker.setSuite(m_suite);
    m_tracker.setBaselineRevision(baseline);
    m_outcome.reset();
    m_outcomeFromRehearsal = false;
}

ActionResult InteractiveSession::failWith(ActionResult &result, const Error &error)
{
    result.error = error;
    fillState(result);
    return result;
}

void InteractiveSession::newSession(std::unique_ptr<Session> session, const ServerInfo &info, std::unique_ptr<ScratchCluster> cluster)
{
    {
        // requestCancel() must not reach a session that is being closed.
        QMutexLocker lock(&m_cancelMutex);
        m_session = std::move(session);
    }
    // The previous scratch server (if any) goes once nothing uses it.
    if (m_cluster)
        (void)m_cluster->stop();
    m_cluster = std::move(cluster);
    m_info = info;
    m_revision.reset();
    m_dirtyNote.clear();
    m_relationNames.clear();
    clearResults();
}

ActionResult InteractiveSession::connect(const ConnectionSettings &settings)
{
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("connect");
    // The new connection is opened next to the current one, which stays until it succeeded.
    auto opened = Session::open(settings);
    if (!opened)
        return failWith(r, opened.error());
    auto info = probeServer(**opened);
    if (!info)
        return failWith(r, info.error());
    newSession(std::move(*opened), *info, nullptr);
    finishAction(r);
    return r;
}

ActionResult InteractiveSession::startScratch(const QString &database)
{
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("start scratch server");
    progress(ActionProgress::Kind::Phase, QStringLiteral("starting a scratch PostgreSQL server"));
    ScratchCluster::installSignalCleanup();
    auto cluster = ScratchCluster::start();
    if (!cluster)
        return failWith(r, cluster.error());
    auto settings = (*cluster)->createDatabase(database);
    if (!settings)
        return failWith(r, settings.error());
    auto opened = Session::open(*settings);
    if (!opened)
        return failWith(r, opened.error());
    const ServerInfo info{(*cluster)->serverVersion(), (*cluster)->hasPgvector(), database,
                          QStringLiteral("scratch server (%1)").arg(settings->redacted()), true};
    newSession(std::move(*opened), info, std::move(*cluster));
    finishAction(r);
    return r;
}

ActionResult InteractiveSession::setMigrationSet(const MigrationSet &set)
{
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("open set");
    m_set = set;
    auto suite = loadCheckSuite(set);
    if (!suite)
        r.error = suite.error();
    m_suite = suite ? *suite : CheckSuite{};
    m_revision.reset();
    m_dirtyNote.clear();
    clearResults();
    if (m_session)
        finishAction(r);
    else
        fillState(r);
    return r;
}

ActionResult InteractiveSession::setBaseline(const RevisionRef &revision)
{
    if (revision != m_tracker.baselineRevision()) {
        m_tracker.setBaselineRevision(revision);
        // The checked round trip was about another baseline.
        m_outcome.reset();
        m_outcomeFromRehearsal = false;
    }
    return state();
}

ActionResult InteractiveSession::state()
{
    ActionResult r;
    r.action = QStringLiteral("state");
    fillState(r);
    return r;
}

Result<MovePlan> InteractiveSession::planMove(const QString &target)
{
    if (!m_session || !m_set)
        return fail(notConnected(QString()).error.value());
    Runner runner(*m_session, *m_set);
    auto current = runner.currentRevision();
    if (!current)
        return fail(current.error());
    auto resolved = m_set->resolveTarget(*current, target);
    if (!resolved)
        return fail(resolved.error());
    return revisor::planMove(*m_session, *m_set, *current, *resolved);
}

Result<MovePlan> InteractiveSession::planMove(const RevisionRef &target)
{
    if (!m_session || !m_set)
        return fail(notConnected(QString()).error.value());
    Runner runner(*m_session, *m_set);
    auto current = runner.currentRevision();
    if (!current)
        return fail(current.error());
    return revisor::planMove(*m_session, *m_set, *current, target);
}

ActionResult InteractiveSession::migrate(const QString &target)
{
    const QString action = target == QLatin1String("+1")   ? QStringLiteral("step up")
                           : target == QLatin1String("-1") ? QStringLiteral("step down")
                                                           : QStringLiteral("go to %1").arg(target);
    return runMigration(action, [&target](Runner &runner) { return runner.migrate(target); });
}

ActionResult InteractiveSession::migrate(const RevisionRef &target)
{
    return runMigration(QStringLiteral("go to %1").arg(target.label()),
                        [&target](Runner &runner) { return runner.migrate(target); });
}

ActionResult InteractiveSession::runMigration(const QString &action, const std::function<Result<RunOutcome>(Runner &)> &move)
{
    if (!m_session || !m_set)
        return notConnected(action);
    beginAction();
    ActionResult r;
    r.action = action;
    RunnerOptions options;
    options.timeouts = m_timeouts;
    Runner runner(*m_session, *m_set, options);
    // A step's locks on the relations it dropped are named from the capture before it.
    RunObserver observer = namingDroppedRelations(m_observer.run, &m_relationNames);
    runner.setObserver(observer);
    setActive(&runner);
    const auto outcome = move(runner);
    setActive(nullptr);
    if (!outcome) {
        r.error = outcome.error();
    } else {
        r.steps = outcome->steps;
        for (StepResult &step : r.steps)
            nameDroppedRelations(step, m_relationNames);
        if (const Error *e = outcome->error())
            r.error = *e;
    }
    finishAction(r);
    return r;
}

ActionResult InteractiveSession::seed(const Seed &seed, const QMap<QString, QString> &values)
{
    if (!m_session)
        return notConnected(QStringLiteral("seed %1").arg(seed.name));
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("seed %1").arg(seed.name);
    m_seedAtUpgraded = seed.at == QLatin1String("upgraded");
    if (m_seedAtUpgraded && m_tracker.stage() != ScenarioTracker::Stage::Upgraded) {
        return failWith(r, Error::input(seed.file, 0, QStringLiteral("seed '%1' runs at the upgraded revision (-- at: upgraded): "
                                                                    "step up beyond the baseline %2 first")
                                                          .arg(seed.name, m_tracker.baselineRevision().label())));
    }
    auto ran = runSeed(*m_session, seed, values, m_cancel, m_observer.run);
    if (!ran)
        return failWith(r, ran.error());
    r.steps = {*ran};
    if (!ran->completed())
        r.error = *ran->error;
    else
        m_tracker.setSeedParameters(seed.name, values);
    finishAction(r);
    return r;
}

Result<ResetPlan> InteractiveSession::planReset()
{
    if (!m_session)
        return fail(Error::database(QStringLiteral("Not connected to a database.")));
    return planDatabaseReset(*m_session);
}

ActionResult InteractiveSession::reset()
{
    if (!m_session)
        return notConnected(QStringLiteral("reset"));
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("reset");
    progress(ActionProgress::Kind::Phase, QStringLiteral("resetting database %1").arg(m_info->database));
    // The same reset as `revisor rehearse --reset` and Run rehearsal, on a scratch server too:
    // user schemas dropped under the migration lock in one transaction, public re-created
    // with its owner, privileges and comment.
    auto emptied = resetDatabase(*m_session, kResetLockTimeoutMs, &m_cancel, [this](const ResetPlan &plan) {
        progress(ActionProgress::Kind::Phase, plan.describe().join(QLatin1Char('\n')));
    });
    if (!emptied)
        r.error = emptied.error();
    m_tracker.databaseReset();
    m_outcome.reset();
    m_outcomeFromRehearsal = false;
    finishAction(r, QStringLiteral("after reset (base)"));
    return r;
}

void InteractiveSession::withSessionSettings(RehearsalOptions &options) const
{
    // The window's step timeouts (unless the caller set its own) and budgets apply to every
    // round trip it starts, as to its single steps.
    if (options.stepTimeouts.isEmpty())
        options.stepTimeouts = m_timeouts;
    options.rollbackBudgetMs = m_budgets.rollbackMs;
    options.scenarioBudgetMs = m_budgets.scenarioMs;
}

RehearsalObserver InteractiveSession::rehearsalObserver()
{
    RehearsalObserver observer;
    observer.run = m_observer.run;
    observer.progress = [this](const QString &line) { progress(ActionProgress::Kind::Phase, line); };
    return observer;
}

ActionResult InteractiveSession::sweep(SweepOptions options)
{
    if (!m_session || !m_set)
        return notConnected(QStringLiteral("rehearse each step"));
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("rehearse each step %1 → %2").arg(options.from, options.to);
    withSessionSettings(options.rehearsal);
    options.cancel = &m_cancel;
    auto swept = runSweep(*m_session, *m_set, options, rehearsalObserver());
    if (!swept) {
        r.error = swept.error();
    } else {
        r.sweep = *swept;
        for (const SweepRow &row : swept->rows)
            r.steps << row.result.allSteps();
    }
    // Each step started from an emptied database: no round trip of this session survives.
    m_tracker.databaseReset();
    m_outcome.reset();
    m_outcomeFromRehearsal = false;
    finishAction(r, QStringLiteral("after rehearse each step"));
    return r;
}

ActionResult InteractiveSession::rehearse(RehearsalOptions options)
{
    if (!m_session || !m_set)
        return notConnected(QStringLiteral("rehearsal"));
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("rehearsal");
    withSessionSettings(options);
    Rehearsal rehearsal(*m_session, *m_set, options);
    rehearsal.setObserver(rehearsalObserver());
    setActive(nullptr, &rehearsal);
    auto outcome = rehearsal.run();
    setActive(nullptr);
    if (!outcome) {
        r.error = outcome.error();
        finishAction(r);
        return r;
    }
    for (const Phase &p : outcome->result.phases)
        r.steps << p.steps;
    if (outcome->result.error)
        r.error = *outcome->result.error;
    m_outcome = *outcome;
    m_outcomeFromRehearsal = true;
    r.completedRoundTrip = true;
    if (outcome->facts.rolledBack.captured) {
        m_tracker.adopt(outcome->facts);
        if (auto names = readRelationNames(*m_session))
            m_relationNames = *names;
        readRevision(r);
        fillState(r);
    } else {
        m_tracker.databaseReset();
        finishAction(r);
        r.state.outcome = m_outcome;
        r.state.outcomeFromRehearsal = true;
    }
    return r;
}

ActionResult InteractiveSession::scale(const ScaleOptions &options)
{
    if (!m_session || !m_set)
        return notConnected(QStringLiteral("scale run"));
    beginAction();
    ActionResult r;
    r.action = QStringLiteral("scale run");
    auto run = runScale(*m_session, *m_set, options, [this](const QString &line) { progress(ActionProgress::Kind::Phase, line); }, &m_cancel);
    // Every volume emptied the database: what the session knew of it is gone.
    m_tracker.databaseReset();
    m_outcome.reset();
    m_outcomeFromRehearsal = false;
    if (!run) {
        r.error = run.error();
    } else if (auto kept = keepScaleRun(*run); !kept) {
        r.error = kept.error();
    } else {
        r.scaleRun = *run;
        r.scaleRunFile = *kept;
    }
    finishAction(r, QStringLiteral("after scale run"));
    return r;
}

void InteractiveSession::readRevision(ActionResult &result)
{
    // Read it back rather than trusting an outcome: a failed COMMIT or a cancel mid-way must
    // show the revision the database really has.
    m_revision.reset();
    m_dirtyNote.clear();
    if (!m_session || !m_set)
        return;
    Runner runner(*m_session, *m_set);
    auto current = runner.currentRevision();
    if (!current) {
        if (!result.error)
            result.error = current.error();
        return;
    }
    m_revision = *current;
    auto dirty = runner.versionStore().dirtyState(*m_session);
    if (!dirty) {
        if (!result.error)
            result.error = dirty.error();
    } else if (dirty->dirty) {
        m_dirtyNote = dirty->detail();
    }
}

RehearsalResult InteractiveSession::resultContext()
{
    RehearsalResult context;
    context.database = m_session->settings().redacted();
    context.serverVersion = m_session->serverVersion();
    readServerContext(*m_session, context);
    return context;
}

void InteractiveSession::finishAction(ActionResult &result, const QString &label)
{
    result.cancelled = m_cancel && result.error.has_value();
    readRevision(result);
    if (!m_revision) {
        fillState(result);
        return;
    }
    CaptureObserver capture;
    capture.schema = [this] { progress(ActionProgress::Kind::Schema, QStringLiteral("at %1").arg(m_revision->label())); };
    capture.table = [this](int index, int count, const QString &table) { progress(ActionProgress::Kind::Table, table, index + 1, count); };
    auto point = capturePoint(*m_session, *versionStoreFor(*m_set), m_suite, QString(), *m_revision, capture);
    if (!point) {
        if (!result.error)
            result.error = point.error();
        fillState(result);
        return;
    }
    m_tracker.record(result.steps, *point, label, m_seedAtUpgraded);
    if (auto names = readRelationNames(*m_session))
        m_relationNames = *names;
    if (m_tracker.needsProbes()) {
        progress(ActionProgress::Kind::Probe, QStringLiteral("probes: a further downgrade -1 and a re-upgrade, each rolled back"));
        // No observer: the probes are not steps of the session (they leave no trace).
        Runner runner(*m_session, *m_set);
        const RoundTripProbes probes = runRoundTripProbes(*m_session, runner, *m_set, m_tracker.baselineRevision(),
                                                          m_tracker.targetRevision());
        m_tracker.setProbes(probes.downgrade, probes.reupgrade);
    }
    const SessionPoints view = m_tracker.view();
    // Only when this very capture completed the round trip.
    if (m_tracker.isComplete() && view.rolledBack == view.points.size() - 1) {
        verifyRoundTripRepair();
        m_tracker.setBudgets(m_budgets.rollbackMs, m_budgets.scenarioMs);
        m_outcome = RehearsalOutcome{m_tracker.result(resultContext()), m_tracker.facts()};
        m_outcomeFromRehearsal = false;
        result.completedRoundTrip = true;
    }
    fillState(result);
}

void InteractiveSession::verifyRoundTripRepair()
{
    const SessionPoints view = m_tracker.view();
    const Snapshot &baseline = view.points.at(view.baseline).point.schema;
    const Snapshot &rolledBack = view.points.at(view.rolledBack).point.schema;
    if (sameSchema(baseline, rolledBack)) {
        m_tracker.setRepair({}, {}, false);
        return;
    }
    progress(ActionProgress::Kind::Phase, QStringLiteral("repair script: applied in a transaction that is rolled back, then diffed again"));
    const auto store = versionStoreFor(*m_set);
    const RepairVerification repair = verifyRepair(*m_session, rolledBack, baseline, SnapshotOptions{store->ownTables(), store->ownSchemas()});
    m_tracker.setRepair(repair.script.toSql(), repair.summary(), repair.verified());
}

void InteractiveSession::fillState(ActionResult &result)
{
    SessionState &s = result.state;
    s.server = m_session ? m_info : std::nullopt;
    s.setDirectory = m_set ? m_set->directory() : QString();
    s.revision = m_revision;
    s.dirtyNote = m_dirtyNote;
    s.baseline = m_tracker.baselineRevision();
    s.points = m_tracker.view();
    s.outcome = m_outcome;
    s.outcomeFromRehearsal = m_outcomeFromRehearsal;
    s.budgets = m_budgets;
}

} // namespace revisor
