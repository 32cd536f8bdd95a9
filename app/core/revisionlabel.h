#pragma once

#include <QString>

namespace revisor {

/// A version as users read it: the revision id, or "base" when nothing is applied.
inline QString revisionLabel(const QString &revision)
{
    return revision.isEmpty() ? QStringLiteral("base") : revision;
}

} // namespace revisor
