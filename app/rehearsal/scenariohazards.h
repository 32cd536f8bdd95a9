#pragma once

#include "checks/scenariofacts.h"
#include "hazards/hazard.h"
#include "hazards/schemamodel.h"
#include "migrations/migrationset.h"

namespace revisor {

/// The hazards of the scenario's upgrade and downgrade steps, each judged against the capture
/// taken before it (the baseline for the upgrade, the upgraded point for the downgrade), so
/// that they are ranked by the sizes and indexes of the tables they meet. Without a capture
/// the model is empty and the hazards are ranked by level only.
QList<StepHazards> scenarioHazards(const MigrationSet &set, const ScenarioFacts &facts);

/// The tables and indexes of a captured point, with its row counts.
SchemaModel modelOfPoint(const InspectionPoint &point);

/// The hazards of one step the database could take from where it is now: `revision` applied
/// up or reverted down. `now` is the capture of the current state when there is one (its table
/// sizes and indexes rank the hazards); without it the schema is replayed from the set's own
/// SQL (as `revisor lint` does), so the hazards are found but ranked by level only.
Result<StepHazards> nextStepHazards(const MigrationSet &set, const Revision &revision, PlannedStep::Direction direction,
                                    const InspectionPoint *now);

} // namespace revisor
