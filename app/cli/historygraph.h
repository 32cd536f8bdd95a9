#pragma once

#include "migrations/migrationset.h"

#include <QStringList>

namespace revisor {

/// A set that branches or merges drawn as text, one line per revision in apply order (base
/// first): a column per open branch, '*' the revision, '|' a branch passing by, '/' a branch
/// merging into it; then "parents -> id", its flags (head, branchpoint, mergepoint, branch
/// names, dependencies) and message.
QStringList historyGraph(const MigrationSet &set);

} // namespace revisor
