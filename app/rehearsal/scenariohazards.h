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

} // namespace revisor
