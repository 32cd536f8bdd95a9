// What is checked around a step's statements rather than run as part of it: the whole plan,
// read and split before its first step, and a revision's verify script (Sqitch's verify/).
#include "runner.h"

#include "db/session.h"
#include "runner/scriptexecutor.h"

#include <QElapsedTimer>

namespace revisor {

Status validatePlan(const QList<PlannedStep> &steps)
{
    for (const PlannedStep &step : steps) {
        const bool up = step.direction == PlannedStep::Direction::Up;
        auto statements = splitSection(step.revision, up);
        if (statements && up)
            statements = splitVerify(step.revision);
        if (!statements) {
            Error e = statements.error();
            e.revision = step.revision.id;
            e.message += QStringLiteral(" (nothing was run: the plan is checked whole before its first step)");
            return fail(e);
        }
    }
    return {};
}

Result<StepResult::Verify> Runner::verify(const Revision &rev, bool insideTransaction, ScriptExecutor &executor)
{
    auto statements = splitVerify(rev);
    if (!statements)
        return fail(statements.error());
    // The verify script only looks: whatever it does is rolled back, inside the step's
    // transaction to a savepoint, otherwise in a transaction of its own. Rolling back to the
    // savepoint also clears the aborted state a failing verify leaves the transaction in.
    const QString open = insideTransaction ? QStringLiteral("SAVEPOINT revisor_verify") : QStringLiteral("BEGIN");
    const QString undo = insideTransaction ? QStringLiteral("ROLLBACK TO SAVEPOINT revisor_verify") : QStringLiteral("ROLLBACK");
    if (auto opened = m_session.exec(open); !opened)
        return fail(opened.error());
    QElapsedTimer timer;
    timer.start();
    QList<StatementRun> runs;
    auto ran = executor.run(*statements, rev.verifyFile, runs);
    StepResult::Verify outcome{rev.verifyFile, std::nullopt, timer.nsecsElapsed() / 1e6};
    if (auto undone = m_session.exec(undo); !undone)
        return fail(undone.error());
    if (insideTransaction) {
        if (auto released = m_session.exec(QStringLiteral("RELEASE SAVEPOINT revisor_verify")); !released)
            return fail(released.error());
    }
    // A cancel is the user's, not the verify script's failure: it stops the step.
    if (!ran && m_cancel.load())
        return fail(ran.error());
    if (!ran) {
        outcome.error = ran.error();
        outcome.error->revision = rev.id;
        outcome.error->message = QStringLiteral("verify script failed: %1").arg(outcome.error->message);
    }
    return outcome;
}

} // namespace revisor
