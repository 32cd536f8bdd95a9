#pragma once

#include "hazards/statementanalysis.h"
#include "migrations/migrationset.h"

namespace revisor {

/// The hazards of one step: `revision` applied up or reverted down, against `model` (the
/// schema before the step; it is left as the step leaves it). A section that does not split
/// is an error naming file and line.
Result<StepHazards> analyseStep(const Revision &revision, PlannedStep::Direction direction, SchemaModel &model);

/// Every revision of the set, up and down, base to head, without a database: the model is
/// replayed from the set's own SQL (the schema before each revision's up is what the ups
/// below it built; before its down, what its up built). Steps without statements or hazards
/// are included, so a report can say they were looked at.
Result<QList<StepHazards>> lintSet(const MigrationSet &set);

/// Every hazard of the steps, highest score first.
QList<Hazard> rankHazards(const QList<StepHazards> &steps);

} // namespace revisor
