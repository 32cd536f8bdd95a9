#pragma once

#include "rehearsal/rehearsal.h"

#include <QString>
#include <QStringList>

namespace revisor::test {

/// The bundled set, migrations/codebase_mcp in the source tree.
QString bundledSet();

/// The text of revision 002 of the bundled set (its file relative to the set:
/// bundledRevision002Path()) with `sql` appended to its `-- migrate:down` section, or with
/// `find` (which must occur once in the down section) replaced there by `replace`. The up
/// section is left as it is; qFatal when the edit cannot be made.
QString revision002WithDown(const QString &find, const QString &replace);
QString bundledRevision002Path();

/// One rehearsal with `options` on a fresh database named after `prefix`; qFatal when it
/// cannot run at all (a failing step is part of the result).
RehearsalResult rehearseSet(const QString &setDirectory, const QString &prefix, const RehearsalOptions &options = {});

/// Every check as "id [status] detail", and the error, for failure messages.
QString describeChecks(const RehearsalResult &result);

/// "checkid:needle" expectations: the check exists, has `status` and names the needle in its
/// detail or objects. Returns what is wrong, or an empty string.
QString unmetExpectation(const RehearsalResult &result, const QString &expectation, CheckResult::Status status);

} // namespace revisor::test
