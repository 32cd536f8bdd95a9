#include "scenariohazards.h"

#include "hazards/stepanalysis.h"

namespace revisor {

SchemaModel modelOfPoint(const InspectionPoint &point)
{
    if (!point.captured)
        return {};
    SchemaModel model = SchemaModel::fromSnapshot(point.schema);
    for (const TableData &t : point.data.tables)
        model.setRows(t.schema, t.name, t.rows);
    return model;
}

QList<StepHazards> scenarioHazards(const MigrationSet &set, const ScenarioFacts &facts)
{
    QList<StepHazards> out;
    for (const Phase &phase : facts.phases) {
        const bool up = phase.name == QLatin1String("upgrade");
        if (!up && phase.name != QLatin1String("downgrade"))
            continue;
        // One model per phase, carried from step to step: the second step of an upgrade
        // meets what the first one left.
        SchemaModel model = modelOfPoint(up ? facts.baseline : facts.upgraded);
        for (const StepResult &step : phase.steps) {
            const Revision *revision = set.find(RevisionRef(step.revision));
            if (!revision)
                continue;
            auto analysed = analyseStep(*revision, up ? PlannedStep::Direction::Up : PlannedStep::Direction::Down, model);
            // A section that does not split failed the step itself, which the report tells.
            if (analysed)
                out << *analysed;
        }
    }
    return out;
}

Result<StepHazards> nextStepHazards(const MigrationSet &set, const Revision &revision, PlannedStep::Direction direction,
                                    const InspectionPoint *now)
{
    if (now && now->captured) {
        SchemaModel model = modelOfPoint(*now);
        return analyseStep(revision, direction, model);
    }
    // The schema below the step: every revision up to it applied (and, to revert it, itself).
    SchemaModel model;
    for (const Revision &r : set.revisions()) {
        const bool last = r.id == revision.id;
        if (last && direction == PlannedStep::Direction::Up)
            break;
        if (auto replayed = analyseStep(r, PlannedStep::Direction::Up, model); !replayed)
            return fail(replayed.error());
        if (last)
            break;
    }
    return analyseStep(revision, direction, model);
}

} // namespace revisor
