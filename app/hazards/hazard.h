#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace revisor {

/// What a statement does to a live database that a reviewer should weigh before running it.
/// The rule ids are stable: SARIF results and reports name them.
enum class HazardRule {
    AccessExclusiveLock,   ///< "access-exclusive-lock": blocks reads and writes of the table
    TableRewrite,          ///< "table-rewrite": the whole table (and its indexes) is rewritten
    ScanUnderLock,         ///< "scan-under-lock": the whole table is read under a blocking lock
    ValidateScan,          ///< "validate-scan": a full scan that lets reads and writes go on
    IndexWithoutConcurrently, ///< "index-without-concurrently": an index built or dropped blocking writes
    EveryRowWrite,         ///< "every-row-write": UPDATE/DELETE of every row in one transaction
    ExpensiveIndexWrite,   ///< "expensive-index-write": rows written into HNSW/IVFFlat/GIN/GiST indexes
    DataDeletion,          ///< "data-deletion": DROP TABLE/COLUMN, TRUNCATE, DELETE of every row
    NotInTransaction,      ///< "not-in-transaction": cannot run inside a transaction block
    Irreversible,          ///< "irreversible": the revision cannot be downgraded
};

/// How much a hazard matters: an Error will fail or cannot be undone, a Warning holds locks or
/// does work in proportion to the table's size, a Note is brief but worth knowing.
enum class HazardLevel { Note, Warning, Error };

/// A lock the statement takes, predicted from its parse tree.
struct PredictedLock
{
    QString table;      ///< as written in the statement ("repositories", "s.t")
    QString mode;       ///< PostgreSQL's name: AccessExclusiveLock, ShareLock, ...
    friend bool operator==(const PredictedLock &, const PredictedLock &) = default;
    QJsonObject toJson() const;
    static PredictedLock fromJson(const QJsonObject &o);
};

/// One hazard of one statement.
struct Hazard
{
    HazardRule rule = HazardRule::AccessExclusiveLock;
    HazardLevel level = HazardLevel::Note;
    QString table;          ///< the table it hits, as written; empty for a revision-wide hazard
    QString lockMode;       ///< the lock held meanwhile (PostgreSQL's name), or empty
    QString explanation;    ///< one line: what happens on a live database
    QString saferPattern;   ///< one line: how to do it without the hazard
    QString revision;
    QString direction;      ///< "up" or "down"
    QString file;
    int line = 0;
    QString statement;
    qint64 rows = -1;       ///< the table's rows in the capture before the step; -1 unknown
    QStringList indexes;    ///< expensive indexes involved ("name (hnsw)")
    double score = 0;       ///< rank: higher first (level, then the table's size)

    QString ruleId() const { return ruleIdOf(rule); }
    QString levelName() const { return levelNameOf(level); }
    /// "file:line: warning [rule] table: explanation"
    QString toText() const;
    friend bool operator==(const Hazard &, const Hazard &) = default;
    QJsonObject toJson() const;
    static Hazard fromJson(const QJsonObject &o);

    static QString ruleIdOf(HazardRule rule);
    static HazardRule ruleFromId(const QString &id);
    static QString levelNameOf(HazardLevel level);
    static HazardLevel levelFromName(const QString &name);
    /// Every rule, in declaration order.
    static QList<HazardRule> allRules();
    /// One sentence on what the rule finds (SARIF rule descriptions, help texts).
    static QString ruleSummary(HazardRule rule);
};

/// The hazards of one statement together with the locks it takes.
struct StatementHazards
{
    QString file;
    int line = 0;
    QString statement;
    QList<PredictedLock> locks;
    QList<Hazard> hazards;
    friend bool operator==(const StatementHazards &, const StatementHazards &) = default;
};

/// The hazards of one step (a revision up or down), most serious first.
struct StepHazards
{
    QString revision;
    QString direction;           ///< "up" or "down"
    bool ranked = false;         ///< ranked with the table sizes of a capture before the step
    QList<StatementHazards> statements;  ///< in statement order
    QList<Hazard> ranking() const;       ///< every hazard, highest score first
    int count(HazardLevel level) const;
    friend bool operator==(const StepHazards &, const StepHazards &) = default;
    QJsonObject toJson() const;
    static StepHazards fromJson(const QJsonObject &o);
};

} // namespace revisor
