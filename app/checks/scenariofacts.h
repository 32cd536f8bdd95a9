#pragma once

#include "data/datacompare.h"
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
};

/// A probe run inside a transaction that is rolled back afterwards.
struct ProbeResult
{
    bool ran = false;
    bool ok = false;
    RevisionRef from;
    RevisionRef to;
    QString detail;
    double durationMs = 0;
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
    double rollbackBudgetMs = 30000;
    double scenarioBudgetMs = 60000;
    double upgradeBudgetMs = 0;        ///< 0: no upgrade budget (budget.upgrade is not judged)
    double lockThresholdMs = 1000;     ///< locks.exclusive warns about ACCESS EXCLUSIVE held longer

    const InspectionPoint *point(const QString &name) const;
    /// Duration of a phase ("downgrade"...), or the whole scenario for "scenario"; -1 if absent.
    double durationOf(const QString &phase) const;
};

} // namespace revisor
