#pragma once

#include "runner/locksampler.h"
#include "runner/stepresult.h"

#include <QList>
#include <QString>

namespace revisor {

class Session;

/// Attributes the locks a step takes to its statements: before each statement the locks
/// already held are known; after it, on the runner's own connection, what is new was taken by
/// it (in a transaction locks stay until COMMIT, so nothing is missed), and the sampler's
/// observations while it ran give the moment each was taken and what a statement outside a
/// transaction held only while it ran.
class StatementLockTracker
{
public:
    StatementLockTracker(Session &session, int pid, bool transactional, LockSampler *sampler);
    void statementStarted();
    void statementFinished(StatementRun &run);
    /// The step commits now: every lock of a transactional step is released here.
    void committed(QList<StatementRun> &runs);

private:
    Session &m_session;
    int m_pid;
    bool m_transactional;
    LockSampler *m_sampler;
    QList<std::pair<qint64, QString>> m_known;   ///< (oid, mode) already attributed
    QList<qint64> m_created;                     ///< tables a CREATE TABLE of the step made
    double m_startedMs = 0;
    QList<double> m_acquiredMs;                  ///< per run: monotonic ms of each lock, in order
};

} // namespace revisor
