#pragma once

#include "core/error.h"
#include "core/revisionref.h"
#include "db/session.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace revisor {

/// A lock a step's transaction held just before it committed, or (for a step another process
/// runs) a lock its backend was seen holding while it ran.
struct LockInfo
{
    QString relation;   ///< schema-qualified name, or "(oid N)" when it cannot be named
    QString kind;       ///< relkind as a word: table, index, sequence, view...
    QString mode;       ///< AccessExclusiveLock, RowExclusiveLock, ...
    /// For a sampled lock: from the first sample that saw it to the last, plus one interval
    /// (approximate: a lock shorter than the interval can be missed); -1 for a lock read at
    /// COMMIT.
    double heldMs = -1;
    int samplingIntervalMs = 0; ///< the sampling interval; 0 for a lock read at COMMIT
    friend bool operator==(const LockInfo &, const LockInfo &) = default;
    QJsonObject toJson() const;
    static LockInfo fromJson(const QJsonObject &o);
};

/// A lock a statement was seen to take: sampled from pg_locks of the runner's own backend
/// while the statement ran (from a second connection), and read on the runner's connection
/// after it (inside the step's transaction, where locks stay until COMMIT).
struct ObservedLock
{
    QString relation;       ///< schema-qualified name, or "(oid N)" when it cannot be named
    QString kind;           ///< table, index, sequence, ...
    QString mode;           ///< AccessExclusiveLock, ShareLock, ...
    /// When it was first seen, in ms after the statement started: a sample while the
    /// statement ran, else the statement's start (it was taken during the statement).
    double acquiredAfterMs = 0;
    /// From first seen to COMMIT (a transactional step) or to the statement's end (a
    /// statement that runs on its own, whose locks go with it).
    double heldMs = 0;
    bool sampled = false;   ///< seen by a sample while the statement ran
    /// A table the step itself created: no other session can see it before COMMIT, so
    /// holding it blocks nobody.
    bool createdInStep = false;
    /// A lock of `mode` on a table other sessions can see: ACCESS EXCLUSIVE there blocks
    /// every reader, which is what the slowest statements and long locks are about.
    bool blocksOthers(const QString &mode = QStringLiteral("AccessExclusiveLock")) const;
    friend bool operator==(const ObservedLock &, const ObservedLock &) = default;
    QJsonObject toJson() const;
    static ObservedLock fromJson(const QJsonObject &o);
};

/// A table lock mode's rank from the strongest: 0 for AccessExclusiveLock (blocks everything)
/// to 7 for AccessShareLock; 8 for anything else. The order every list of locks is shown in.
int lockModeRank(const QString &mode);

/// One statement as it ran.
struct StatementRun
{
    QString sql;
    QString file;
    int line = 0;
    double durationMs = 0;
    qint64 rows = 0;
    QString commandTag;
    QList<Notice> notices;
    QList<ObservedLock> locks;   ///< the locks it took (not those earlier statements took)
    friend bool operator==(const StatementRun &, const StatementRun &) = default;
    QJsonObject toJson() const;
    static StatementRun fromJson(const QJsonObject &o);
};

/// One revision applied (up) or reverted (down), or a seed, as it ran. The one place a step's
/// failure is told: whether it completed, and if not, its error and what stayed applied.
struct StepResult
{
    enum class Kind { Upgrade, Downgrade, Seed };
    Kind kind = Kind::Upgrade;
    QString revision;         ///< the revision applied or reverted; the seed's name for Seed
    RevisionRef from;         ///< version before
    RevisionRef to;           ///< version after (on failure: still `from`)
    QString message;
    bool transactional = true;
    QDateTime startedAt;
    double durationMs = 0;
    QList<StatementRun> statements;
    QList<LockInfo> locks;
    /// `locks` were read on the step's own connection just before its COMMIT: every relation
    /// its transaction locked is there (a step outside a transaction, or run by another
    /// process, has only what samples saw).
    bool locksAtCommit = false;
    /// What the tool that ran the step printed (Alembic's log and traceback), in order.
    QString toolOutput;
    /// The verify script run after an up step (Sqitch's verify/), judged as a check of its own
    /// (verify.<revision>): a failing verify does not undo the deploy, it fails that check.
    struct Verify
    {
        QString file;
        std::optional<Error> error;   ///< why it failed (it raised an error); empty: it passed
        double durationMs = 0;
        bool passed() const { return !error.has_value(); }
        friend bool operator==(const Verify &, const Verify &) = default;
    };
    std::optional<Verify> verify;
    std::optional<Error> error;   ///< why the step did not complete
    /// A step that failed: how many of its statements stayed applied (0 when its transaction
    /// was rolled back; the statements before the failing one when it is not transactional).
    int statementsKept = 0;

    bool completed() const { return !error.has_value(); }
    /// What ran, for a progress line: "12 statement(s)", or for a step another tool ran
    /// "run by its tool, 4 lock(s) sampled every 10 ms".
    QString workSummary() const;
    /// A statement's lock of `mode` on a table other sessions can see, held longer than
    /// `thresholdMs`.
    struct LongLock
    {
        const StatementRun *statement;
        ObservedLock lock;
    };
    QList<LongLock> locksHeldOver(double thresholdMs, const QString &mode = QStringLiteral("AccessExclusiveLock")) const;
    /// The `count` slowest statements, slowest first (JSON: "slowest_statements", with each
    /// one's index and share of the step).
    QList<const StatementRun *> slowestStatements(int count = 5) const;
    /// A statement's time as a percentage of the step's.
    double shareOfStep(const StatementRun &statement) const;
    friend bool operator==(const StepResult &, const StepResult &) = default;
    QJsonObject toJson() const;
    static StepResult fromJson(const QJsonObject &o);
    static QString kindName(Kind k);
};

QJsonObject noticeToJson(const Notice &n);
Notice noticeFromJson(const QJsonObject &o);

} // namespace revisor
