#pragma once

#include "core/error.h"

#include <QString>

#include <functional>

namespace revisor {

class Session;

/// One row of a binary COPY stream: field i is `length(i)` bytes at `data(i)`, or NULL.
class CopyRow
{
public:
    int size() const { return m_count; }
    bool isNull(int i) const { return m_lengths[i] < 0; }
    const char *data(int i) const { return m_data[i]; }
    int length(int i) const { return m_lengths[i] < 0 ? 0 : m_lengths[i]; }

private:
    friend class CopyBinaryParser;
    int m_count = 0;
    const char *m_data[1664] = {};  // MaxTupleAttributeNumber: no row has more fields
    int m_lengths[1664] = {};
};

/// Runs `COPY (...) TO STDOUT (FORMAT binary)` on the session and hands each row to onRow, as
/// libpq delivers it: nothing is materialised beyond one row. The values arrive in their types'
/// binary send form (text types as their bytes in the client encoding). Errors carry the
/// statement; a malformed stream is an internal error naming the byte offset.
Status copyOutBinary(Session &session, const QString &copySql, const std::function<void(const CopyRow &)> &onRow);

} // namespace revisor
