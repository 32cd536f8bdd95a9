#include "rehearsal/repairverify.h"

#include "db/session.h"

namespace revisor {

QString RepairVerification::summary() const
{
    if (!ran)
        return QStringLiteral("repair not verified: ") + error;
    if (verified())
        return QStringLiteral("repair verified: 0 differences");
    QStringList lines{QStringLiteral("repair leaves %1 difference(s)").arg(remaining.size())};
    for (const DiffEntry &e : remaining.entries)
        lines << QStringLiteral("  ") + e.toText();
    for (const QString &f : failed)
        lines << QStringLiteral("  failed: ") + f;
    for (const UnrepairableDiff &u : script.unrepairable)
        lines << QStringLiteral("  cannot repair: ") + u.text();
    return lines.join(QLatin1Char('\n'));
}

RepairVerification verifyRepair(Session &session, const Snapshot &current, const Snapshot &baseline, const SnapshotOptions &options)
{
    RepairVerification v;
    v.script = repairScript(current, baseline);
    if (auto begun = session.exec(QStringLiteral("BEGIN")); !begun) {
        v.error = begun.error().toString();
        return v;
    }
    for (const RepairStatement &st : v.script.statements) {
        (void)session.exec(QStringLiteral("SAVEPOINT revisor_repair"));
        if (auto done = session.exec(st.sql); !done) {
            v.failed << QStringLiteral("%1: %2").arg(st.sql.section(QLatin1Char('\n'), 0, 0), done.error().message);
            (void)session.exec(QStringLiteral("ROLLBACK TO SAVEPOINT revisor_repair"));
        }
    }
    auto repaired = captureSnapshot(session, options);
    (void)session.exec(QStringLiteral("ROLLBACK"));
    if (!repaired) {
        v.error = repaired.error().toString();
        return v;
    }
    v.ran = true;
    v.remaining = diffSnapshots(baseline, *repaired);
    return v;
}

} // namespace revisor
