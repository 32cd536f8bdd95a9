#include "backendlocks.h"

#include "db/session.h"

namespace revisor {

StatementLockTracker::StatementLockTracker(Session &session, int pid, bool transactional, LockSampler *sampler)
    : m_session(session), m_pid(pid), m_transactional(transactional), m_sampler(sampler)
{
    // What the step holds before its first statement (the version table's row, taken by the
    // bookkeeping) is not a statement's.
    if (auto held = readRelationLocks(m_session, {m_pid, {}})) {
        for (const RelationLock &l : *held)
            m_known.append({l.oid, l.mode});
    }
    if (m_sampler)
        m_sampler->clear();
}

void StatementLockTracker::statementStarted()
{
    // Outside a transaction each statement takes its locks anew.
    if (!m_transactional && m_sampler)
        m_sampler->clear();
    m_startedMs = monotonicMs();
}

void StatementLockTracker::statementFinished(StatementRun &run)
{
    const double endedMs = monotonicMs();
    const QList<LockSampler::Sample> samples = m_sampler ? m_sampler->samples() : QList<LockSampler::Sample>();
    const auto sampleOf = [&](qint64 oid, const QString &mode) -> const LockSampler::Sample * {
        for (const LockSampler::Sample &s : samples) {
            if (s.lock.oid == oid && s.lock.mode == mode && s.firstSeenMs >= m_startedMs && s.firstSeenMs <= endedMs)
                return &s;
        }
        return nullptr;
    };
    // The ACCESS EXCLUSIVE table lock of a CREATE TABLE is on the table it creates (a table it
    // references gets a weaker one).
    const bool creates = run.commandTag == QLatin1String("CREATE TABLE");
    const auto attribute = [&](const RelationLock &l, double acquiredMs, bool sampled) {
        m_known.append({l.oid, l.mode});
        if (creates && l.kind == QLatin1String("table") && l.mode == QLatin1String("AccessExclusiveLock"))
            m_created << l.oid;
        run.locks << ObservedLock{l.relation, l.kind, l.mode, acquiredMs - m_startedMs, endedMs - acquiredMs, sampled,
                                  m_created.contains(l.oid)};
        m_acquiredMs << acquiredMs;
    };
    // The runner's own connection names relations its transaction created, which the
    // sampler's cannot.
    if (m_transactional) {
        if (auto held = readRelationLocks(m_session, {m_pid, {}})) {
            for (const RelationLock &l : *held) {
                if (m_known.contains(std::pair{l.oid, l.mode}))
                    continue;
                const LockSampler::Sample *s = sampleOf(l.oid, l.mode);
                attribute(l, s ? s->firstSeenMs : m_startedMs, s != nullptr);
            }
        }
        return;
    }
    // Outside a transaction the statement's locks went with it: only the samples saw them.
    for (const LockSampler::Sample &s : samples) {
        if (s.firstSeenMs < m_startedMs || s.firstSeenMs > endedMs || m_known.contains(std::pair{s.lock.oid, s.lock.mode}))
            continue;
        attribute(s.lock, s.firstSeenMs, true);
        m_known.removeLast(); // the next statement takes it anew
    }
}

void StatementLockTracker::committed(QList<StatementRun> &runs)
{
    if (!m_transactional)
        return;
    const double now = monotonicMs();
    qsizetype i = 0;
    for (StatementRun &run : runs) {
        for (ObservedLock &l : run.locks) {
            if (i < m_acquiredMs.size())
                l.heldMs = now - m_acquiredMs.at(i);
            ++i;
        }
    }
}

} // namespace revisor
