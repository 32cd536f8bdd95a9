#pragma once

#include "core/error.h"
#include "db/connectionsettings.h"
#include "filecli/console.h"
#include "migrations/migrationset.h"
#include "runner/steptimeouts.h"

namespace revisor {
class ScratchCluster;
}

namespace revisor::cli {

/// The options and helpers the database and migration-set commands share, over Console's
/// streams, parsing and error printing.
struct Context : Console
{
    /// Adds --help and the options every database command takes (--set, --db, --db-file,
    /// --lock-timeout).
    /// --set DIR, --set-format NAME (also spelt --format where `formatAlias`: commands whose
    /// --format means report formats say false) and --version-table TABLE.
    void addSetOption(QCommandLineParser &parser, bool formatAlias = true) const;
    void addDbOptions(QCommandLineParser &parser) const;
    Result<MigrationSet> loadSet(const QCommandLineParser &parser) const;
    /// From --db URL, --db - (standard input) or --db-file FILE, else $DATABASE_URL, else libpq's defaults.
    Result<ConnectionSettings> connection(const QCommandLineParser &parser) const;
    /// With --scratch: starts a throwaway server (kept alive by `cluster`) and creates database
    /// `scratchDatabase` on it; otherwise the database of connection().
    Result<ConnectionSettings> scratchOrConnection(const QCommandLineParser &parser, const QString &scratchDatabase,
                                                   std::unique_ptr<ScratchCluster> &cluster);
    /// Whether the command line names a database (--db or --db-file).
    bool namesDatabase(const QCommandLineParser &parser) const;
    int lockTimeoutMs(const QCommandLineParser &parser) const;
    /// --ddl-lock-timeout and --statement-timeout (upgrade, downgrade, rehearse).
    void addStepTimeoutOptions(QCommandLineParser &parser) const;
    Result<StepTimeouts> stepTimeouts(const QCommandLineParser &parser) const;
    /// --lock-threshold SECONDS (upgrade, downgrade, rehearse): read into lockThresholdMs.
    void addLockThresholdOption(QCommandLineParser &parser) const;
    Status readLockThreshold(const QCommandLineParser &parser);
    /// ACCESS EXCLUSIVE table locks held longer are highlighted in progress and reports.
    double lockThresholdMs = 1000;
};

int cmdHistory(Context &ctx);
int cmdCurrent(Context &ctx);
int cmdMigrate(Context &ctx, bool upgrade);
int cmdSeed(Context &ctx);
int cmdResolve(Context &ctx);
int cmdStamp(Context &ctx);
int cmdScratch(Context &ctx);
int cmdSnapshot(Context &ctx);
int cmdRehearse(Context &ctx);
int cmdLint(Context &ctx);
int cmdScale(Context &ctx);

} // namespace revisor::cli
