#pragma once

#include "migrations/revision.h"

#include <QList>
#include <QString>

#include <optional>

namespace revisor {

/// One step a plan will take: apply revision `revision` up, or revert it down.
struct PlannedStep
{
    enum class Direction { Up, Down };
    Direction direction = Direction::Up;
    Revision revision;
    RevisionRef from;  ///< version before the step
    RevisionRef to;    ///< version after the step
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
    const Revision *find(const RevisionRef &ref) const;
    /// How many revisions are applied at `ref`: 0 at base, 1 at the first revision, and so on;
    /// nothing when the id is not in this set.
    std::optional<qsizetype> height(const RevisionRef &ref) const;
    /// The revision at `height` (base at 0).
    RevisionRef at(qsizetype height) const;
    RevisionRef head() const;

    /// Resolves head, base, an id, a unique prefix, +N, -N relative to `current`.
    Result<RevisionRef> resolveTarget(const RevisionRef &current, const QString &target) const;
    /// The steps from `current` to `target`.
    Result<QList<PlannedStep>> plan(const RevisionRef &current, const RevisionRef &target) const;

    /// Seed names (seeds/<name>.sql) and their paths.
    QStringList seedNames() const;
    QString seedPath(const QString &name) const;
    /// checks/*.json paths, sorted.
    QStringList checkFiles() const;

private:
    Error notInSet(const RevisionRef &current) const;

    QString m_directory;
    QList<Revision> m_chain;
};

} // namespace revisor
