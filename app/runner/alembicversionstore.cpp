// Alembic's bookkeeping: one table, alembic_version(version_num), holding the current revision
// (one row per head; none at base). Written exactly as Alembic defines it, so that Alembic
// reads the same database Revisor moved. Alembic has no notion of a half-applied revision, so
// Revisor keeps that in a table of its own beside it (TrackedVersionStore), which Alembic
// never reads.
#include "runner/trackedversionstore.h"

#include "db/session.h"
#include "migrations/migrationset.h"

namespace revisor {

namespace {

// Alembic's column is VARCHAR(32): a longer id could never be recorded.
constexpr int MaxIdLength = 32;

class AlembicVersionStore final : public TrackedVersionStore
{
public:
    AlembicVersionStore(QString table, std::shared_ptr<const MigrationSet> graph)
        : m_table(std::move(table)), m_graph(std::move(graph)) {}

    QString name() const override { return m_table; }

    Result<RevisionRef> current(Session &session) override
    {
        auto exists = existing(session, m_table);
        if (!exists)
            return fail(exists.error());
        if (!*exists)
            return RevisionRef::base();
        auto rows = session.exec(QStringLiteral("SELECT version_num FROM %1").arg(qualified(m_table)));
        if (!rows)
            return fail(rows.error());
        QStringList ids;
        for (const auto &r : rows->rows)
            ids << r.value(0);
        if (m_graph) {
            // One row per head: the point of the set's apply order they stand for.
            const auto height = m_graph->heightOfApplied(ids);
            if (!height)
                return fail(Error::database(QStringLiteral("%1 holds %2, which is not a point of set %3's apply order (%4)")
                                                .arg(m_table, ids.join(QStringLiteral(", ")), m_graph->name(), appliedOrder())));
            return m_graph->at(*height);
        }
        if (rows->rows.size() > 1)
            return fail(Error::database(QStringLiteral("%1 holds several revisions (%2): branched databases are not supported")
                                            .arg(m_table, ids.join(QStringLiteral(", ")))));
        return rows->rows.isEmpty() ? RevisionRef::base() : RevisionRef(rows->value(0, 0));
    }

    Status beginMove(Session &, const PlannedStep &step) override
    {
        // Refuse before the step's statements run, not after: nothing to undo then.
        if (step.to.id().size() > MaxIdLength) {
            Error e = Error::input(step.revision.file, step.revision.headerLine,
                                   QStringLiteral("revision id '%1' is %2 characters long; %3.version_num holds at most %4")
                                       .arg(step.to.id()).arg(step.to.id().size()).arg(m_table).arg(MaxIdLength));
            e.revision = step.revision.id;
            return fail(e);
        }
        return {};
    }

    // The statements of a move: the table as Alembic creates it, then the one row written.
    // commitMove runs them with bound values; moveStatements shows the same text.
    QList<BoundStatement> moveSql(const PlannedStep &step) const
    {
        const QString table = qualified(m_table);
        QList<BoundStatement> sql{{QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version_num VARCHAR(32) NOT NULL, CONSTRAINT %2 PRIMARY KEY (version_num))")
                                       .arg(table, Session::quoteIdentifier(m_table + QStringLiteral("_pkc"))), {}}};
        if (m_graph) {
            // The rows of the heads before the move go, those of the heads after it come.
            const auto heads = [&](const RevisionRef &at) {
                return QStringLiteral("{%1}").arg(m_graph->appliedHeads(m_graph->height(at).value_or(0)).join(QLatin1Char(',')));
            };
            sql.append({QStringLiteral("DELETE FROM %1 WHERE version_num = ANY ($1::text[])").arg(table), {heads(step.from)}});
            sql.append({QStringLiteral("INSERT INTO %1 (version_num) SELECT unnest($1::text[])").arg(table), {heads(step.to)}});
        } else if (step.from.isBase())
            sql.append({QStringLiteral("INSERT INTO %1 (version_num) VALUES ($1)").arg(table), {step.to.id()}});
        else if (step.to.isBase())
            sql.append({QStringLiteral("DELETE FROM %1 WHERE version_num = $1").arg(table), {step.from.id()}});
        else
            sql.append({QStringLiteral("UPDATE %1 SET version_num = $1 WHERE version_num = $2").arg(table), {step.to.id(), step.from.id()}});
        return sql;
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        QStringList text;
        for (const BoundStatement &s : moveSql(step))
            text << displaySql(s);
        return text;
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return fail(resolved.error());
        if (step.from == step.to)
            return {};
        Result<QueryResult> written;
        const QList<BoundStatement> statements = moveSql(step);
        for (qsizetype i = 0; i < statements.size(); ++i) {
            written = session.exec(statements.at(i).sql, statements.at(i).params);
            if (!written)
                return fail(written.error());
            // In a graph the heads before the move must all have been there.
            if (m_graph && i == 1 && written->rowsAffected != m_graph->appliedHeads(m_graph->height(step.from).value_or(0)).size())
                return fail(Error::database(QStringLiteral("the version table %1 did not hold the heads of revision '%2' (changed by someone else?)")
                                                .arg(m_table, step.from.label())));
        }
        session.takeNotices(); // "relation already exists, skipping"
        if (!m_graph && written->rowsAffected != 1)
            return fail(Error::database(QStringLiteral("the version table %1 did not hold revision '%2' (changed by someone else?)")
                                            .arg(m_table, step.from.id())));
        return {};
    }

    QList<TableName> ownTables() const override { return QList<TableName>{{schema(), m_table}} + revisorTables(); }

private:
    // The set's points as heads, for a message: "base | a | a, b1 | ...".
    QString appliedOrder() const
    {
        QStringList points{QStringLiteral("base")};
        for (qsizetype h = 1; h <= m_graph->revisions().size(); ++h)
            points << m_graph->appliedHeads(h).join(QStringLiteral(", "));
        return points.join(QStringLiteral(" | "));
    }

    QString m_table;
    std::shared_ptr<const MigrationSet> m_graph; ///< a branched set: one row per head
};

} // namespace

std::unique_ptr<VersionStore> alembicVersionStore(const QString &table, std::shared_ptr<const MigrationSet> graph)
{
    return std::make_unique<AlembicVersionStore>(table, std::move(graph));
}

} // namespace revisor
