#pragma once

#include "runner/trackedversionstore.h"

#include <QSet>

namespace revisor {

class MigrationSet;

/// Where a database whose bookkeeping lists the applied versions stands in `chain` (the set's
/// ids, base first): the highest applied revision, when everything below it is applied too; a
/// version the set does not know comes back as it is (the caller says "not in this set"); a
/// gap is an error naming `table`.
Result<RevisionRef> positionOf(const QStringList &chain, QSet<QString> applied, const QString &table);

/// The revisions a move from `from` to `to` applies (upwards, in order) and reverts
/// (downwards, in order): one for a step, several for a stamp across revisions.
struct MovedVersions
{
    QStringList applied;
    QStringList reverted;
};
MovedVersions movedVersions(const QStringList &chain, const RevisionRef &from, const RevisionRef &to);

/// Bookkeeping that keeps one row per applied migration (Diesel, dbmate): upgrading inserts
/// the revision's row, downgrading deletes it. The database is at the highest revision of
/// the set whose row is there; a row for a revision above a missing one is refused (the
/// tools would run the missing one out of order, Revisor does not guess).
class AppliedRowsStore : public TrackedVersionStore
{
public:
    /// `createSql`: the table as the tool creates it, with %1 for the qualified name.
    /// `insertSql`: the row of an applied version ($1), with %1 for the qualified name.
    AppliedRowsStore(const MigrationSet &set, QString table, QString createSql, QString insertSql);

    QString name() const override { return m_table; }
    Result<RevisionRef> current(Session &session) override;
    Status beginMove(Session &session, const PlannedStep &step) override;
    Status commitMove(Session &session, const PlannedStep &step) override;
    QStringList moveStatements(const PlannedStep &step) const override;
    QList<TableName> ownTables() const override;

private:
    QList<BoundStatement> moveSql(const PlannedStep &step) const;

    QStringList m_chain;   ///< the set's ids, base first
    QString m_table;
    QString m_createSql;
    QString m_insertSql;
};

} // namespace revisor
