// The declarative vocabulary of checks/*.json, judged against what the rehearsal saw.
#include "checks.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace revisor {

namespace {

using Verdict = CheckResult::Status;

bool nameMatches(const QString &exact, const QString &pattern, const QString &name)
{
    if (!exact.isEmpty())
        return name == exact;
    return QRegularExpression(pattern).match(name).hasMatch();
}

bool nameMatches(const CheckSpec &spec, const QString &name)
{
    return nameMatches(spec.name, spec.pattern, name);
}

QString what(const CheckSpec &spec)
{
    return spec.name.isEmpty() ? QStringLiteral("matching /%1/").arg(spec.pattern) : QStringLiteral("'%1'").arg(spec.name);
}

// A present/absent verdict: `found` are the matching objects at the point.
void presence(CheckResult &c, bool wantPresent, const QStringList &found, const QStringList &missing, const QString &noun)
{
    if (wantPresent) {
        c.status = missing.isEmpty() && (!found.isEmpty()) ? Verdict::Pass : Verdict::Fail;
        c.objects = missing.isEmpty() ? found : missing;
        c.detail = missing.isEmpty() ? (found.isEmpty() ? QStringLiteral("no %1 found").arg(noun) : QStringLiteral("present: %1").arg(found.join(QStringLiteral(", "))))
                                     : QStringLiteral("missing: %1").arg(missing.join(QStringLiteral(", ")));
    } else {
        c.status = found.isEmpty() ? Verdict::Pass : Verdict::Fail;
        c.objects = found;
        c.detail = found.isEmpty() ? QStringLiteral("no %1 found").arg(noun) : QStringLiteral("still present: %1").arg(found.join(QStringLiteral(", ")));
    }
}

void judgeTables(CheckResult &c, const CheckSpec &spec, const InspectionPoint &p)
{
    QStringList found, missing;
    for (const QString &t : spec.tables)
        (p.schema.table(t) ? found : missing) << t;
    const bool present = spec.assertion == QLatin1String("table_present");
    if (present)
        presence(c, true, found, missing, QStringLiteral("table"));
    else
        presence(c, false, found, {}, QStringLiteral("table of %1").arg(spec.tables.join(QStringLiteral(", "))));
}

void judgeColumns(CheckResult &c, const CheckSpec &spec, const InspectionPoint &p)
{
    const bool present = spec.assertion == QLatin1String("column_present");
    QStringList found, missing;
    for (const QString &t : spec.tables) {
        const Table *table = p.schema.table(t);
        if (!table) {
            missing << QStringLiteral("%1 (table missing)").arg(t);
            continue;
        }
        bool any = false;
        for (const Column &col : table->columns) {
            if (nameMatches(spec.column, spec.pattern, col.name)) {
                found << QStringLiteral("%1.%2").arg(t, col.name);
                any = true;
            }
        }
        if (!any)
            missing << QStringLiteral("%1.%2").arg(t, spec.column.isEmpty() ? QStringLiteral("/%1/").arg(spec.pattern) : spec.column);
    }
    if (present) {
        presence(c, true, found, missing, QStringLiteral("column"));
    } else {
        QStringList tableMissing;
        for (const QString &m : missing) {
            if (m.endsWith(QLatin1String("(table missing)")))
                tableMissing << m;
        }
        presence(c, false, found + tableMissing, {}, QStringLiteral("column %1").arg(spec.column));
        if (!tableMissing.isEmpty())
            c.detail = QStringLiteral("cannot judge columns of missing tables: %1").arg(tableMissing.join(QStringLiteral(", ")));
    }
}

void judgeIndexes(CheckResult &c, const CheckSpec &spec, const InspectionPoint &p)
{
    QStringList found;
    for (const Table &t : p.schema.tables) {
        if (t.schema != spec.schema)
            continue;
        for (const Index &i : t.indexes) {
            if (nameMatches(spec, i.name))
                found << QStringLiteral("%1.%2 (on %3)").arg(t.schema, i.name, t.qualifiedName());
        }
    }
    const bool present = spec.assertion == QLatin1String("index_present");
    presence(c, present, found, present && found.isEmpty() ? QStringList{QStringLiteral("%1 index %2").arg(spec.schema, what(spec))} : QStringList{},
             QStringLiteral("index %1 in schema %2").arg(what(spec), spec.schema));
}

void judgeConstraints(CheckResult &c, const CheckSpec &spec, const InspectionPoint &p)
{
    QStringList found;
    for (const Table &t : p.schema.tables) {
        if (t.schema != spec.schema)
            continue;
        for (const Constraint &k : t.constraints) {
            if (!spec.constraintType.isEmpty() && k.type != spec.constraintType)
                continue;
            if (nameMatches(spec, k.name))
                found << QStringLiteral("%1.%2 (%3 on %4)").arg(t.schema, k.name, k.type, t.qualifiedName());
        }
    }
    const bool present = spec.assertion == QLatin1String("constraint_present");
    const QString noun = QStringLiteral("%1constraint %2 in schema %3")
                             .arg(spec.constraintType.isEmpty() ? QString() : spec.constraintType + QLatin1Char(' '), what(spec), spec.schema);
    presence(c, present, found, present && found.isEmpty() ? QStringList{noun} : QStringList{}, noun);
}

void judgeRowCounts(CheckResult &c, const CheckSpec &spec, const ScenarioFacts &f, const InspectionPoint &p)
{
    QStringList lines, bad;
    for (const QString &t : spec.tables) {
        const TableData *before = f.baseline.data.table(t);
        const TableData *now = p.data.table(t);
        const QString b = before ? QString::number(before->rows) : QStringLiteral("missing");
        const QString n = now ? QString::number(now->rows) : QStringLiteral("missing");
        lines << QStringLiteral("%1: %2 -> %3").arg(t, b, n);
        if (!before || !now || before->rows != now->rows)
            bad << t;
    }
    c.status = bad.isEmpty() ? Verdict::Pass : Verdict::Fail;
    c.objects = bad.isEmpty() ? spec.tables : bad;
    c.detail = QStringLiteral("rows at baseline -> %1: %2").arg(p.name, lines.join(QStringLiteral("; ")));
}

void judgeQuery(CheckResult &c, const CheckSpec &spec, const InspectionPoint &p)
{
    if (p.queryErrors.contains(spec.id)) {
        c.status = Verdict::Fail;
        c.detail = QStringLiteral("query failed at %1: %2").arg(p.name, p.queryErrors.value(spec.id));
        return;
    }
    if (!p.queryValues.contains(spec.id)) {
        c.status = Verdict::Skip;
        c.detail = QStringLiteral("query was not run at %1").arg(p.name);
        return;
    }
    const QString value = p.queryValues.value(spec.id);
    c.status = value == spec.expect ? Verdict::Pass : Verdict::Fail;
    c.detail = QStringLiteral("returned %1, expected %2").arg(value.isNull() ? QStringLiteral("NULL") : value, spec.expect);
}

} // namespace

