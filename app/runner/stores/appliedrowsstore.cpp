#include "runner/stores/appliedrowsstore.h"

#include "migrations/migrationset.h"

#include <QSet>

namespace revisor {

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
    qsizetype height = 0;
    QStringList missing;
    for (qsizetype i = 0; i < m_chain.size(); ++i) {
        if (applied.remove(m_chain.at(i))) {
            height = i + 1;
            continue;
        }
        missing << m_chain.at(i);
    }
    // A version the set does not have: the database is somewhere this set cannot name.
    if (!applied.isEmpty())
        return RevisionRef(*std::ranges::min_element(applied));
    while (!missing.isEmpty() && m_chain.indexOf(missing.constLast()) >= height)
        missing.removeLast();
    if (!missing.isEmpty())
        return fail(Error::database(QStringLiteral("%1 records %2 as applied but not %3 below it: applied out of order; "
                                                   "Revisor only moves a database whose applied migrations are a prefix of the set")
                                        .arg(m_table, m_chain.at(height - 1), missing.join(QStringLiteral(", ")))));
    return height == 0 ? RevisionRef::base() : RevisionRef(m_chain.at(height - 1));
}

Status AppliedRowsStore::beginMove(Session &session, const PlannedStep &)
{
    return resolveSchema(session);
}

QList<BoundStatement> AppliedRowsStore::moveSql(const PlannedStep &step) const
{
    const QString table = qualified(m_table);
    QList<BoundStatement> sql{{m_createSql.arg(table), {}}};
    // A stamp across several revisions records (or forgets) each of them, as the tool would
    // after running them one by one.
    const qsizetype from = step.from.isBase() ? 0 : m_chain.indexOf(step.from.id()) + 1;
    const qsizetype to = step.to.isBase() ? 0 : m_chain.indexOf(step.to.id()) + 1;
    for (qsizetype h = from + 1; h <= to; ++h)
        sql.append({m_insertSql.arg(table), {m_chain.at(h - 1)}});
    for (qsizetype h = from; h > to; --h)
        sql.append({QStringLiteral("DELETE FROM %1 WHERE version = $1").arg(table), {m_chain.at(h - 1)}});
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
