#pragma once

#include "cli/clicontext.h"
#include "db/session.h"
#include "runner/runner.h"

#include <memory>

namespace revisor::cli {

/// One progress line per finished step on stderr.
RunObserver progressObserver(Context &ctx);
/// The server notices of `steps`, with file and line, on stderr.
void printNotices(Context &ctx, const QList<StepResult> &steps);
/// Warns (stderr) about applied revisions whose script changed since, and revisions inserted
/// below the current one after the database passed it.
Status warnAboutHistory(Context &ctx, Session &session, const MigrationSet &set, VersionStore &store);
/// --no-history, for the commands that move the database.
void addHistoryOption(QCommandLineParser &parser);
/// The runner's options from --lock-timeout and (where the command has it) --no-history.
RunnerOptions runnerOptions(Context &ctx, const QCommandLineParser &parser);
/// The usage error for a target on the wrong side of `current` (Alembic refuses those too).
/// upgrade/downgrade --sql: prints the plan from `from` (empty: the default start) to `target`.
int printOfflinePlan(Context &ctx, const MigrationSet &set, const QString &target, const QString &from, bool upgrade);
/// The migration set (--set) and a session on the database (--db) a command works on.
struct SetAndSession
{
    MigrationSet set;
    std::unique_ptr<Session> session;
};
Result<SetAndSession> loadSetAndConnect(Context &ctx, const QCommandLineParser &parser);
/// A session on the database --db (or the environment) names.
Result<std::unique_ptr<Session>> connect(Context &ctx, const QCommandLineParser &parser);

} // namespace revisor::cli
