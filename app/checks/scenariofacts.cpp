#include "scenariofacts.h"

namespace revisor {

QJsonObject ProbeResult::toJson() const
{
    return {{QStringLiteral("ran"), ran}, {QStringLiteral("ok"), ok}, {QStringLiteral("from"), from.id()},
            {QStringLiteral("to"), to.id()}, {QStringLiteral("detail"), detail}, {QStringLiteral("duration_ms"), durationMs},
            {QStringLiteral("on_copy"), onCopy}};
}

ProbeResult ProbeResult::fromJson(const QJsonObject &o)
{
    ProbeResult p;
    p.ran = o.value(QStringLiteral("ran")).toBool();
    p.ok = o.value(QStringLiteral("ok")).toBool();
    p.from = RevisionRef(o.value(QStringLiteral("from")).toString());
    p.to = RevisionRef(o.value(QStringLiteral("to")).toString());
    p.detail = o.value(QStringLiteral("detail")).toString();
    p.durationMs = o.value(QStringLiteral("duration_ms")).toDouble();
    p.onCopy = o.value(QStringLiteral("on_copy")).toBool();
    return p;
}

const InspectionPoint *ScenarioFacts::point(const QString &name) const
{
    if (name == QLatin1String("baseline"))
        return &baseline;
    if (name == QLatin1String("upgraded"))
        return &upgraded;
    if (name == QLatin1String("rolled_back"))
        return &rolledBack;
    return nullptr;
}

double ScenarioFacts::durationOf(const QString &phase) const
{
    if (phase == QLatin1String("scenario"))
        return scenarioMs;
    for (const Phase &p : phases) {
        if (p.name == phase)
            return p.durationMs;
    }
    return -1;
}

} // namespace revisor
