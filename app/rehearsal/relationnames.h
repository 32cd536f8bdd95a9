#pragma once

#include "db/session.h"
#include "runner/scriptexecutor.h"
#include "runner/stepresult.h"

#include <QHash>

namespace revisor {

/// A relation as a capture saw it: "schema.name" and its kind (table, index, sequence...).
struct RelationName
{
    QString name;
    QString kind;
    friend bool operator==(const RelationName &, const RelationName &) = default;
};

/// Every relation of the database's user schemas (TOAST included) by OID, read at a capture:
/// a step that drops a relation holds its lock under an OID its own transaction can no
/// longer name.
using RelationNames = QHash<qint64, RelationName>;

/// Reads the relation names of the current database (in the caller's transaction, if any).
Result<RelationNames> readRelationNames(Session &session);

/// Names the locks on relations that were dropped ("(oid N)") from `names`, read before the
/// step ran: "public.work_items" of kind "table (dropped)". Locks `names` does not know stay
/// as they are.
void nameDroppedRelations(StepResult &step, const RelationNames &names);

/// `observer` with each finished step's dropped relations named from `*names` as they are when
/// the step finishes (the latest capture's).
RunObserver namingDroppedRelations(RunObserver observer, const RelationNames *names);

} // namespace revisor
