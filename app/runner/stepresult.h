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
    /// What the tool that ran the step printed (Alembic's log and traceback), in order.
    QString toolOutput;
    std::optional<Error> error;   ///< why the step did not complete
    /// A step that failed: how many of its statements stayed applied (0 when its transaction
    /// was rolled back; the statements before the failing one when it is not transactional).
    int statementsKept = 0;

    bool completed() const { return !error.has_value(); }
    friend bool operator==(const StepResult &, const StepResult &) = default;
    QJsonObject toJson() const;
    static StepResult fromJson(const QJsonObject &o);
    static QString kindName(Kind k);
};

QJsonObject noticeToJson(const Notice &n);
Notice noticeFromJson(const QJsonObject &o);

} // namespace revisor
