#pragma once

#include "core/error.h"

#include <QList>
#include <QString>

namespace revisor {

class Session;

/// A sequence (serial, identity or a nextval() default) and the integer column it feeds, with
/// the value it would hand out next and the column's largest (or, for a descending sequence,
/// smallest) value at the moment of capture.
struct SequenceFeed
{
    QString sequence;   ///< "schema.name", as DataCapture::sequences names it
    QString column;     ///< "schema.table.column"
    QString nextValue;  ///< what nextval() would return; empty when the sequence is exhausted
    QString extreme;    ///< max (ascending) or min (descending) of the column; empty: no rows
    /// The next value is one the column already holds or passed: the next insert that takes
    /// it collides with an existing row (a duplicate key where the column is unique).
    bool behind = false;

    /// "public.t_id_seq -> public.t.id: next value 3, column max 5"
    QString describe() const;
    friend bool operator==(const SequenceFeed &, const SequenceFeed &) = default;
};

/// Every feed of the session's database, read in the session's transaction when one is open
/// (a capture point's REPEATABLE READ snapshot). One catalog query, then one query per feed
/// reading the sequence's state and the column's extreme (an index lookup where the column is
/// indexed, a scan otherwise).
Result<QList<SequenceFeed>> readSequenceFeeds(Session &session);

} // namespace revisor
