#include "reportheader.h"

#include <QLocale>

namespace revisor {

namespace {

QString budgetValue(const RehearsalResult &r, const QString &checkId, double budgetMs, double measuredMs)
{
    const QString budget = durationText(budgetMs);
    const CheckResult *c = findCheck(r.checks, checkId);
    if (!c)
        return budget;
    switch (c->status) {
    case CheckResult::Status::Pass:
        return QStringLiteral("%1; took %2: within").arg(budget, durationText(measuredMs));
    case CheckResult::Status::Fail:
        return QStringLiteral("%1; took %2: OVER").arg(budget, durationText(measuredMs));
    case CheckResult::Status::Warn:
    case CheckResult::Status::Skip:
        break;
    }
    // The check says why it was not judged ("not judged: ...", "not measured (budget ...)").
    return QStringLiteral("%1; %2").arg(budget, c->detail.section(QStringLiteral(" (budget"), 0, 0));
}

} // namespace

QString durationText(double ms)
{
    if (ms >= 1000.0)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10 ? 2 : 0);
}

QList<ReportField> headerFields(const RehearsalResult &r)
{
    QString seed = r.seed.isEmpty() ? QStringLiteral("none") : r.seed;
    if (!r.seedParameters.isEmpty()) {
        QStringList params;
        for (auto it = r.seedParameters.cbegin(); it != r.seedParameters.cend(); ++it)
            params << it.key() + QLatin1Char('=') + it.value();
        seed += QStringLiteral(" (%1)").arg(params.join(QStringLiteral(", ")));
    }
    QString set = r.setName;
    if (!r.setDirectory.isEmpty())
        set += QStringLiteral(" (%1)").arg(r.setDirectory);
    return {{QStringLiteral("Set"), set},
            {QStringLiteral("Database"), r.database.isEmpty() ? QStringLiteral("unknown") : r.database},
            {QStringLiteral("Baseline"), r.baselineRevision.label()},
            {QStringLiteral("Target"), r.targetRevision.label()},
            {QStringLiteral("Ended at"), r.finalRevision.label()},
            {QStringLiteral("When"), r.startedAt.isValid() ? QLocale::c().toString(r.startedAt.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                                                           : QStringLiteral("not started")},
            {QStringLiteral("Server"), QStringLiteral("PostgreSQL %1, pgvector %2")
                                           .arg(r.serverVersion.isEmpty() ? QStringLiteral("(unknown)") : r.serverVersion,
                                                r.pgvector ? QStringLiteral("installed") : QStringLiteral("not installed"))},
            {QStringLiteral("Seed"), seed}};
}

QList<ReportField> budgetFields(const RehearsalResult &r)
{
    double rollbackMs = -1;
    for (const Phase &p : r.phases) {
        if (p.name == QLatin1String("downgrade"))
            rollbackMs = p.durationMs;
    }
    return {{QStringLiteral("Rollback budget"), budgetValue(r, QStringLiteral("budget.rollback"), r.budgets.rollbackMs, rollbackMs)},
            {QStringLiteral("Scenario budget"), budgetValue(r, QStringLiteral("budget.scenario"), r.budgets.scenarioMs, r.scenarioMs)}};
}

} // namespace revisor
