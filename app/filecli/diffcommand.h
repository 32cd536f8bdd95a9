#pragma once

#include "filecli/console.h"

namespace revisor::cli {

/// revisor diff A B [--json | --sql]: exit 0 when the snapshots have the same schema, 1 when
/// they differ, 2 for an unreadable file.
int cmdDiff(Console &console);

} // namespace revisor::cli
