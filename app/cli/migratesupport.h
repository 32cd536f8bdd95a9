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
/// A session on the database --db (or the environment) names.
Result<std::unique_ptr<Session>> connect(Context &ctx, const QCommandLineParser &parser);

} // namespace revisor::cli
