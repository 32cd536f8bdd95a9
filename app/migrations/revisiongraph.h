#pragma once

#include "migrations/revision.h"

#include <QList>

namespace revisor {

/// Checks a revision graph: unique ids, every down revision and dependency known, no cycle
/// through either, at least one base. Errors name each bad revision's file and line.
Status validateGraph(const QList<Revision> &revisions);

/// A validated graph in the order its steps are applied: every revision after all it requires
/// (down revisions and dependencies), a branch kept together where the graph allows it (the
/// child of the revision just placed comes next), ties in the order `revisions` lists them.
/// For a linear chain this is the chain, base first.
QList<Revision> applyOrder(const QList<Revision> &revisions);

/// "file:line" of a revision's header, for messages.
QString revisionLocation(const Revision &r);

/// Several problems as one error: each line names its file and line; the error's own file and
/// line are the first problem's, so a window can jump to it.
Error graphError(const QList<std::pair<const Revision *, QString>> &problems);

} // namespace revisor
