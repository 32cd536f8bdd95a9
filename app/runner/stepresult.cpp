#include "stepresult.h"

#include <QJsonArray>

#include <algorithm>

namespace revisor {

QJsonObject LockInfo::toJson() const
{
    QJsonObject o{{QStringLiteral("relation"), relation}, {QStringLiteral("kind"), kind}, {QStringLiteral("mode"), mode}};
    if (samplingIntervalMs > 0) {
        o.insert(QStringLiteral("held_ms"), heldMs);
        o.insert(QStringLiteral("sampling_interval_ms"), samplingIntervalMs);
    }
    return o;
}

LockInfo LockInfo::fromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("relation")).toString(), o.value(QStringLiteral("kind")).toString(),
            o.value(QStringLiteral("mode")).toString(), o.value(QStringLiteral("held_ms")).toDouble(-1),
            o.value(QStringLiteral("sampling_interval_ms")).toInt()};
}

QJsonObject ObservedLock::toJson() const
{
    return {{QStringLiteral("relation"), relation}, {QStringLiteral("kind"), kind}, {QStringLiteral("mode"), mode},
            {QStringLiteral("acquired_after_ms"), acquiredAfterMs}, {QStringLiteral("held_ms"), heldMs},
            {QStringLiteral("sampled"), sampled}, {QStringLiteral("created_in_step"), createdInStep}};
}

ObservedLock ObservedLock::fromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("relation")).toString(), o.value(QStringLiteral("kind")).toString(),
            o.value(QStringLiteral("mode")).toString(), o.value(QStringLiteral("acquired_after_ms")).toDouble(),
            o.value(QStringLiteral("held_ms")).toDouble(), o.value(QStringLiteral("sampled")).toBool(),
            o.value(QStringLiteral("created_in_step")).toBool()};
}

QList<StepResult::LongLock> StepResult::locksHeldOver(double thresholdMs, const QString &mode) const
{
    QList<LongLock> out;
    for (const StatementRun &s : statements) {
        for (const ObservedLock &l : s.locks) {
            if (l.blocksOthers(mode) && l.heldMs > thresholdMs)
                out << LongLock{&s, l};
        }
    }
    return out;
}

bool ObservedLock::blocksOthers(const QString &lockMode) const
{
    return mode == lockMode && kind == QLatin1String("table") && !createdInStep;
}

int lockModeRank(const QString &mode)
{
    static const QStringList order{QStringLiteral("AccessExclusiveLock"), QStringLiteral("ExclusiveLock"),
                                   QStringLiteral("ShareRowExclusiveLock"), QStringLiteral("ShareLock"),
                                   QStringLiteral("ShareUpdateExclusiveLock"), QStringLiteral("RowExclusiveLock"),
                                   QStringLiteral("RowShareLock"), QStringLiteral("AccessShareLock")};
    const qsizetype i = order.indexOf(mode);
    return i < 0 ? int(order.size()) : int(i);
}

QList<const StatementRun *> StepResult::slowestStatements(int count) const
{
    QList<const StatementRun *> out;
    for (const StatementRun &s : statements)
        out << &s;
    std::stable_sort(out.begin(), out.end(), [](const StatementRun *a, const StatementRun *b) { return a->durationMs > b->durationMs; });
    if (out.size() > count)
        out.resize(count);
    return out;
}

double StepResult::shareOfStep(const StatementRun &statement) const
{
    return durationMs > 0 ? 100.0 * statement.durationMs / durationMs : 0;
}

QJsonObject noticeToJson(const Notice &n)
{
    QJsonObject o{{QStringLiteral("severity"), n.severity}, {QStringLiteral("message"), n.message}};
    if (!n.sqlState.isEmpty())
        o.insert(QStringLiteral("sqlstate"), n.sqlState);
    if (!n.detail.isEmpty())
        o.insert(QStringLiteral("detail"), n.detail);
    return o;
}

Notice noticeFromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("severity")).toString(), o.value(QStringLiteral("message")).toString(),
            o.value(QStringLiteral("sqlstate")).toString(), o.value(QStringLiteral("detail")).toString()};
}

QJsonObject StatementRun::toJson() const
{
    QJsonArray ns;
    for (const Notice &n : notices)
        ns.append(noticeToJson(n));
    QJsonObject o{{QStringLiteral("sql"), sql}, {QStringLiteral("file"), file}, {QStringLiteral("line"), line},
                  {QStringLiteral("duration_ms"), durationMs}, {QStringLiteral("rows"), rows},
                  {QStringLiteral("command"), commandTag}};
    if (!ns.isEmpty())
        o.insert(QStringLiteral("notices"), ns);
    QJsonArray lks;
    for (const ObservedLock &l : locks)
        lks.append(l.toJson());
    if (!lks.isEmpty())
        o.insert(QStringLiteral("locks"), lks);
    return o;
}

