#pragma once

#include "schema/snapshot.h"

namespace revisor::test {

/// A column for hand-built snapshots in unit tests.
inline Column column(const QString &name, int position, const QString &type, bool notNull = false,
                     const QString &defaultExpr = {})
{
    Column c;
    c.name = name;
    c.position = position;
    c.type = type;
    c.notNull = notNull;
    c.defaultExpr = defaultExpr;
    return c;
}

} // namespace revisor::test
