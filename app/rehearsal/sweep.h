#pragma once

#include "rehearsal/rehearsal.h"

#include <QJsonObject>

namespace revisor {

/// One single step of a sweep: its own round trip (baseline `from`, target `revision`).
struct SweepRow
{
    RevisionRef from;
    RevisionRef revision;
    bool passed = false;
    QStringList failing;     ///< ids of the failing checks
    int warnings = 0;
    double downMs = -1;      ///< the rollback's duration; -1 when it did not run
    QString error;           ///< what stopped the scenario, if anything
    RehearsalResult result;  ///< the whole rehearsal, for its own reports

    QJsonObject toJson() const;
};

struct SweepResult
{
    QList<SweepRow> rows;
    bool stoppedEarly = false;   ///< a step failed and the sweep was not asked to keep going
    bool passed() const;
    QJsonObject toJson() const;   ///< {"format": "revisor-sweep/1", "steps": [...]}
    /// A Markdown table, one row per revision: verdict, failing checks, down time.
    QString toMarkdown() const;
};

struct SweepOptions
{
    QString from = QStringLiteral("base");
    QString to = QStringLiteral("head");
    bool keepGoing = false;
    RehearsalOptions rehearsal;   ///< each step's; baseline, target and reset are set per step
    /// Checked between steps: set, the sweep stops after the step that runs (the caller
    /// cancels that step's statement itself).
    const std::atomic_bool *cancel = nullptr;
};

/// Rehearses every single step from `from` to `to`, each on the database emptied first
/// (resetDatabase, under the migration lock: the caller guards it as for --reset), with the
/// set's declarations but not its checks files' assertions, which are written for one
/// scenario. Stops after the first failing step unless keepGoing. Fails only for bad input
/// (an unknown revision, `to` not above `from`) or an unreachable database.
Result<SweepResult> runSweep(Session &session, const MigrationSet &set, const SweepOptions &options,
                             const RehearsalObserver &observer = {});

} // namespace revisor
