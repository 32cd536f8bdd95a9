#pragma once

#include "hazards/hazard.h"
#include "hazards/schemamodel.h"
#include "migrations/sqlsplitter.h"

namespace revisor {

/// What the analysis of one statement needs to know about the step it belongs to.
struct StepContext
{
    QString revision;
    QString direction;          ///< "up" or "down"
    QString file;
    bool transactional = true;  ///< the step runs in one transaction (locks held until COMMIT)
    bool lockTimeout = false;   ///< the revision sets a lock timeout of its own
};

/// Classifies one statement from libpg_query's parse tree: the locks it takes and its hazards,
/// judged against `model` (the tables and indexes it meets), which it then updates with the
/// statement's own effect (a created table, a new index, a dropped table). A statement the
/// parser cannot read has no hazards (the run itself reports it).
StatementHazards analyseStatement(const SqlStatement &statement, const StepContext &context, SchemaModel &model);

} // namespace revisor
