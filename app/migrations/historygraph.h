#pragma once

#include "migrations/migrationset.h"

#include <QStringList>

namespace revisor {

/// A set that branches or merges drawn as text, one line per revision in apply order (base
/// first): a column per open branch, '*' the revision, '|' a branch passing by, '/' a branch
/// merging into it; then "parents -> id", its flags (head, branchpoint, mergepoint, branch
/// names, dependencies) and message.
QStringList historyGraph(const MigrationSet &set);

/// The columns part alone, one string per revision in apply order ("*", "|*", "*/"...).
QStringList graphColumns(const MigrationSet &set);

/// The flags history shows beside a revision of a branched set: head, branchpoint,
/// mergepoint, branch names, dependencies (empty when none).
QStringList graphFlags(const MigrationSet &set, const Revision &revision);

} // namespace revisor
