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
    explicit AlembicVersionStore(QString table) : m_table(std::move(table)) {}

    QString name() const override { return m_table; }

    Result<RevisionRef> current(Session &session) override
    {
        auto read = queryIfExists(session, m_table, QStringLiteral("SELECT version_num FROM %1"));
        if (!read)
            return fail(read.error());
        if (!*read)
            return RevisionRef::base();
        const auto rows = &**read;
        if (rows->rows.size() > 1) {
            QStringList ids;
            for (const auto &r : rows->rows)
                ids << r.value(0);
            return fail(Error::database(QStringLiteral("%1 holds several revisions (%2): branched databases are not supported")
                                            .arg(m_table, ids.join(QStringLiteral(", ")))));
        }
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
        if (step.from.isBase())
            sql.append({QStringLiteral("INSERT INTO %1 (version_num) VALUES ($1)").arg(table), {step.to.id()}});
        else if (step.to.isBase())
            sql.append({QStringLiteral("DELETE FROM %1 WHERE version_num = $1").arg(table), {step.from.id()}});
        else
            sql.append({QStringLiteral("UPDATE %1 SET version_num = $1 WHERE version_num = $2").arg(table), {step.to.id(), step.from.id()}});
        return sql;
    }

    QStringList moveStatements(const PlannedStep &step) const override
    {
        return displayAll(moveSql(step));
    }

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        if (auto resolved = resolveSchema(session); !resolved)
            return fail(resolved.error());
        if (step.from == step.to)
            return {};
        auto written = execAll(session, moveSql(step));
        if (!written)
            return fail(written.error());
        if (written->rowsAffected != 1)
            return fail(Error::database(QStringLiteral("the version table %1 did not hold revision '%2' (changed by someone else?)")
                                            .arg(m_table, step.from.id())));
        return {};
    }

    QList<TableName> ownTables() const override { return QList<TableName>{{schema(), m_table}} + revisorTables(); }

private:
    QString m_table;
};

} // namespace

std::unique_ptr<VersionStore> alembicVersionStore(const QString &table)
{
    return std::make_unique<AlembicVersionStore>(table);
}

} // namespace revisor
