#pragma once

#include "db/session.h"
#include "runner/versionstore.h"

namespace revisor {

/// The part every tool's bookkeeping shares in Revisor: the tool's own table(s) live in the
/// schema the connection's search_path puts first (resolved once, before any revision runs,
/// as the tools do it), and beside them Revisor keeps what most tools cannot record: the
/// details of a step that stopped half-way (revisor_dirty, one row while dirty) and the
/// history of the steps it applied (revisor_history). Tools never read those two tables.
class TrackedVersionStore : public VersionStore
{
public:
    Result<DirtyState> dirtyState(Session &session) override;
    Status markDirty(Session &session, const DirtyState &state) override;
    Status clearDirty(Session &session) override;
    Status recordHistory(Session &session, const HistoryEntry &entry) override;
    Result<QList<HistoryEntry>> appliedHistory(Session &session) override;

protected:
    /// The schema of the bookkeeping: the first of the search path, read once; a revision that
    /// sets search_path must not make the next read look for (or create) it elsewhere.
    Status resolveSchema(Session &session);
    /// Whether the bookkeeping table `name` exists (in the resolved schema).
    Result<bool> existing(Session &session, const QString &name);
    /// Creates the bookkeeping table `name` with `columnsAndConstraints` unless it exists.
    Status create(Session &session, const QString &name, const QString &columnsAndConstraints);
    /// A bookkeeping table, quoted; schema-qualified once resolved (an offline plan, which has
    /// no connection to resolve it, names it as the tool would: unqualified).
    QString qualified(const QString &name) const;
    /// Revisor's own tables beside the tool's, for ownTables().
    QList<TableName> revisorTables() const;
    /// Revisor's dirty record alone, without what a tool's own flag says.
    Result<DirtyState> revisorDirtyRecord(Session &session);
    /// Runs bound statements in order; the last one's result.
    Result<QueryResult> execAll(Session &session, const QList<BoundStatement> &statements);
    QString schema() const { return m_schema; }

private:
    QString m_schema;   ///< resolved on first use
};

} // namespace revisor