CheckResult evaluateCheck(const CheckSpec &spec, const ScenarioFacts &f)
{
    CheckResult c;
    c.id = spec.id;
    c.title = spec.title;
    c.origin = QFileInfo(spec.file).fileName();
    const QString &a = spec.assertion;
    if (a == QLatin1String("step_duration_under")) {
        const double ms = f.durationOf(spec.step);
        c.objects << spec.step;
        if (ms < 0 || !f.completed(spec.step)) {
            c.status = Verdict::Skip;
            c.detail = !f.stoppedBy.isEmpty() ? QStringLiteral("not judged: %1").arg(f.stoppedBy)
                       : ms < 0               ? QStringLiteral("no %1 step was run").arg(spec.step)
                                              : QStringLiteral("not judged: the %1 did not complete").arg(spec.step);
        } else {
            c.status = ms < spec.budgetMs ? Verdict::Pass : Verdict::Fail;
            c.detail = QStringLiteral("%1 took %2 ms (budget %3 ms)").arg(spec.step).arg(ms, 0, 'f', 1).arg(spec.budgetMs, 0, 'f', 0);
        }
        return c;
    }
    if (a == QLatin1String("downgrade_probe")) {
        const ProbeResult &p = f.downgradeProbe;
        if (!p.ran && !f.stoppedBy.isEmpty()) {
            c.status = Verdict::Skip;
            c.detail = QStringLiteral("not judged: %1").arg(f.stoppedBy);
        } else if (!p.ran) {
            c.status = Verdict::Fail;
            c.detail = QStringLiteral("the further downgrade was not possible: %1").arg(p.detail);
        } else if (!p.ok) {
            c.status = Verdict::Fail;
            c.detail = QStringLiteral("the further downgrade from %1 failed: %2").arg(p.from.label(), p.detail);
        } else if (!spec.expectRevision.isEmpty() && p.to.label() != spec.expectRevision) {
            c.status = Verdict::Fail;
            c.detail = QStringLiteral("the further downgrade went to %1, expected %2").arg(p.to.label(), spec.expectRevision);
        } else {
            c.detail = QStringLiteral("downgrade -1 from %1 went to %2 without error (%3 ms; rolled back afterwards)")
                           .arg(p.from.label(), p.to.label()).arg(p.durationMs, 0, 'f', 1);
        }
        return c;
    }
    const InspectionPoint *p = f.point(spec.at);
    if (!p || !p->captured) {
        // The scenario stopped before this point: the root cause is its one failure. Without a
        // recorded stop (a round trip the window has not finished) it stays a failure to see.
        c.status = f.stoppedBy.isEmpty() ? Verdict::Fail : Verdict::Skip;
        c.detail = f.stoppedBy.isEmpty() ? QStringLiteral("the scenario never reached the %1 point").arg(spec.at)
                                         : QStringLiteral("not judged: %1").arg(f.stoppedBy);
        return c;
    }
    if (a.startsWith(QLatin1String("table_")))
        judgeTables(c, spec, *p);
    else if (a.startsWith(QLatin1String("column_")))
        judgeColumns(c, spec, *p);
    else if (a.startsWith(QLatin1String("index_")))
        judgeIndexes(c, spec, *p);
    else if (a.startsWith(QLatin1String("constraint_")))
        judgeConstraints(c, spec, *p);
    else if (a == QLatin1String("row_count_equals_baseline"))
        judgeRowCounts(c, spec, f, *p);
    else if (a == QLatin1String("query_equals"))
        judgeQuery(c, spec, *p);
    return c;
}

} // namespace revisor
