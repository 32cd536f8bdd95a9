#pragma once

#include "checks/checkresult.h"
#include "checks/scenariofacts.h"
#include "data/datacompare.h"
#include "rehearsal/diffcauses.h"
#include "hazards/hazard.h"
#include "schema/snapshotdiff.h"

#include <QJsonObject>
#include <QMap>

#include <optional>

namespace revisor {

/// The time limits a result was judged against (budget.rollback, budget.scenario): they
/// travel with the result, so that every report says what "within budget" meant.
struct Budgets
{
    double rollbackMs = 30000;
    double scenarioMs = 60000;
    QJsonObject toJson() const;
    static Budgets fromJson(const QJsonObject &json);
    friend bool operator==(const Budgets &, const Budgets &) = default;
};

/// The outcome of a rehearsal as every report shows it ("revisor-report/1"): one value, from
/// which the JSON, JUnit, Markdown, HTML and PDF reports are all written.
struct RehearsalResult
{
    static constexpr const char *Format = "revisor-report/1";

    QString setName;
    QString setDirectory;
    QString database;          ///< connection without password
    QString serverVersion;
    bool pgvector = false;     ///< the vector extension is installed in the database
    QMap<QString, QString> sessionSettings; ///< pinned settings the values were read with
    RevisionRef baselineRevision;
    RevisionRef targetRevision;
    RevisionRef finalRevision;
    QString seed;
    QMap<QString, QString> seedParameters;
    QDateTime startedAt;
    double scenarioMs = 0;
    Budgets budgets;
    QList<Phase> phases;
    ProbeResult downgradeProbe;
    ProbeResult reupgradeProbe;
    QList<CheckResult> checks;            ///< failing first
    QList<TableComparison> tables;        ///< baseline vs after rollback
    QMap<QString, qint64> rowsUpgraded;   ///< row counts at the upgraded point
    SchemaDiff upgradeDiff;               ///< baseline -> upgraded
    SchemaDiff rollbackDiff;              ///< baseline -> after rollback (empty when safe)
    /// For each entry of rollbackDiff, the statements of the round trip that touch its object
    /// (findDiffCauses); JSON: "causes" in each entry of "baseline_to_rolled_back".
    QList<QList<DiffCause>> rollbackCauses;
    double lockThresholdMs = 1000;        ///< ACCESS EXCLUSIVE held longer than this is highlighted
    QList<StepHazards> hazards;           ///< per upgrade/downgrade step, ranked by the capture before it
    std::optional<Error> error;           ///< the scenario stopped early

    /// What one inspection point cost (report.json "captures"), beside the migration's cost.
    struct CaptureCost
    {
        QString point;       ///< baseline, upgraded, rolled_back
        double ms = 0;       ///< the whole point: schema, data and its query checks
        double schemaMs = 0;
        double dataMs = 0;
        QMap<QString, DataCapture::TableStats> tables;  ///< by "schema.name"
        QString note;        ///< InspectionPoint::dataNote: row counts only, fingerprints taken over
        friend bool operator==(const CaptureCost &, const CaptureCost &) = default;
    };
    QList<CaptureCost> captures;

    bool passed() const;
    /// The verdict in one line, root cause first: "PASS: 25 checks passed", "FAIL: rollback
    /// 002 -> 005 failed at versions/003_x.sql:241: ...", "FAIL: 2 of 25 checks failed:
    /// schema.identical, data.preserved".
    QString headline() const;
    int count(CheckResult::Status status) const;
    QList<StepResult> allSteps() const;

    QJsonObject toJson() const;
    static Result<RehearsalResult> fromJson(const QJsonObject &json);
};

} // namespace revisor
