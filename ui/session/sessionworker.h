#pragma once

#include "rehearsal/interactivesession.h"

#include <QObject>

namespace revisor::ui {

/// Moves InteractiveSession calls onto the worker thread and their results back as queued
/// signals; it holds no state of its own. Every method but cancel() runs on the worker thread
/// (invoked queued by SessionController); cancel() may be called from any thread.
class SessionWorker : public QObject
{
    Q_OBJECT

public:
    SessionWorker();
    ~SessionWorker() override;

    void cancel() { m_session.requestCancel(); }
    /// Runs `action` on the session and emits actionFinished with what it returned.
    void run(const std::function<revisor::ActionResult(revisor::InteractiveSession &)> &action);
    void planMove(const revisor::RevisionRef &target);
    void planMove(const QString &target);
    void planReset();
    /// Reads the set at `directory` (for an Alembic project this runs the project's own
    /// Alembic: its history and the offline rendering of each step) and, when it reads, opens
    /// it in the session: setLoaded, then actionFinished; or setFailed.
    void openSet(const QString &directory);
    void setStepTimeouts(const revisor::StepTimeouts &timeouts) { m_session.setStepTimeouts(timeouts); }
    void setBudgets(const revisor::SessionBudgets &budgets) { m_session.setBudgets(budgets); }
    /// Emitted after each queued call so the controller knows the queue drained.
    void reportIdle() { emit idle(); }

signals:
    void progress(const revisor::ActionProgress &progress);
    void statementStarted(int index, int count, const QString &file, int line, const QString &sql);
    void statementFinished(const revisor::StatementRun &run);
    void stepFinished(const revisor::StepResult &step);
    /// The running step waits for a lock: who holds it (LockWait::toText()).
    void lockWaiting(const QString &text);
    void actionFinished(const revisor::ActionResult &result);
    /// The answer to planMove(): the plan, or why there is none.
    void movePlanned(const revisor::MovePlan &plan);
    void resetPlanned(const revisor::ResetPlan &plan);
    void planFailed(const revisor::Error &error);
    void setLoaded(const revisor::MigrationSet &set);
    void setFailed(const revisor::Error &error);
    void idle();

private:
    revisor::InteractiveSession m_session;
};

} // namespace revisor::ui
