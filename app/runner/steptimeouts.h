#pragma once

#include "db/session.h"

namespace revisor {

struct Revision;

/// Server-side limits for a step's statements; 0 leaves the server's setting alone.
struct StepTimeouts
{
    int lockTimeoutMs = 0;       ///< lock_timeout: how long DDL may wait for a table lock
    int statementTimeoutMs = 0;  ///< statement_timeout: how long one statement may run
    bool isEmpty() const { return lockTimeoutMs <= 0 && statementTimeoutMs <= 0; }
    friend bool operator==(const StepTimeouts &, const StepTimeouts &) = default;
};

/// The limits for one revision: its own header's values win over the run's.
StepTimeouts timeoutsFor(const StepTimeouts &run, const Revision &revision);

/// Applies the limits to the session for one step. Inside the step's transaction they are
/// SET LOCAL and end with it; for a step without one they are set for the session and
/// restore() puts back the values they replaced, so the database's own settings stay.
class AppliedTimeouts
{
public:
    static Result<AppliedTimeouts> apply(Session &session, const StepTimeouts &timeouts, bool inTransaction);
    /// Puts back what apply() replaced (a no-op after a transactional apply).
    void restore();

    /// Rewrites a statement's error that one of these limits caused so that it says so:
    /// 55P03 (lock_timeout) names the relation waited for, 57014 is told apart from a cancel.
    Error explain(Error error, const QString &relationWaitedFor, bool userCancelled) const;

private:
    Session *m_session = nullptr;
    StepTimeouts m_timeouts;
    QList<std::pair<QString, QString>> m_saved;   ///< setting, value before the step
};

} // namespace revisor
