#include "timingbars.h"

#include "report/chartcolors.h"

#include <QObject>

namespace revisor {

TimingBar TimingBar::ofStep(const StepResult &step)
{
    TimingBar b;
    switch (step.kind) {
    case StepResult::Kind::Upgrade:
        b.kind = Kind::Upgrade;
        b.label = QStringLiteral("↑%1").arg(step.revision);
        break;
    case StepResult::Kind::Downgrade:
        b.kind = Kind::Downgrade;
        b.label = QStringLiteral("↓%1").arg(step.revision);
        break;
    case StepResult::Kind::Seed:
        b.kind = Kind::Seed;
        b.label = QObject::tr("seed %1").arg(step.revision);
        break;
    }
    b.durationMs = step.durationMs;
    b.failed = !step.completed();
    return b;
}

TimingBar TimingBar::ofCapture(const QString &point, double ms)
{
    return {Kind::Capture, QObject::tr("capture %1").arg(point), ms, false};
}

TimingBar TimingBar::ofProbe(const ProbeResult &probe, const QString &what)
{
    return {Kind::Probe, QObject::tr("probe %1").arg(what), probe.durationMs, !probe.ok};
}

QList<TimingBar> timingBars(const RehearsalResult &result)
{
    QList<TimingBar> bars;
    QList<RehearsalResult::CaptureCost> pending = result.captures;
    const auto place = [&](const QString point) {
        for (qsizetype i = 0; i < pending.size(); ++i) {
            if (pending.at(i).point == point) {
                bars << TimingBar::ofCapture(QString(point).replace(QLatin1Char('_'), QLatin1Char(' ')), pending.at(i).ms);
                pending.removeAt(i);
                return;
            }
        }
    };
    // The rehearsal captures the baseline after the seed, the upgraded point after the
    // upgrade (and the seed run there), and the rolled-back point after the downgrade.
    for (const Phase &p : result.phases) {
        if (p.name == QLatin1String("upgrade"))
            place(QStringLiteral("baseline"));
        else if (p.name == QLatin1String("downgrade"))
            place(QStringLiteral("upgraded"));
        for (const StepResult &s : p.steps)
            bars << TimingBar::ofStep(s);
    }
    while (!pending.isEmpty())
        place(pending.constFirst().point);
    if (result.downgradeProbe.ran)
        bars << TimingBar::ofProbe(result.downgradeProbe, QObject::tr("down"));
    if (result.reupgradeProbe.ran)
        bars << TimingBar::ofProbe(result.reupgradeProbe, QObject::tr("re-up"));
    return bars;
}

QColor timingBarColor(TimingBar::Kind kind)
{
    switch (kind) {
    case TimingBar::Kind::Upgrade: return chartcolors::Upgrade;
    case TimingBar::Kind::Downgrade: return chartcolors::Downgrade;
    case TimingBar::Kind::Seed: return chartcolors::Seed;
    case TimingBar::Kind::Capture: return chartcolors::Capture;
    case TimingBar::Kind::Probe: return chartcolors::Probe;
    }
    return chartcolors::Text;
}

QString timingBarKindName(TimingBar::Kind kind)
{
    switch (kind) {
    case TimingBar::Kind::Upgrade: return QObject::tr("upgrade");
    case TimingBar::Kind::Downgrade: return QObject::tr("downgrade");
    case TimingBar::Kind::Seed: return QObject::tr("seed");
    case TimingBar::Kind::Capture: return QObject::tr("capture");
    case TimingBar::Kind::Probe: return QObject::tr("probe");
    }
    return {};
}

} // namespace revisor
