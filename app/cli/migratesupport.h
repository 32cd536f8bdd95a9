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
/// A session on the database --db (or the environment) names.
Result<std::unique_ptr<Session>> connect(Context &ctx, const QCommandLineParser &parser);

} // namespace revisor::cli
