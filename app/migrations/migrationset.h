#pragma once

#include "migrations/revision.h"

#include <QList>
#include <QString>

namespace revisor {

/// One step a plan will take: apply revision `revision` up, or revert it down.
struct PlannedStep
{
    enum class Direction { Up, Down };
    Direction direction = Direction::Up;
    Revision revision;
    QString from;  ///< version before the step ("" = base, nothing applied)
    QString to;    ///< version after the step
};

/// A directory with versions/*.sql, optional seeds/ and checks/. The revisions form one
/// linear chain (a branched graph is rejected until branches are supported).
class MigrationSet
{
public:
    static Result<MigrationSet> load(const QString &directory);
    /// Builds the chain from already parsed revisions (validates the graph).
    static Result<MigrationSet> fromRevisions(const QString &directory, QList<Revision> revisions);

    QString directory() const { return m_directory; }
    QString name() const;
    /// Base first, head last.
    const QList<Revision> &revisions() const { return m_chain; }
    const Revision *find(const QString &id) const;
    /// Index in the chain; -1 for "" (base, nothing applied); -2 when unknown.
    int indexOf(const QString &id) const;
    QString head() const;
    QString base() const;

    /// Resolves head, base, an id, +N, -N relative to `current` ("" = nothing applied) into a
    /// version id ("" = base, nothing applied).
    Result<QString> resolveTarget(const QString &current, const QString &target) const;
    /// The steps from `current` to `target` (resolved id or "").
    Result<QList<PlannedStep>> plan(const QString &current, const QString &targetVersion) const;

    /// Seed names (seeds/<name>.sql) and their paths.
    QStringList seedNames() const;
    QString seedPath(const QString &name) const;
    /// checks/*.json paths, sorted.
    QStringList checkFiles() const;

private:
    QString m_directory;
    QList<Revision> m_chain;
};

} // namespace revisor
