#include "steptimeouts.h"

#include "migrations/revision.h"

namespace revisor {

namespace {

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 4);
}

} // namespace

StepTimeouts timeoutsFor(const StepTimeouts &run, const Revision &revision)
{
    StepTimeouts t = run;
    if (revision.lockTimeoutMs)
        t.lockTimeoutMs = *revision.lockTimeoutMs;
    if (revision.statementTimeoutMs)
        t.statementTimeoutMs = *revision.statementTimeoutMs;
    return t;
}

Result<AppliedTimeouts> AppliedTimeouts::apply(Session &session, const StepTimeouts &timeouts, bool inTransaction)
{
    AppliedTimeouts applied;
    applied.m_session = &session;
    applied.m_timeouts = timeouts;
    const QList<std::pair<QString, int>> wanted{{QStringLiteral("lock_timeout"), timeouts.lockTimeoutMs},
                                                {QStringLiteral("statement_timeout"), timeouts.statementTimeoutMs}};
    for (const auto &[name, ms] : wanted) {
        if (ms <= 0)
            continue;
        if (!inTransaction) {
            auto before = session.scalar(QStringLiteral("SELECT current_setting($1)"), {name});
            if (!before) {
                applied.restore();
                return fail(before.error());
            }
            applied.m_saved << std::pair{name, *before};
        }
        // set_config(..., true) is SET LOCAL: it ends with the step's transaction.
        auto set = session.exec(QStringLiteral("SELECT set_config($1, $2, $3)"),
                                {name, QStringLiteral("%1ms").arg(ms), inTransaction ? QStringLiteral("true") : QStringLiteral("false")});
        if (!set) {
            applied.restore();
            return fail(set.error());
        }
    }
    return applied;
}

void AppliedTimeouts::restore()
{
    for (const auto &[name, value] : std::exchange(m_saved, {}))
        (void)m_session->exec(QStringLiteral("SELECT set_config($1, $2, false)"), {name, value});
}

Error AppliedTimeouts::explain(Error error, const QString &relationWaitedFor, bool userCancelled) const
{
    if (error.sqlState == QLatin1String("55P03") && m_timeouts.lockTimeoutMs > 0) {
        error.kind = ErrorKind::LockTimeout;
        error.message = QStringLiteral("waited %1 s for a lock on %2 (ddl lock timeout): %3")
                            .arg(seconds(m_timeouts.lockTimeoutMs),
                                 relationWaitedFor.isEmpty() ? QStringLiteral("a relation another session holds") : relationWaitedFor,
                                 error.message);
        error.hint = QStringLiteral("another session holds a conflicting lock; retry when it is done, or raise --ddl-lock-timeout");
    } else if (error.sqlState == QLatin1String("57014") && !userCancelled && m_timeouts.statementTimeoutMs > 0) {
        error.kind = ErrorKind::Database;
        error.message = QStringLiteral("statement ran longer than %1 s (statement timeout): %2")
                            .arg(seconds(m_timeouts.statementTimeoutMs), error.message);
        error.hint = QStringLiteral("raise --statement-timeout or the revision's '-- statement-timeout:' header");
    }
    return error;
}

} // namespace revisor
