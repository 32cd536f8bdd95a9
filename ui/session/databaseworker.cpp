#include "ui/session/databaseworker.h"

#include "db/scratchcluster.h"
#include "db/session.h"
#include "rehearsal/databasereset.h"
#include "rehearsal/pointcapture.h"
#include "rehearsal/probe.h"
#include "runner/runner.h"

namespace revisor::ui {

namespace {

// How long a reset waits for another migrator's lock before it gives up.
constexpr int kResetLockTimeoutMs = 30000;

} // namespace

Result<ServerInfo> probeServer(Session &session)
{
    ServerInfo info;
    info.version = session.serverVersion();
    info.database = session.databaseName();
    info.display = session.settings().redacted();
    auto vector = session.extensionAvailable(QStringLiteral("vector"));
    if (!vector)
        return fail(vector.error());
    info.hasPgvector = *vector;
    return info;
}

DatabaseWorker::DatabaseWorker() = default;

// Runs on the worker thread (the owner deletes it there), so the Session is closed by the
// thread that opened it and the scratch cluster is stopped last.
DatabaseWorker::~DatabaseWorker()
{
    m_session.reset();
    if (m_cluster)
        (void)m_cluster->stop();
}

void DatabaseWorker::cancel()
{
    QMutexLocker lock(&m_cancelMutex);
    m_cancelSeed = true;
    if (m_activeRehearsal)
        m_activeRehearsal->requestCancel();
    else if (m_activeRunner)
        m_activeRunner->requestCancel();
    else if (m_activeSession)
        m_activeSession->cancel();
}

void DatabaseWorker::setActive(Runner *runner)
{
    QMutexLocker lock(&m_cancelMutex);
    m_activeRunner = runner;
    m_activeSession = m_session.get();
    m_cancelSeed = false;
}

RunObserver DatabaseWorker::observer()
{
    // Called on this thread; the signals are queued to the GUI.
    RunObserver o;
    o.stepStarted = [this](const QString &what) { emit stepStarted(what); };
    o.statementStarted = [this](int index, int count, const QString &file, const SqlStatement &st) {
        emit statementStarted(index, count, file, st.line, st.sql);
    };
    o.statementFinished = [this](const StatementRun &run) { emit statementFinished(run); };
    o.stepFinished = [this](const StepResult &step) { emit stepFinished(step); };
    // From the lock watcher's thread; the signal is queued all the same.
    o.lockWaiting = [this](const LockWait &wait) { emit lockWaiting(wait.toText()); };
    return o;
}

bool DatabaseWorker::requireSession()
{
    if (m_session)
        return true;
    emit failed(Error::database(tr("Not connected to a database.")));
    return false;
}

Status DatabaseWorker::reopen()
{
    {
        QMutexLocker lock(&m_cancelMutex);
        m_activeSession = nullptr;
    }
    m_session.reset();
    auto session = Session::open(m_settings);
    if (!session)
        return fail(session.error());
    m_session = std::move(*session);
    return {};
}

void DatabaseWorker::connectTo(const ConnectionSettings &settings)
{
    m_settings = settings;
    if (auto opened = reopen(); !opened) {
        emit failed(opened.error());
        return;
    }
    auto info = probeServer(*m_session);
    if (!info) {
        emit failed(info.error());
    } else {
        m_info = *info;
        emit connected(m_info);
    }
    clearTracker();
    finishAction({});
}

void DatabaseWorker::startScratch(const QString &databaseName)
{
    emit stepStarted(tr("starting a scratch PostgreSQL server"));
    ScratchCluster::installSignalCleanup();
    auto cluster = ScratchCluster::start();
    if (!cluster) {
        emit failed(cluster.error());
        return;
    }
    m_cluster = std::move(*cluster);
    auto settings = m_cluster->createDatabase(databaseName);
    if (!settings) {
        emit failed(settings.error());
        return;
    }
    m_settings = *settings;
    if (auto opened = reopen(); !opened) {
        emit failed(opened.error());
        return;
    }
    m_info = ServerInfo{m_cluster->serverVersion(), m_cluster->hasPgvector(), databaseName,
                        tr("scratch server (%1)").arg(m_settings.redacted()), true};
    emit connected(m_info);
    clearTracker();
    finishAction({});
}

void DatabaseWorker::setMigrationSet(const MigrationSet &set)
{
    m_set = std::make_unique<MigrationSet>(set);
    auto suite = loadCheckSuite(set);
    if (!suite)
        emit failed(suite.error());
    clearTracker();
    m_tracker.setSuite(suite ? *suite : CheckSuite{});
    finishAction({});
}

std::optional<RevisionRef> DatabaseWorker::refreshRevision()
{
    if (!m_session || !m_set)
        return std::nullopt;
    Runner runner(*m_session, *m_set);
    auto current = runner.currentRevision();
    if (!current) {
        emit failed(current.error());
        return std::nullopt;
    }
    auto dirty = runner.versionStore().dirtyState(*m_session);
    if (!dirty)
        emit failed(dirty.error());
    emit dirtyNoteChanged(dirty && dirty->dirty ? dirty->detail() : QString());
    emit currentRevisionChanged(*current);
    return *current;
}

void DatabaseWorker::clearTracker()
{
    const RevisionRef baseline = m_tracker.baselineRevision();
    const CheckSuite suite = m_tracker.suite();
    m_tracker = ScenarioTracker();
    if (m_set)
        m_tracker.setMigrationSet(*m_set);
    m_tracker.setSuite(suite);
    m_tracker.setBaselineRevision(baseline);
}

RehearsalResult DatabaseWorker::resultContext()
{
    RehearsalResult context;
    context.database = m_session->settings().redacted();
    context.serverVersion = m_session->serverVersion();
    readServerContext(*m_session, context);
    return context;
}

void DatabaseWorker::setBaselineRevision(const RevisionRef &revision)
{
    m_tracker.setBaselineRevision(revision);
    emit pointsChanged(m_tracker.view());
}

void DatabaseWorker::finishAction(const QList<StepResult> &steps, const QString &label)
{
    // Read it back rather than trusting an outcome: a failed COMMIT or a cancel mid-way must
    // show the revision the database really has.
    const auto revision = refreshRevision();
    if (!revision)
        return;
    {
        QMutexLocker lock(&m_cancelMutex);
        m_activeSession = m_session.get();
    }
    auto point = capturePoint(*m_session, *versionStoreFor(*m_set), m_tracker.suite(), QString(), *revision);
    if (!point) {
        emit failed(point.error());
    } else {
        m_tracker.record(steps, *point, label);
        if (m_tracker.needsProbes()) {
            emit stepStarted(tr("probes: a further downgrade -1 and a re-upgrade, each rolled back"));
            // No observer: the probes are not steps of the session (they leave no trace).
            Runner runner(*m_session, *m_set);
            const RoundTripProbes probes = runRoundTripProbes(*m_session, runner, *m_set, m_tracker.baselineRevision(),
                                                              m_tracker.targetRevision());
            m_tracker.setProbes(probes.downgrade, probes.reupgrade);
        }
        const SessionPoints view = m_tracker.view();
        emit pointsChanged(view);
        // Only when this very capture completed the round trip.
        if (m_tracker.isComplete() && view.rolledBack == view.points.size() - 1)
            emit outcomeReady(RehearsalOutcome{m_tracker.result(resultContext()), m_tracker.facts()}, false);
    }
    QMutexLocker lock(&m_cancelMutex);
    m_activeSession = nullptr;
}

void DatabaseWorker::rehearse(const RehearsalOptions &options)
{
    if (!requireSession())
        return;
    if (!m_set) {
        emit failed(Error::usage(tr("No migration set is open.")));
        return;
    }
    RehearsalOptions withTimeouts = options;
    if (withTimeouts.stepTimeouts.isEmpty())
        withTimeouts.stepTimeouts = m_timeouts;
    Rehearsal rehearsal(*m_session, *m_set, withTimeouts);
    RehearsalObserver observer;
    observer.run = this->observer();
    observer.progress = [this](const QString &line) { emit stepStarted(line); };
    rehearsal.setObserver(observer);
    {
        QMutexLocker lock(&m_cancelMutex);
        m_activeRehearsal = &rehearsal;
        m_activeSession = m_session.get();
    }
    auto outcome = rehearsal.run();
    {
        QMutexLocker lock(&m_cancelMutex);
        m_activeRehearsal = nullptr;
        m_activeSession = nullptr;
    }
    if (!outcome) {
        emit failed(outcome.error());
        finishAction({});
        return;
    }
    if (outcome->result.error)
        emit failed(*outcome->result.error);
    if (outcome->facts.rolledBack.captured) {
        m_tracker.adopt(outcome->facts);
        refreshRevision();
        emit pointsChanged(m_tracker.view());
    } else {
        m_tracker.databaseReset();
        finishAction({});
    }
    emit outcomeReady(*outcome, true);
}

void DatabaseWorker::migrate(const QString &target)
{
    runMigration([&target](Runner &runner) { return runner.migrate(target); });
}

void DatabaseWorker::migrateTo(const RevisionRef &target)
{
    runMigration([&target](Runner &runner) { return runner.migrate(target); });
}

void DatabaseWorker::runMigration(const std::function<Result<RunOutcome>(Runner &)> &move)
{
    if (!requireSession())
        return;
    if (!m_set) {
        emit failed(Error::usage(tr("No migration set is open.")));
        return;
    }
    RunnerOptions options;
    options.timeouts = m_timeouts;
    Runner runner(*m_session, *m_set, options);
    runner.setObserver(observer());
    setActive(&runner);
    const auto outcome = move(runner);
    setActive(nullptr);
    if (!outcome) {
        emit failed(outcome.error());
        finishAction({});
        return;
    }
    if (const Error *e = outcome->error())
        emit failed(*e);
    finishAction(outcome->steps);
}

void DatabaseWorker::seed(const Seed &seed, const QMap<QString, QString> &values)
{
    if (!requireSession())
        return;
    setActive(nullptr);
    auto result = runSeed(*m_session, seed, values, m_cancelSeed, observer());
    {
        QMutexLocker lock(&m_cancelMutex);
        m_activeSession = nullptr;
    }
    if (!result) {
        emit failed(result.error());
        return;
    }
    if (!result->completed())
        emit failed(*result->error);
    m_tracker.setSeedParameters(seed.name, values);
    finishAction({*result});
}

void DatabaseWorker::planReset()
{
    if (!requireSession())
        return;
    auto plan = planDatabaseReset(*m_session);
    if (!plan) {
        emit failed(plan.error());
        return;
    }
    emit resetPlanned(plan->describe());
}

void DatabaseWorker::reset()
{
    if (!requireSession())
        return;
    emit stepStarted(tr("resetting database %1").arg(m_info.database));
    Status done;
    if (m_cluster) {
        // Our own throwaway server: the cleanest reset is a new database of the same name.
        const QString name = m_session->databaseName();
        {
            QMutexLocker lock(&m_cancelMutex);
            m_activeSession = nullptr;
        }
        m_session.reset();
        if (auto recreated = m_cluster->recreateDatabase(name); !recreated)
            done = fail(recreated.error());
        if (auto opened = reopen(); done && !opened)
            done = opened;
    } else {
        // A real server: the same reset as `revisor rehearse --reset` (user schemas, under the
        // migration lock, in one transaction, public's owner, privileges and comment kept).
        setActive(nullptr);
        auto emptied = resetDatabase(*m_session, kResetLockTimeoutMs, &m_cancelSeed, [this](const ResetPlan &plan) {
            emit stepStarted(plan.describe().join(QLatin1Char('\n')));
        });
        {
            QMutexLocker lock(&m_cancelMutex);
            m_activeSession = nullptr;
        }
        if (!emptied)
            done = fail(emptied.error());
    }
    if (!done)
        emit failed(done.error());
    m_tracker.databaseReset();
    finishAction({}, tr("after reset (base)"));
}

} // namespace revisor::ui
