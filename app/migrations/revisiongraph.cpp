#include "revisiongraph.h"

#include <QHash>
#include <QSet>

#include <functional>

namespace revisor {

QString revisionLocation(const Revision &r)
{
    return QStringLiteral("%1:%2").arg(r.file).arg(r.headerLine);
}

Error graphError(const QList<std::pair<const Revision *, QString>> &problems)
{
    QStringList lines;
    for (const auto &[rev, text] : problems)
        lines << QStringLiteral("%1: %2").arg(revisionLocation(*rev), text);
    Error e = Error::input(problems.first().first->file, problems.first().first->headerLine, problems.first().second);
    if (problems.size() > 1)
        e.message = QStringLiteral("invalid revision graph:\n") + lines.join(QLatin1Char('\n'));
    return e;
}

Status validateGraph(const QList<Revision> &revisions)
{
    QList<std::pair<const Revision *, QString>> problems;
    QHash<QString, const Revision *> byId;
    for (const Revision &r : revisions) {
        if (const Revision *other = byId.value(r.id)) {
            problems.append({&r, QStringLiteral("duplicate revision id '%1' (also in %2)").arg(r.id, revisionLocation(*other))});
            continue;
        }
        byId.insert(r.id, &r);
    }
    bool anyBase = false;
    for (const Revision &r : revisions) {
        anyBase = anyBase || r.parents().isEmpty();
        for (const QString &p : r.parents()) {
            if (!byId.contains(p))
                problems.append({&r, QStringLiteral("revision '%1' revises unknown revision '%2'").arg(r.id, p)});
        }
        for (const QString &d : r.dependsOn) {
            if (!byId.contains(d))
                problems.append({&r, QStringLiteral("revision '%1' depends on unknown revision '%2'").arg(r.id, d)});
        }
    }
    if (!problems.isEmpty())
        return fail(graphError(problems));

    // Cycles: a depth-first walk down the prerequisites that meets a revision still on its path.
    enum class Mark { None, OnPath, Done };
    QHash<QString, Mark> marks;
    QStringList path;
    std::function<bool(const Revision &)> loops = [&](const Revision &r) {
        const Mark m = marks.value(r.id, Mark::None);
        if (m == Mark::Done)
            return false;
        if (m == Mark::OnPath) {
            path << r.id;
            return true;
        }
        marks[r.id] = Mark::OnPath;
        path << r.id;
        for (const QString &p : r.prerequisites()) {
            if (loops(*byId.value(p)))
                return true;
        }
        path.removeLast();
        marks[r.id] = Mark::Done;
        return false;
    };
    for (const Revision &r : revisions) {
        if (loops(r)) {
            QStringList ids = path.mid(path.indexOf(path.last()) + 1);
            ids.sort();
            return fail(graphError({{&r, QStringLiteral("cycle in the revision graph through %1").arg(ids.join(QStringLiteral(", ")))}}));
        }
    }
    if (!anyBase)
        return fail(graphError({{&revisions.first(), QStringLiteral("no base revision (every revision revises another)")}}));
    return {};
}

QList<Revision> applyOrder(const QList<Revision> &revisions)
{
    QSet<QString> placed;
    QList<Revision> order;
    QList<bool> done(revisions.size(), false);
    const auto ready = [&](const Revision &r) {
        for (const QString &p : r.prerequisites()) {
            if (!placed.contains(p))
                return false;
        }
        return true;
    };
    while (order.size() < revisions.size()) {
        qsizetype pick = -1;
        for (qsizetype i = 0; i < revisions.size(); ++i) {
            if (done[i] || !ready(revisions.at(i)))
                continue;
            // A child of the revision just placed keeps its branch together.
            if (!order.isEmpty() && revisions.at(i).parents().contains(order.constLast().id)) {
                pick = i;
                break;
            }
            if (pick < 0)
                pick = i;
        }
        if (pick < 0)
            break; // only on a graph that validateGraph rejects
        done[pick] = true;
        placed.insert(revisions.at(pick).id);
        order << revisions.at(pick);
    }
    return order;
}

} // namespace revisor
