#pragma once

#include "checks/declarations.h"
#include "data/datacompare.h"
#include "data/sequencefeeds.h"
#include "runner/stepresult.h"
#include "schema/snapshot.h"

#include <QMap>

namespace revisor {

/// What Revisor saw at one point of a rehearsal: schema, data, and the values of the
/// declarative queries that were due there.
struct InspectionPoint
{
    QString name;                        ///< baseline, upgraded, rolled_back
    RevisionRef revision;
    bool captured = false;
    Snapshot schema;
    DataCapture data;
    QMap<QString, QString> queryValues;  ///< check id -> first column of the first row
    QMap<QString, QString> queryErrors;  ///< check id -> error text
    double captureMs = 0;
    QList<SequenceFeed> sequenceFeeds;   ///< sequences with the columns they feed
    double schemaMs = 0;                 ///< of captureMs: the schema snapshot
    double dataMs = 0;                   ///< of captureMs: the data capture (per table: data.stats)
    /// How the data was captured when not every table was fingerprinted afresh: row counts
    /// only, or which tables' fingerprints were taken over from an earlier point and why
    /// (or why none were). Empty: every table read and fingerprinted.
    QString dataNote;
};

/// A probe run inside a transaction that is rolled back afterwards, or on a disposable copy of
/// the database that is dropped afterwards (a range with a revision that is not transactional).
struct ProbeResult
{
    bool ran = false;
    bool ok = false;
    RevisionRef from;
    RevisionRef to;
    QString detail;
    double durationMs = 0;
    bool onCopy = false;   ///< ran on a disposable copy of the database, not in a transaction
    /// Not run: its outcome follows from the scenario (ok), which `choice` explains.
    bool inferred = false;
    /// Why the probe was run in full or inferred, and what an inferred one does not prove;
    /// empty when no choice was made (the downgrade probe, the window's probes).
    QString choice;
    QJsonObject toJson() const;
    static ProbeResult fromJson(const QJsonObject &o);
    friend bool operator==(const ProbeResult &, const ProbeResult &) = default;
};

/// A named stretch of the scenario: baseline, seed, upgrade, downgrade.
struct Phase
{
    QString name;
    QList<StepResult> steps;
    double durationMs = 0;
};

/// Everything the checks judge, gathered by the rehearsal (or built by hand in tests).
struct ScenarioFacts
{
    RevisionRef baselineRevision;
    RevisionRef targetRevision;
    RevisionRef finalRevision;         ///< the version store after the rollback
    InspectionPoint baseline;
    InspectionPoint upgraded;
    InspectionPoint rolledBack;
    QList<Phase> phases;
    double scenarioMs = 0;
    ProbeResult downgradeProbe;        ///< a further downgrade -1 from the rolled-back state
    ProbeResult reupgradeProbe;        ///< upgrading again to the target
    QStringList expectedDataLoss;      ///< qualified table names
    QString versionTable = QStringLiteral("alembic_version"); ///< the bookkeeping's name, as messages show it
    /// Revisions of the round trip whose down section does nothing (downHasNoEffect), as
    /// "id (file)".
    QStringList noEffectDowns;
    double rollbackBudgetMs = 30000;
    double scenarioBudgetMs = 60000;
    double upgradeBudgetMs = 0;        ///< 0: no upgrade budget (budget.upgrade is not judged)
    double lockThresholdMs = 1000;     ///< locks.exclusive warns about ACCESS EXCLUSIVE held longer
    /// What stopped the scenario before its end, in one line (describeStop()); empty when it
    /// ran through. Checks whose step never ran are skipped with this as their reason.
    QString stoppedBy;
    QList<Declaration> declarations;   ///< differences the checks files declare as intended
    QString upgradedSeed;              ///< the seed run at the upgraded revision, if any
    QMap<QString, qint64> writtenAfterUpgrade;   ///< table -> rows that seed added
    /// When the rollback left schema differences: the script that repairs them, and what
    /// applying it in a rolled-back transaction showed (empty: not tried).
    QString repairSql;
    QString repairSummary;
    bool repairVerified = false;

    const InspectionPoint *point(const QString &name) const;
    /// Duration of a phase ("downgrade"...), or the whole scenario for "scenario"; -1 if absent.
    double durationOf(const QString &phase) const;
    /// True when the phase ran and every step of it completed; for "scenario", when nothing
    /// stopped it (stoppedBy is empty).
    bool completed(const QString &phase) const;
};

/// The root cause of a scenario that stopped, in one line: the first step that failed or was
/// cancelled, named by its phase's move ("rollback 002 -> 005 failed at 003_x.sql:241:
/// relation \"t\" does not exist (SQLSTATE 42P01)"; "upgrade 005 -> 002 was cancelled at
/// ..."), else `error` (a capture that failed). `setDirectory` shortens file paths inside the
/// set. Empty when no step failed and there is no error.
QString describeStop(const QList<Phase> &phases, const RevisionRef &baseline, const RevisionRef &target,
                     const Error *error, const QString &setDirectory = {});

} // namespace revisor
