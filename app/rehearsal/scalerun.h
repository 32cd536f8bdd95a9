#pragma once

#include "migrations/migrationset.h"
#include "rehearsal/scalefit.h"
#include "runner/stepresult.h"

#include <QDateTime>
#include <QMap>

#include <atomic>
#include <functional>

namespace revisor {

class Session;

/// One volume of a scale run: the seed's parameters, the rows they made, and the upgrade and
/// downgrade as they ran (per statement, with observed locks).
struct ScalePoint
{
    QMap<QString, QString> parameters;
    QString rowsTable;        ///< the largest table after the seed, qualified
    qint64 rows = 0;          ///< its exact row count
    double seedMs = 0;
    double upgradeMs = 0;
    double downgradeMs = 0;
    QList<StepResult> upgrade;
    QList<StepResult> downgrade;
    /// Longest ACCESS EXCLUSIVE hold on rowsTable by a step of each direction (ms).
    double upgradeExclusiveMs = 0;
    double downgradeExclusiveMs = 0;
    QJsonObject toJson() const;
};

struct ScaleOptions
{
    QString baseline;                 ///< empty: the revision below the target
    QString target = QStringLiteral("head");
    QString seed = QStringLiteral("scale");
    QList<QMap<QString, QString>> volumes;   ///< seed parameters per volume, smallest first
    int lockTimeoutMs = 30000;
    QString label;                    ///< names the run when runs are overlaid ("before index")
};

/// A statement's time against rows, fitted.
struct StatementFit
{
    QString direction;    ///< up, down
    QString file;
    int line = 0;
    QString sql;
    QList<double> ms;     ///< per volume
    GrowthFit fit;
};

/// A whole scale run: its points and the fitted models.
struct ScaleRun
{
    static constexpr const char *Format = "revisor-scale/1";
    QString label;
    QString setName;
    QString database;     ///< without secrets
    QString serverVersion;
    bool pgvector = false;
    RevisionRef baseline;
    RevisionRef target;
    QString seed;
    QDateTime startedAt;
    QList<ScalePoint> points;
    GrowthFit upgradeFit;
    GrowthFit downgradeFit;
    GrowthFit upgradeExclusiveFit;
    GrowthFit downgradeExclusiveFit;
    QList<StatementFit> statements;   ///< slowest at the largest volume first

    /// Fits the step and statement models from the points (`usePoints` first points only; all
    /// when negative).
    void fit(int usePoints = -1);
    /// "at 40,000,000 rows of public.code_chunks: upgrade about 2.1 h (holds ACCESS EXCLUSIVE
    /// on it about 2.1 h); downgrade about 40 s; ±12 % ..."
    QString extrapolate(double rows) const;
    QJsonObject toJson() const;
    static Result<ScaleRun> fromJson(const QJsonObject &json);
};

/// The volumes of `name=v1,v2,v3` parameters (one volume per value; a parameter with one value
/// keeps it for every volume). Errors name the parameter.
Result<QList<QMap<QString, QString>>> scaleVolumes(const QStringList &params);

/// For each volume: an empty database (the engine reset), the baseline, the seed with that
/// volume's parameters, the upgrade to the target and the downgrade back, each timed per
/// statement. `progress` hears one line per phase. Setting `*cancel` stops the run before
/// its next phase (with an error saying so); the running statement is cancelled by the owner
/// of the session (Session::cancel()).
Result<ScaleRun> runScale(Session &session, const MigrationSet &set, const ScaleOptions &options,
                          const std::function<void(const QString &)> &progress = {}, std::atomic_bool *cancel = nullptr);

/// Where runs are kept: <XDG data dir>/revisor/scale (one JSON file per run).
QString scaleRunsDirectory();
/// Writes the run there as <started at>-<set>[-<label>].json; returns the path.
Result<QString> keepScaleRun(const ScaleRun &run);

} // namespace revisor
