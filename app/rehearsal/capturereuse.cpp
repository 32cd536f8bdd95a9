#include "capturereuse.h"

namespace revisor {

WrittenRelations writtenBy(const QList<Phase> &phases)
{
    WrittenRelations out;
    for (const Phase &phase : phases) {
        for (const StepResult &step : phase.steps) {
            // Sampled locks can miss a short write; only a lock list read inside the step's
            // own transaction is complete.
            if (!step.locksAtCommit) {
                const QString what = step.kind == StepResult::Kind::Seed ? QStringLiteral("the seed %1").arg(step.revision)
                                                                         : QStringLiteral("step %1").arg(step.revision);
                out.incomplete = QStringLiteral("%1 (%2) ran %3, so its locks do not show everything it wrote")
                                     .arg(what, phase.name,
                                          step.kind == StepResult::Kind::Seed ? QStringLiteral("outside the steps' lock record")
                                          : !step.transactional             ? QStringLiteral("outside a transaction")
                                                                            : QStringLiteral("without its locks read at COMMIT"));
                return out;
            }
            for (const LockInfo &l : step.locks) {
                if (l.mode != QLatin1String("AccessShareLock") && !out.relations.contains(l.relation))
                    out.relations << l.relation;
            }
        }
    }
    return out;
}

} // namespace revisor
