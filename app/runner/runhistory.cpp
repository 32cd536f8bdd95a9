#include "runner/runhistory.h"

#include <QCryptographicHash>
#include <QHash>

namespace revisor {

QString scriptSha256(const Revision &revision, bool up)
{
    return QString::fromLatin1(QCryptographicHash::hash((up ? revision.upSql : revision.downSql).toUtf8(), QCryptographicHash::Sha256).toHex());
}

QStringList historyWarnings(const MigrationSet &set, const RevisionRef &current, const QList<HistoryEntry> &history)
{
    // The last time each revision was applied is the one that counts: a revision downgraded,
    // edited and applied again is in step with its file.
    QHash<QString, HistoryEntry> lastUp;
    for (const HistoryEntry &entry : history) {
        if (entry.up)
            lastUp.insert(entry.revision.id(), entry);
    }
    QStringList warnings;
    const qsizetype top = set.height(current).value_or(0);
    for (qsizetype h = 1; h <= top; ++h) {
        const Revision &rev = set.revisions().at(h - 1);
        const auto found = lastUp.constFind(rev.id);
        if (found == lastUp.constEnd())
            continue; // applied before the history was kept, or by another tool
        const HistoryEntry &entry = *found;
        if (entry.scriptSha256 != scriptSha256(rev, true))
            warnings << QStringLiteral("revision %1 (%2) changed since it was applied on %3 by %4: the database ran the earlier text")
                            .arg(rev.id, rev.file, entry.appliedAt.toUTC().toString(Qt::ISODate), entry.appliedBy);
        if (entry.from == rev.revises)
            continue;
        const auto below = set.height(entry.from);
        if (!below) {
            warnings << QStringLiteral("revision %1 was applied on top of %2, which the set no longer has; it now revises %3")
                            .arg(rev.id, entry.from.label(), rev.revises.label());
            continue;
        }
        QStringList inserted;
        for (qsizetype i = *below + 1; i < h; ++i)
            inserted << set.at(i).label();
        if (!inserted.isEmpty())
            warnings << QStringLiteral("revision(s) %1 were inserted below %2 after the database passed it: they never ran here")
                            .arg(inserted.join(QStringLiteral(", ")), rev.id);
    }
    return warnings;
}

} // namespace revisor
