#include "moveplan.h"

#include "db/session.h"
#include "hazards/statementobjects.h"
#include "migrations/sqlsplitter.h"

#include <QFileInfo>

namespace revisor {

namespace {

// Above this many estimated rows the planner's estimate is shown instead of a count(*), which
// would read the whole table before the user even said yes.
constexpr double kExactCountLimit = 1e6;

QString stepLine(const PlannedStep &step)
{
    const bool up = step.direction == PlannedStep::Direction::Up;
    return QStringLiteral("%1 %2: %3 -> %4  %5")
        .arg(up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), step.revision.id, step.from.label(),
             step.to.label(), step.revision.message);
}

} // namespace

QList<TableName> tablesDroppedBy(const QString &sql)
{
    // The hazard analysis' reader of parse trees: one reading of DROP for every use.
    QList<TableName> tables;
    auto touched = touchedObjects(sql);
    if (!touched)
        return tables;
    for (const TouchedObject &o : *touched) {
        if (o.action == TouchedObject::Action::Drop && o.kind == QLatin1String("table"))
            tables << TableName{o.schema, o.name};
    }
    return tables;
}

QStringList MovePlan::describe() const
{
    QStringList lines;
    lines << QStringLiteral("From %1 to %2, %3 step(s), %4 of them down:").arg(from.label(), to.label()).arg(steps.size()).arg(downSteps);
    for (const PlannedStep &s : steps)
        lines << QStringLiteral("  ") + stepLine(s);
    if (!droppedTables.isEmpty()) {
        lines << QStringLiteral("Tables dropped:");
        for (const DroppedTable &t : droppedTables) {
            const QString name = t.table.schema.isEmpty() ? t.table.name : t.table.schema + QLatin1Char('.') + t.table.name;
            const QString rows = t.rows < 0 ? QStringLiteral("not there now")
                                            : QStringLiteral("%1%2 rows").arg(t.estimated ? QStringLiteral("about ") : QString()).arg(t.rows);
            lines << QStringLiteral("  %1 (%2), %3:%4").arg(name, rows, QFileInfo(t.file).fileName()).arg(t.line);
        }
    }
    if (!statements.isEmpty()) {
        lines << QStringLiteral("Statements of the down steps:");
        for (const Statement &s : statements)
            lines << QStringLiteral("  %1:%2  %3").arg(QFileInfo(s.file).fileName()).arg(s.line).arg(s.sql.simplified());
    }
    return lines;
}

Result<MovePlan> planMove(Session &session, const MigrationSet &set, const RevisionRef &current, const RevisionRef &target)
{
    auto steps = set.plan(current, target);
    if (!steps)
        return fail(steps.error());
    MovePlan plan;
    plan.from = current;
    plan.to = target;
    plan.steps = *steps;
    for (const PlannedStep &step : plan.steps) {
        if (step.direction != PlannedStep::Direction::Down)
            continue;
        ++plan.downSteps;
        auto statements = splitSql(step.revision.downSql, step.revision.file, step.revision.downLine);
        if (!statements)
            return fail(statements.error());
        for (const SqlStatement &st : *statements) {
            plan.statements << MovePlan::Statement{step.revision.file, st.line, st.sql};
            for (const TableName &t : tablesDroppedBy(st.sql))
                plan.droppedTables << MovePlan::DroppedTable{t, -1, false, step.revision.file, st.line};
        }
    }
    for (qsizetype i = 0; i < plan.droppedTables.size(); ++i) {
        MovePlan::DroppedTable &t = plan.droppedTables[i];
        // Resolved as the statement would resolve it (search_path for an unqualified name).
        const QString written = t.table.schema.isEmpty() ? Session::quoteIdentifier(t.table.name)
                                                         : Session::quoteIdentifier(t.table.schema) + QLatin1Char('.') + Session::quoteIdentifier(t.table.name);
        auto found = session.exec(QStringLiteral("SELECT n.nspname, c.relname, c.reltuples, c.relkind FROM pg_class c "
                                                 "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)"),
                                  {written});
        if (!found)
            return fail(found.error());
        if (found->rows.isEmpty())
            continue;
        // The reader names views, materialized views and foreign tables "table" too: none of
        // them holds rows of its own that the drop loses.
        if (!QStringList{QStringLiteral("r"), QStringLiteral("p")}.contains(found->rows.first().value(3))) {
            plan.droppedTables.removeAt(i--);
            continue;
        }
        t.table = TableName{found->rows.first().value(0), found->rows.first().value(1)};
        const double estimate = found->rows.first().value(2).toDouble();
        if (estimate > kExactCountLimit) {
            t.rows = qint64(estimate);
            t.estimated = true;
            continue;
        }
        auto rows = session.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(session.quoteQualified(t.table.schema, t.table.name)));
        if (!rows)
            return fail(rows.error());
        t.rows = rows->toLongLong();
    }
    return plan;
}

} // namespace revisor
