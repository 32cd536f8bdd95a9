#include "runner/stores/appliedrowsstore.h"

#include "migrations/migrationset.h"

#include <QSet>

namespace revisor {

Result<RevisionRef> positionOf(const QStringList &chain, QSet<QString> applied, const QString &table)
{
    qsizetype height = 0;
    QStringList missing;
    for (qsizetype i = 0; i < chain.size(); ++i) {
        if (applied.remove(chain.at(i))) {
            height = i + 1;
            continue;
        }
        missing << chain.at(i);
    }
    // A version the set does not have: the database is somewhere this set cannot name.
    if (!applied.isEmpty())
        return RevisionRef(*std::ranges::min_element(applied));
    while (!missing.isEmpty() && chain.indexOf(missing.constLast()) >= height)
        missing.removeLast();
    if (!missing.isEmpty())
        return fail(Error::database(QStringLiteral("%1 records %2 as applied but not %3 below it: applied out of order; "
                                                   "Revisor only moves a database whose applied migrations are a prefix of the set")
                                        .arg(table, chain.at(height - 1), missing.join(QStringLiteral(", ")))));
    return height == 0 ? RevisionRef::base() : RevisionRef(chain.at(height - 1));
}

MovedVersions movedVersions(const QStringList &chain, const RevisionRef &from, const RevisionRef &to)
{
    // A stamp across several revisions records (or forgets) each of them, as the tool would
    // after running them one by one.
    const qsizetype low = from.isBase() ? 0 : chain.indexOf(from.id()) + 1;
    const qsizetype high = to.isBase() ? 0 : chain.indexOf(to.id()) + 1;
    MovedVersions moved;
    for (qsizetype h = low + 1; h <= high; ++h)
        moved.applied << chain.at(h - 1);
    for (qsizetype h = low; h > high; --h)
        moved.reverted << chain.at(h - 1);
    return moved;
}

AppliedRowsStore::AppliedRowsStore(const MigrationSet &set, QString table, QString createSql, QString insertSql)
    : m_table(std::move(table)), m_createSql(std::move(createSql)), m_insertSql(std::move(insertSql))
{
    for (const Revision &r : set.revisions())
        m_chain << r.id;
}

Result<RevisionRef> AppliedRowsStore::current(Session &session)
{
    auto exists = existing(session, m_table);
    if (!exists)
        return fail(exists.error());
    if (!*exists)
        return RevisionRef::base();
    auto rows = session.exec(QStringLiteral("SELECT version::text FROM %1").arg(qualified(m_table)));
    if (!rows)
        return fail(rows.error());
    QSet<QString> applied;
    for (const QStringList &r : rows->rows)
        applied.insert(r.value(0));
    return positionOf(m_chain, applied, m_table);
}

Status AppliedRowsStore::beginMove(Session &session, const PlannedStep &)
{
    return resolveSchema(session);
}

QList<BoundStatement> AppliedRowsStore::moveSql(const PlannedStep &step) const
{
    const QString table = qualified(m_table);
    QList<BoundStatement> sql{{m_createSql.arg(table), {}}};
    const MovedVersions moved = movedVersions(m_chain, step.from, step.to);
    for (const QString &v : moved.applied)
        sql.append({m_insertSql.arg(table), {v}});
    for (const QString &v : moved.reverted)
        sql.append({QStringLiteral("DELETE FROM %1 WHERE version = $1").arg(table), {v}});
    return sql;
}

Status AppliedRowsStore::commitMove(Session &session, const PlannedStep &step)
{
    if (auto resolved = resolveSchema(session); !resolved)
        return resolved;
    for (const BoundStatement &s : moveSql(step)) {
        auto written = session.exec(s.sql, s.params);
        if (!written)
            return fail(written.error());
        if (!s.params.isEmpty() && written->rowsAffected != 1)
            return fail(Error::database(QStringLiteral("%1 did not hold version '%2' (changed by someone else?)").arg(m_table, s.params.constFirst())));
    }
    session.takeNotices(); // "relation already exists, skipping"
    return {};
}

QStringList AppliedRowsStore::moveStatements(const PlannedStep &step) const
{
    QStringList text;
    for (const BoundStatement &s : moveSql(step))
        text << displaySql(s);
    return text;
}

QList<TableName> AppliedRowsStore::ownTables() const
{
    return QList<TableName>{{schema(), m_table}} + revisorTables();
}

} // namespace revisor
