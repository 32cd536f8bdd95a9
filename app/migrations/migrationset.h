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

/// How to read a migration set: which layout, and where the layout's defaults do not fit.
struct SetOptions
{
    QString format;           ///< a reader's name (setReaders()); empty: detected from the directory
    QString versionTable;     ///< the bookkeeping table; empty: the format's own default
    QString seedsDirectory;   ///< empty: the format's default (seeds/ of a native set)
    QString checksDirectory;  ///< empty: the format's default (checks/ of a native set)
    friend bool operator==(const SetOptions &, const SetOptions &) = default;
};

/// Revisions read from one project's folder by the reader of its layout (native, alembic,
/// ...), with its seeds and checks. The revisions form one linear chain (a branched graph is
/// rejected until branches are supported).
class MigrationSet
{
public:
    /// Reads `directory` with the reader options.format names, or the one that recognises it.
    static Result<MigrationSet> load(const QString &directory, const SetOptions &options = {});
    /// Builds the chain from already parsed revisions (validates the graph). options.format
    /// names the layout they were read from (native when empty).
    static Result<MigrationSet> fromRevisions(const QString &directory, QList<Revision> revisions,
                                              const SetOptions &options = {});

    QString directory() const { return m_directory; }
    /// The layout the set was read from ("native", "alembic", ...) and how.
    QString format() const { return m_options.format; }
    const SetOptions &options() const { return m_options; }
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

    /// Seed names (<seeds directory>/<name>.sql) and their paths.
    QStringList seedNames() const;
    QString seedPath(const QString &name) const;
    /// <checks directory>/*.json paths, sorted.
    QStringList checkFiles() const;

private:
    Error notInSet(const RevisionRef &current) const;

    QString m_directory;
    SetOptions m_options;
    QList<Revision> m_chain;
};

} // namespace revisor
