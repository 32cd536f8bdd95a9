#include "scenariofacts.h"

#include <QDir>

#include <algorithm>

namespace revisor {

QJsonObject ProbeResult::toJson() const
{
    return {{QStringLiteral("ran"), ran}, {QStringLiteral("ok"), ok}, {QStringLiteral("from"), from.id()},
            {QStringLiteral("to"), to.id()}, {QStringLiteral("detail"), detail}, {QStringLiteral("duration_ms"), durationMs},
            {QStringLiteral("on_copy"), onCopy}, {QStringLiteral("inferred"), inferred}, {QStringLiteral("choice"), choice}};
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
    p.inferred = o.value(QStringLiteral("inferred")).toBool();
    p.choice = o.value(QStringLiteral("choice")).toString();
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

bool ScenarioFacts::completed(const QString &phase) const
{
    if (phase == QLatin1String("scenario"))
        return stoppedBy.isEmpty();
    for (const Phase &p : phases) {
        if (p.name == phase)
            return std::all_of(p.steps.cbegin(), p.steps.cend(), [](const StepResult &s) { return s.completed(); });
    }
    return false;
}

namespace {

// "versions/003_x.sql:241", relative to the set when the file is inside it.
QString whereOf(const Error &e, const QString &setDirectory)
{
    if (e.file.isEmpty())
        return e.revision.isEmpty() ? QString() : QStringLiteral("revision %1").arg(e.revision);
    QString file = e.file;
    if (!setDirectory.isEmpty()) {
        const QString relative = QDir(setDirectory).relativeFilePath(e.file);
        if (!relative.startsWith(QLatin1String("..")))
            file = relative;
    }
    return e.line > 0 ? QStringLiteral("%1:%2").arg(file).arg(e.line) : file;
}

QString causeOf(const Error &e)
{
    QString cause = e.message.trimmed().section(QLatin1Char('\n'), 0, 0);
    if (!e.sqlState.isEmpty())
        cause += QStringLiteral(" (SQLSTATE %1)").arg(e.sqlState);
    return cause;
}

} // namespace

QString describeStop(const QList<Phase> &phases, const RevisionRef &baseline, const RevisionRef &target, const Error *error,
                     const QString &setDirectory)
{
    for (const Phase &p : phases) {
        for (const StepResult &s : p.steps) {
            if (s.completed())
                continue;
            const Error &e = *s.error;
            QString move;
            if (p.name == QLatin1String("downgrade"))
                move = QStringLiteral("rollback %1 -> %2").arg(target.label(), baseline.label());
            else if (p.name == QLatin1String("upgrade"))
                move = QStringLiteral("upgrade %1 -> %2").arg(baseline.label(), target.label());
            else if (s.kind == StepResult::Kind::Seed)
                move = QStringLiteral("seed %1").arg(s.revision);
            else
                move = QStringLiteral("%1 (step %2 %3)").arg(p.name, StepResult::kindName(s.kind), s.revision);
            const QString where = whereOf(e, setDirectory);
            const QString verb = e.kind == ErrorKind::Cancelled ? QStringLiteral("was cancelled") : QStringLiteral("failed");
            return where.isEmpty() ? QStringLiteral("%1 %2: %3").arg(move, verb, causeOf(e))
                                   : QStringLiteral("%1 %2 at %3: %4").arg(move, verb, where, causeOf(e));
        }
    }
    if (!error)
        return {};
    const QString where = whereOf(*error, setDirectory);
    return where.isEmpty() ? QStringLiteral("stopped early: %1").arg(causeOf(*error))
                           : QStringLiteral("stopped early at %1: %2").arg(where, causeOf(*error));
}

} // namespace revisor
