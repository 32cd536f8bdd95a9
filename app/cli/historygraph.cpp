#include "historygraph.h"

#include <QHash>

namespace revisor {

QStringList historyGraph(const MigrationSet &set)
{
    QHash<QString, int> pendingChildren;
    for (const Revision &r : set.revisions()) {
        for (const QString &p : r.parents())
            ++pendingChildren[p];
    }
    const QStringList heads = set.heads();
    const QStringList branchPoints = set.branchPoints();
    QStringList lanes; // per column: the revision whose child continues it
    QStringList lines;
    for (const Revision &r : set.revisions()) {
        const QStringList parents = r.parents();
        qsizetype column = -1;
        QList<qsizetype> merging;
        for (const QString &p : parents) {
            const qsizetype lane = lanes.indexOf(p);
            if (lane < 0)
                continue;
            if (column < 0)
                column = lane;
            else
                merging << lane;
        }
        // A parent with children still to come keeps its column; the revision opens its own.
        if (column < 0 || pendingChildren.value(lanes.at(column)) > 1) {
            lanes << r.id;
            column = lanes.size() - 1;
        }
        QString row;
        for (qsizetype i = 0; i < lanes.size(); ++i)
            row += i == column ? QLatin1Char('*') : merging.contains(i) ? QLatin1Char('/') : QLatin1Char('|');
        for (const QString &p : parents)
            --pendingChildren[p];
        lanes[column] = r.id;
        // Merged columns close once their revision has no child left to come.
        for (qsizetype i = lanes.size() - 1; i >= 0; --i) {
            if (i != column && merging.contains(i) && pendingChildren.value(lanes.at(i)) == 0)
                lanes.removeAt(i);
        }
        QStringList flags;
        if (heads.contains(r.id))
            flags << QStringLiteral("head");
        if (branchPoints.contains(r.id))
            flags << QStringLiteral("branchpoint");
        if (!r.mergedRevisions.isEmpty())
            flags << QStringLiteral("mergepoint");
        if (!r.branchLabels.isEmpty())
            flags << QStringLiteral("branch %1").arg(r.branchLabels.join(QStringLiteral(", ")));
        if (!r.dependsOn.isEmpty())
            flags << QStringLiteral("depends on %1").arg(r.dependsOn.join(QStringLiteral(", ")));
        lines << QStringLiteral("%1  %2 -> %3%4  %5")
                     .arg(row.leftJustified(4), parents.isEmpty() ? QStringLiteral("base") : parents.join(QStringLiteral(", ")), r.id,
                          flags.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(flags.join(QStringLiteral("; "))), r.message);
        // A head's column ends with it.
        if (pendingChildren.value(r.id) == 0 && heads.contains(r.id) && r.id != set.revisions().constLast().id)
            lanes.removeAt(column);
    }
    return lines;
}

} // namespace revisor
