#include "ui/session/sessioncontroller.h"

namespace revisor::ui {

SessionController::SessionController(QObject *parent)
    : QObject(parent), m_worker(new SessionWorker)
{
    m_thread.setObjectName(QStringLiteral("revisor-db-worker"));
    m_worker->moveToThread(&m_thread);
    // Queued: the worker emits from its thread, this object lives on the GUI thread.
    connect(m_worker, &SessionWorker::actionFinished, this, [this](const ActionResult &r) { apply(r); }, Qt::QueuedConnection);
    connect(m_worker, &SessionWorker::setLoaded, this, &SessionController::setLoaded, Qt::QueuedConnection);
    connect(m_worker, &SessionWorker::setFailed, this, &SessionController::setFailed, Qt::QueuedConnection);
    connect(m_worker, &SessionWorker::idle, this, [this] {
        // A call answered by a plan may post the move itself before its idle arrives: busy
        // ends when every posted call is done.
        if (--m_queued > 0)
            return;
        m_busy = false;
        emit busyChanged(false);
    }, Qt::QueuedConnection);
    m_thread.start();
}

SessionController::~SessionController()
{
    // Stop what runs, then delete the worker on its own thread (its Session was opened
    // there; it also stops the scratch server) and end the thread.
    m_worker->cancel();
    SessionWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] {
        delete worker;
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread.wait();
}

template <typename F>
void SessionController::postCall(F &&call)
{
    // Busy at once, so that a second click cannot queue more work behind this one; the worker
    // says idle when it has done it.
    ++m_queued;
    if (!m_busy) {
        m_busy = true;
        emit busyChanged(true);
    }
    QMetaObject::invokeMethod(m_worker, std::forward<F>(call), Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_worker, &SessionWorker::reportIdle, Qt::QueuedConnection);
}

void SessionController::post(std::function<ActionResult(InteractiveSession &)> action)
{
    postCall([w = m_worker, action = std::move(action)] { w->run(action); });
}

void SessionController::apply(const ActionResult &result)
{
    m_steps << result.steps;
    apply(result.state);
    emit actionFinished(result);
}

void SessionController::apply(const SessionState &state)
{
    const SessionState old = std::exchange(m_state, state);
    const auto serverKey = [](const std::optional<ServerInfo> &s) { return s ? s->display : QString(); };
    if (serverKey(old.server) != serverKey(m_state.server))
        emit connectionChanged();
    if (old.revision != m_state.revision || old.dirtyNote != m_state.dirtyNote)
        emit currentRevisionChanged();
    emit pointsChanged();
    const bool hadOutcome = old.outcome.has_value();
    if (hadOutcome || m_state.outcome)
        emit sessionResultChanged();
}

void SessionController::openSet(const QString &directory)
{
    postCall([w = m_worker, directory] { w->openSet(directory); });
}

void SessionController::setLoaded(const MigrationSet &set)
{
    m_set = set;
    // The previous set's results go with it, in the same event as the new set arrives, so no
    // widget shows one set's results beside another's revisions; a set that fails to read
    // leaves the open set and its results as they were.
    SessionState cleared = m_state;
    cleared.revision.reset();
    cleared.dirtyNote.clear();
    cleared.points = {};
    cleared.outcome.reset();
    cleared.outcomeFromRehearsal = false;
    cleared.setDirectory = set.directory();
    apply(cleared);
    emit setChanged();
}

QList<TimingBar> SessionController::stepTimings() const
{
    QList<TimingBar> timings;
    for (const StepResult &step : m_steps)
        timings << TimingBar::ofStep(step);
    return timings;
}

void SessionController::rehearse(const RehearsalOptions &options)
{
    post([options](InteractiveSession &s) { return s.rehearse(options); });
}

void SessionController::scale(const ScaleOptions &options)
{
    post([options](InteractiveSession &s) { return s.scale(options); });
}

void SessionController::sweep(const SweepOptions &options)
{
    post([options](InteractiveSession &s) { return s.sweep(options); });
}

void SessionController::setBaselineRevision(const RevisionRef &revision)
{
    post([revision](InteractiveSession &s) { return s.setBaseline(revision); });
}

void SessionController::connectTo(const ConnectionSettings &settings)
{
    m_requested = settings;
    post([settings](InteractiveSession &s) { return s.connect(settings); });
}

void SessionController::startScratch(const QString &databaseName)
{
    post([databaseName](InteractiveSession &s) { return s.startScratch(databaseName); });
}

void SessionController::migrate(const QString &target)
{
    post([target](InteractiveSession &s) { return s.migrate(target); });
}

void SessionController::migrate(const RevisionRef &target)
{
    post([target](InteractiveSession &s) { return s.migrate(target); });
}

void SessionController::planMove(const QString &target)
{
    postCall([w = m_worker, target] { w->planMove(target); });
}

void SessionController::planMove(const RevisionRef &target)
{
    postCall([w = m_worker, target] { w->planMove(target); });
}

void SessionController::seed(const Seed &seed, const QMap<QString, QString> &values)
{
    post([seed, values](InteractiveSession &s) { return s.seed(seed, values); });
}

void SessionController::planReset()
{
    postCall([w = m_worker] { w->planReset(); });
}

void SessionController::reset()
{
    post([](InteractiveSession &s) { return s.reset(); });
}

void SessionController::setStepTimeouts(const StepTimeouts &timeouts)
{
    m_timeouts = timeouts;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, timeouts] { w->setStepTimeouts(timeouts); }, Qt::QueuedConnection);
}

void SessionController::cancel()
{
    m_worker->cancel();
}

bool SessionController::canStepUp() const
{
    const auto height = m_set && m_state.revision ? m_set->height(*m_state.revision) : std::nullopt;
    return isConnected() && height && *height < m_set->revisions().size();
}

bool SessionController::canStepDown() const
{
    const auto height = m_set && m_state.revision ? m_set->height(*m_state.revision) : std::nullopt;
    return isConnected() && height && *height > 0;
}

bool SessionController::isAboveBaseline() const
{
    const auto height = m_set && m_state.revision ? m_set->height(*m_state.revision) : std::nullopt;
    const auto baseline = m_set ? m_set->height(m_state.baseline) : std::nullopt;
    return isConnected() && height && baseline && *height > *baseline;
}

} // namespace revisor::ui
