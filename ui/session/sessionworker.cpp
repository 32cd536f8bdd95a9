#include "ui/session/sessionworker.h"

namespace revisor::ui {

namespace {

ActionProgress phase(const QString &text)
{
    ActionProgress p;  // Kind::Phase
    p.text = text;
    return p;
}

} // namespace

SessionWorker::SessionWorker()
{
    // Called on the worker thread; the signals are queued to the GUI.
    InteractiveObserver o;
    o.run.stepStarted = [this](const QString &what) { emit progress(phase(what)); };
    o.run.statementStarted = [this](int index, int count, const QString &file, const SqlStatement &st) {
        emit statementStarted(index, count, file, st.line, st.sql);
    };
    o.run.statementFinished = [this](const StatementRun &run) { emit statementFinished(run); };
    o.run.stepFinished = [this](const StepResult &step) { emit stepFinished(step); };
    // From the lock watcher's thread; the signal is queued all the same.
    o.run.lockWaiting = [this](const LockWait &wait) { emit lockWaiting(wait.toText()); };
    o.progress = [this](const ActionProgress &p) { emit progress(p); };
    m_session.setObserver(o);
}

// Runs on the worker thread (the controller deletes it there), so the session is closed by
// the thread that opened it.
SessionWorker::~SessionWorker() = default;

void SessionWorker::run(const std::function<ActionResult(InteractiveSession &)> &action)
{
    emit actionFinished(action(m_session));
}

void SessionWorker::planMove(const RevisionRef &target)
{
    auto plan = m_session.planMove(target);
    plan ? emit movePlanned(*plan) : emit planFailed(plan.error());
}

void SessionWorker::planMove(const QString &target)
{
    auto plan = m_session.planMove(target);
    plan ? emit movePlanned(*plan) : emit planFailed(plan.error());
}

void SessionWorker::planReset()
{
    auto plan = m_session.planReset();
    plan ? emit resetPlanned(*plan) : emit planFailed(plan.error());
}

void SessionWorker::openSet(const QString &directory)
{
    // Here rather than on the GUI thread: an Alembic project is read by running its own
    // Alembic several times, seconds during which the window would not repaint.
    emit progress(phase(tr("Reading %1").arg(directory)));
    auto set = MigrationSet::load(directory);
    if (!set) {
        emit setFailed(set.error());
        return;
    }
    emit setLoaded(*set);
    emit actionFinished(m_session.setMigrationSet(*set));
}

} // namespace revisor::ui
