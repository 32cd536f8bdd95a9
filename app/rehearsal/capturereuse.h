#pragma once

#include "checks/scenariofacts.h"

namespace revisor {

/// The relations some steps wrote, from the locks their transactions held at COMMIT.
struct WrittenRelations
{
    /// Relations locked in a mode above ACCESS SHARE (every write takes at least ROW
    /// EXCLUSIVE on what it writes), as pg_locks readers name them.
    QStringList relations;
    /// Non-empty when the locks do not tell everything a step wrote (a step outside a
    /// transaction, one another process ran, a seed): why, and nothing may be taken over.
    QString incomplete;
};

/// What the steps of `phases` wrote, for deciding which fingerprints of the capture before
/// them still stand (PointCaptureOptions::reuseFrom). A relation renamed by a step is named
/// as it was at that step's COMMIT; a rename takes ACCESS EXCLUSIVE, so a table's last name
/// is always among those of the step that gave it.
WrittenRelations writtenBy(const QList<Phase> &phases);

} // namespace revisor
