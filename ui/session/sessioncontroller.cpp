#include "ui/session/sessioncontroller.h"

#include "ui/panels/timingpanel.h"

namespace revisor::ui {

SessionController::SessionController(QObject *parent)
    : QObject(parent), m_worker(new DatabaseWorker)
{
    m_thread.setObjectName(QStringLiteral("revisor-db-worker"));
    m_worker->moveToThread(&m_thread);
    // Queued: the worker emits from its thread, this object lives on the GUI thread.
    connect(m_worker, &DatabaseWorker::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        emit busyChanged(busy);
    }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::connected, this, [this](const ServerInfo &info) {
        m_info = info;
        m_current.reset();
        m_dirtyNote.clear();
        emit connectionChanged();
    }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::dirtyNoteChanged, this, [this](const QString &note) { m_dirtyNote = note; }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::currentRevisionChanged, this, [this](const RevisionRef &revision) {
        m_current = revision;
        emit currentRevisionChanged(revision);
    }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::stepStarted, this, &SessionController::stepStarted, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::statementStarted, this, &SessionController::statementStarted, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::statementFinished, this, &SessionController::statementFinished, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::stepFinished, this, [this](const StepResult &step) {
        m_steps << step;
        emit stepFinished(step);
    }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::failed, this, &SessionController::failed, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::resetPlanned, this, &SessionController::resetPlanned, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::lockWaiting, this, &SessionController::lockWaiting, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::pointsChanged, this, [this](const SessionPoints &points) {
        m_points = points;
        emit pointsChanged();
    }, Qt::QueuedConnection);
    connect(m_worker, &DatabaseWorker::outcomeReady, this, [this](const RehearsalOutcome &outcome, bool rehearsal) {
        m_outcome = outcome;
        m_outcomeFromRehearsal = rehearsal;
        emit sessionResultChanged();
    }, Qt::QueuedConnection);
    m_thread.start();
}

SessionController::~SessionController()
{
    // Stop what runs, then delete the worker on its own thread (its Session was opened
    // there; it also stops the scratch server) and end the thread.
    m_worker->cancel();
    DatabaseWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] {
        delete worker;
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread.wait();
}

template <typename F>
void SessionController::post(F &&work)
{
    // Mark busy at once so that a second click cannot queue more work behind this one.
    if (!m_busy) {
        m_busy = true;
        emit busyChanged(true);
    }
    QMetaObject::invokeMethod(m_worker, std::forward<F>(work), Qt::QueuedConnection);
    // The worker reports busy=false when it is done (or when it had nothing to do).
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { emit w->busyChanged(false); }, Qt::QueuedConnection);
}

Status SessionController::openSet(const QString &directory)
{
    auto set = MigrationSet::load(directory);
    if (!set)
        return fail(set.error());
    m_set = *set;
    m_current.reset();
    m_dirtyNote.clear();
    emit setChanged();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, s = *set] { w->setMigrationSet(s); }, Qt::QueuedConnection);
    return {};
}

void SessionController::clearOutcome()
{
    m_points = {};
    emit pointsChanged();
    if (m_outcome) {
        m_outcome.reset();
        emit sessionResultChanged();
    }
}

QList<StepTiming> SessionController::stepTimings() const
{
    QList<StepTiming> timings;
    for (const StepResult &step : m_steps)
        timings << TimingPanel::timingOf(step);
    return timings;
}

void SessionController::rehearse(const RehearsalOptions &options)
{
    post([w = m_worker, options] { w->rehearse(options); });
}

void SessionController::setBaselineRevision(const RevisionRef &revision)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, revision] { w->setBaselineRevision(revision); }, Qt::QueuedConnection);
}

void SessionController::connectTo(const ConnectionSettings &settings)
{
    m_requested = settings;
    clearOutcome();
    m_info.reset();
    emit connectionChanged();
    post([w = m_worker, settings] { w->connectTo(settings); });
}

void SessionController::startScratch(const QString &databaseName)
{
    clearOutcome();
    m_info.reset();
    emit connectionChanged();
    post([w = m_worker, databaseName] { w->startScratch(databaseName); });
}

void SessionController::migrate(const QString &target)
{
    post([w = m_worker, target] { w->migrate(target); });
}

void SessionController::migrate(const RevisionRef &target)
{
    post([w = m_worker, target] { w->migrateTo(target); });
}

void SessionController::seed(const Seed &seed, const QMap<QString, QString> &values)
{
    post([w = m_worker, seed, values] { w->seed(seed, values); });
}

void SessionController::planReset()
{
    post([w = m_worker] { w->planReset(); });
}

void SessionController::reset()
{
    post([w = m_worker] { w->reset(); });
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
    const auto height = m_set && m_current ? m_set->height(*m_current) : std::nullopt;
    return isConnected() && height && *height < m_set->revisions().size();
}

bool SessionController::canStepDown() const
{
    const auto height = m_set && m_current ? m_set->height(*m_current) : std::nullopt;
    return isConnected() && height && *height > 0;
}

} // namespace revisor::ui
