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
    QString alembicCommand;   ///< how to run an Alembic project's Alembic (--alembic); empty: alembic on PATH
    /// How an Alembic project's steps run (--alembic-mode): "run" (empty), the project's
    /// Alembic itself, or "sql", its offline-rendered SQL through Revisor's runner.
    QString alembicMode;
    friend bool operator==(const SetOptions &, const SetOptions &) = default;
};

/// Revisions read from one project's folder by the reader of its layout (native, alembic,
/// ...), with its seeds and checks.
///
/// The revisions form a graph (Alembic's branches, merge points and dependencies; a native set
/// is one linear chain). The set steps through it in one fixed apply order (applyOrder():
/// every revision after what it requires, each branch kept together), so a point of the set is
/// a height in that order, as for a chain: at height h the first h revisions are applied, which
/// a version table records as their heads (appliedHeads()). height(), at() and plan() work on
/// that order; a step applies or reverts exactly one revision.
class MigrationSet
{
public:
    /// Reads `directory` with the reader options.format names, or the one that recognises it.
    static Result<MigrationSet> load(const QString &directory, const SetOptions &options = {});
    /// Builds the chain from already parsed revisions (validates the graph; a branch or a
    /// second base is refused, as a native set is one chain). options.format names the layout
    /// they were read from (native when empty).
    static Result<MigrationSet> fromRevisions(const QString &directory, QList<Revision> revisions,
                                              const SetOptions &options = {});
    /// The same for a layout whose history may branch and merge (Alembic): several bases and
    /// heads, merge points, dependencies.
    static Result<MigrationSet> fromGraph(const QString &directory, QList<Revision> revisions,
                                          const SetOptions &options = {});

    QString directory() const { return m_directory; }
    /// The layout the set was read from ("native", "alembic", ...) and how.
    QString format() const { return m_options.format; }
    const SetOptions &options() const { return m_options; }
    QString name() const;
    /// In apply order: base first, head last.
    const QList<Revision> &revisions() const { return m_chain; }
    /// Whether each revision only revises the one before it (no branch, merge or dependency).
    bool isLinear() const;
    /// Revisions nothing revises, in apply order (one for a chain).
    QStringList heads() const;
    /// Revisions revised by several others, in apply order.
    QStringList branchPoints() const;
    /// What a version table records at `height`: the applied revisions nothing applied
    /// requires.
    QStringList appliedHeads(qsizetype height) const;
    /// The height whose applied revisions are exactly `recorded` and what they require, or
    /// nothing (an unknown id, or a combination that is not a point of the apply order).
    std::optional<qsizetype> heightOfApplied(const QStringList &recorded) const;
    const Revision *find(const RevisionRef &ref) const;
    /// How many revisions are applied at `ref`: 0 at base, 1 at the first revision, and so on;
    /// nothing when the id is not in this set.
    std::optional<qsizetype> height(const RevisionRef &ref) const;
    /// The revision at `height` (base at 0).
    RevisionRef at(qsizetype height) const;
    RevisionRef head() const;

    /// Resolves head (refused when there are several), heads, base, <branch>@head, an id, a
    /// unique prefix, +N, -N relative to `current`.
    Result<RevisionRef> resolveTarget(const RevisionRef &current, const QString &target) const;
    /// The steps from `current` to `target`.
    Result<QList<PlannedStep>> plan(const RevisionRef &current, const RevisionRef &target) const;

    /// Seed names (<seeds directory>/<name>.sql) and their paths.
    QStringList seedNames() const;
    QString seedPath(const QString &name) const;
    /// <checks directory>/*.json paths, sorted.
    QStringList checkFiles() const;

private:
    /// The head of a branch: named by a branch label, or by a revision it contains.
    Result<RevisionRef> branchHead(const QString &branch) const;
    Error notInSet(const RevisionRef &current) const;

    QString m_directory;
    SetOptions m_options;
    QList<Revision> m_chain;
};

} // namespace revisor