StatementRun StatementRun::fromJson(const QJsonObject &o)
{
    StatementRun s;
    s.sql = o.value(QStringLiteral("sql")).toString();
    s.file = o.value(QStringLiteral("file")).toString();
    s.line = o.value(QStringLiteral("line")).toInt();
    s.durationMs = o.value(QStringLiteral("duration_ms")).toDouble();
    s.rows = o.value(QStringLiteral("rows")).toInteger();
    s.commandTag = o.value(QStringLiteral("command")).toString();
    for (const auto &n : o.value(QStringLiteral("notices")).toArray())
        s.notices << noticeFromJson(n.toObject());
    for (const auto &l : o.value(QStringLiteral("locks")).toArray())
        s.locks << ObservedLock::fromJson(l.toObject());
    return s;
}

QString StepResult::kindName(Kind k)
{
    switch (k) {
    case Kind::Upgrade: return QStringLiteral("upgrade");
    case Kind::Downgrade: return QStringLiteral("downgrade");
    case Kind::Seed: return QStringLiteral("seed");
    }
    return {};
}

QString StepResult::workSummary() const
{
    if (!statements.isEmpty() || toolOutput.isEmpty())
        return QStringLiteral("%1 statement(s)").arg(statements.size());
    const int interval = locks.isEmpty() ? 0 : locks.constFirst().samplingIntervalMs;
    return interval > 0 ? QStringLiteral("run by its tool, %1 lock(s) sampled every %2 ms").arg(locks.size()).arg(interval)
                        : QStringLiteral("run by its tool");
}

QJsonObject StepResult::toJson() const
{
    QJsonArray stmts, lks;
    for (const auto &s : statements)
        stmts.append(s.toJson());
    for (const auto &l : locks)
        lks.append(l.toJson());
    QJsonObject o{{QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("revision"), revision},
                  {QStringLiteral("from"), from.id()},
                  {QStringLiteral("to"), to.id()},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("transactional"), transactional},
                  {QStringLiteral("started_at"), startedAt.toString(Qt::ISODateWithMs)},
                  {QStringLiteral("duration_ms"), durationMs},
                  {QStringLiteral("statements"), stmts},
                  {QStringLiteral("locks"), lks}};
    // Derived from the statements, for a reader that wants the answer without sorting them.
    QJsonArray slowest;
    for (const StatementRun *s : slowestStatements())
        slowest.append(QJsonObject{{QStringLiteral("statement"), qint64(s - statements.constData())},
                                   {QStringLiteral("duration_ms"), s->durationMs},
                                   {QStringLiteral("share_of_step"), shareOfStep(*s)}});
    if (!slowest.isEmpty())
        o.insert(QStringLiteral("slowest_statements"), slowest);
    if (!toolOutput.isEmpty())
        o.insert(QStringLiteral("tool_output"), toolOutput);
    if (verify) {
        QJsonObject v{{QStringLiteral("file"), verify->file}, {QStringLiteral("duration_ms"), verify->durationMs}};
        if (verify->error)
            v.insert(QStringLiteral("error"), verify->error->toJson());
        o.insert(QStringLiteral("verify"), v);
    }
    if (locksAtCommit)
        o.insert(QStringLiteral("locks_at_commit"), true);
    if (error) {
        o.insert(QStringLiteral("error"), error->toJson());
        o.insert(QStringLiteral("statements_kept"), statementsKept);
    }
    return o;
}

StepResult StepResult::fromJson(const QJsonObject &o)
{
    StepResult r;
    const QString kind = o.value(QStringLiteral("kind")).toString();
    r.kind = kind == QLatin1String("downgrade") ? Kind::Downgrade : kind == QLatin1String("seed") ? Kind::Seed : Kind::Upgrade;
    r.revision = o.value(QStringLiteral("revision")).toString();
    r.from = RevisionRef(o.value(QStringLiteral("from")).toString());
    r.to = RevisionRef(o.value(QStringLiteral("to")).toString());
    r.message = o.value(QStringLiteral("message")).toString();
    r.transactional = o.value(QStringLiteral("transactional")).toBool(true);
    r.startedAt = QDateTime::fromString(o.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    r.durationMs = o.value(QStringLiteral("duration_ms")).toDouble();
    for (const auto &s : o.value(QStringLiteral("statements")).toArray())
        r.statements << StatementRun::fromJson(s.toObject());
    for (const auto &l : o.value(QStringLiteral("locks")).toArray())
        r.locks << LockInfo::fromJson(l.toObject());
    r.locksAtCommit = o.value(QStringLiteral("locks_at_commit")).toBool();
    if (o.contains(QStringLiteral("error")))
        r.error = Error::fromJson(o.value(QStringLiteral("error")).toObject());
    r.statementsKept = o.value(QStringLiteral("statements_kept")).toInt();
    r.toolOutput = o.value(QStringLiteral("tool_output")).toString();
    if (o.contains(QStringLiteral("verify"))) {
        const QJsonObject v = o.value(QStringLiteral("verify")).toObject();
        Verify verify{v.value(QStringLiteral("file")).toString(), std::nullopt, v.value(QStringLiteral("duration_ms")).toDouble()};
        if (v.contains(QStringLiteral("error")))
            verify.error = Error::fromJson(v.value(QStringLiteral("error")).toObject());
        r.verify = verify;
    }
    return r;
}

} // namespace revisor
