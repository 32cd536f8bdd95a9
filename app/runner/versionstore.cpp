#include "runner/versionstore.h"

namespace revisor {

QString DirtyState::detail() const
{
    QString text = QStringLiteral("%1 after statement %2 of %3 (%4 from %5)")
                       .arg(revision.label()).arg(statementsDone).arg(statementCount)
                       .arg(up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), from.label());
    if (!invalidIndexes.isEmpty())
        text += QStringLiteral("; INVALID index(es) left: %1").arg(invalidIndexes.join(QStringLiteral(", ")));
    return text;
}

Status VersionStore::markDirty(Session &, const DirtyState &state)
{
    return fail(Error::database(QStringLiteral("%1 cannot record that revision %2 stopped half-way").arg(name(), state.revision.label())));
}

Status VersionStore::clearDirty(Session &)
{
    return {};
}

Status VersionStore::recordHistory(Session &, const HistoryEntry &)
{
    return {};
}

Result<QList<HistoryEntry>> VersionStore::appliedHistory(Session &)
{
    return QList<HistoryEntry>();
}

} // namespace revisor
