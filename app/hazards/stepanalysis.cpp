#include "stepanalysis.h"

#include <QtMath>

#include <algorithm>

namespace revisor {

namespace {

// The rank of a hazard: its level first (an error outranks any warning, a warning any note:
// the size factor stays below 1000 up to 10^99 rows), then the size of
// the table it hits (log scale: ten times the rows, one step up), doubled when expensive
// indexes are involved. Without row counts, the level alone.
double scoreOf(const Hazard &h)
{
    const double level = h.level == HazardLevel::Error ? 1e6 : h.level == HazardLevel::Warning ? 1e3 : 1;
    const double size = h.rows < 0 ? 1 : 1 + std::log10(1.0 + double(h.rows));
    return level * size * (h.indexes.isEmpty() ? 1 : 2);
}

} // namespace

Result<StepHazards> analyseStep(const Revision &revision, PlannedStep::Direction direction, SchemaModel &model)
{
    const bool up = direction == PlannedStep::Direction::Up;
    StepHazards step;
    step.revision = revision.id;
    step.direction = up ? QStringLiteral("up") : QStringLiteral("down");
    step.ranked = model.hasRowCounts();
    StepContext context;
    context.revision = revision.id;
    context.direction = step.direction;
    // Layouts with one file per direction (up/down pairs, Sqitch) name the section's own file.
    context.file = revision.sectionFile(up);
    context.transactional = revision.transactional;
    context.lockTimeout = revision.lockTimeoutMs.has_value();
    model.startStep();
    if (up && revision.irreversible) {
        Hazard h;
        h.rule = HazardRule::Irreversible;
        h.level = HazardLevel::Warning;
        h.explanation = QStringLiteral("revision %1 is irreversible: once applied, the only way back is a restore from backup").arg(revision.id);
        h.saferPattern = QStringLiteral("write a down section, even one that only restores the schema, or rehearse the restore");
        h.revision = revision.id;
        h.direction = step.direction;
        h.file = revision.file;
        h.line = revision.headerLine;
        StatementHazards header;
        header.file = revision.file;
        header.line = revision.headerLine;
        header.hazards << h;
        step.statements << header;
    }
    auto statements = splitSection(revision, up);
    if (!statements)
        return fail(statements.error());
    for (const SqlStatement &st : *statements)
        step.statements << analyseStatement(st, context, model);
    for (StatementHazards &s : step.statements) {
        for (Hazard &h : s.hazards)
            h.score = scoreOf(h);
    }
    return step;
}

Result<QList<StepHazards>> lintSet(const MigrationSet &set)
{
    QList<StepHazards> out;
    SchemaModel model;
    for (const Revision &rev : set.revisions()) {
        auto up = analyseStep(rev, PlannedStep::Direction::Up, model);
        if (!up)
            return fail(up.error());
        out << *up;
        if (rev.irreversible)
            continue;
        SchemaModel afterUp = model;
        auto down = analyseStep(rev, PlannedStep::Direction::Down, afterUp);
        if (!down)
            return fail(down.error());
        out << *down;
    }
    return out;
}

QList<Hazard> rankHazards(const QList<StepHazards> &steps)
{
    QList<Hazard> all;
    for (const StepHazards &s : steps)
        all << s.ranking();
    std::stable_sort(all.begin(), all.end(), [](const Hazard &a, const Hazard &b) { return a.score > b.score; });
    return all;
}

} // namespace revisor
