// Alembic's bookkeeping: one table, alembic_version(version_num), holding the current revision
// (one row per head; none at base). Written exactly as Alembic defines it, so that Alembic
// reads the same database Revisor moved.
#include "runner/versionstore.h"

#include "db/session.h"
#include "migrations/migrationset.h"

namespace revisor {

namespace {

// Alembic's column is VARCHAR(32): a longer id could never be recorded.
constexpr int MaxIdLength = 32;

class AlembicVersionStore final : public VersionStore
{
public:
    explicit AlembicVersionStore(QString table) : m_table(std::move(table)) {}

    QString name() const override { return m_table; }

    Result<RevisionRef> current(Session &session) override
    {
        auto table = qualifiedTable(session);
        if (!table)
            return fail(table.error());
        auto exists = session.scalar(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {*table});
        if (!exists)
            return fail(exists.error());
        if (*exists != QLatin1String("t"))
            return RevisionRef::base();
        auto rows = session.exec(QStringLiteral("SELECT version_num FROM %1").arg(*table));
        if (!rows)
            return fail(rows.error());
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

    Status commitMove(Session &session, const PlannedStep &step) override
    {
        auto qualified = qualifiedTable(session);
        if (!qualified)
            return fail(qualified.error());
        const QString &table = *qualified;
        auto created = session.exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS %1 (version_num VARCHAR(32) NOT NULL, CONSTRAINT %2 PRIMARY KEY (version_num))")
            .arg(table, session.quoteIdent(m_table + QStringLiteral("_pkc"))));
        if (!created)
            return fail(created.error());
        session.takeNotices(); // "relation already exists, skipping"
        Result<QueryResult> written;
        if (step.from.isBase())
            written = session.exec(QStringLiteral("INSERT INTO %1 (version_num) VALUES ($1)").arg(table), {step.to.id()});
        else if (step.to.isBase())
            written = session.exec(QStringLiteral("DELETE FROM %1 WHERE version_num = $1").arg(table), {step.from.id()});
        else
            written = session.exec(QStringLiteral("UPDATE %1 SET version_num = $1 WHERE version_num = $2").arg(table),
                                   {step.to.id(), step.from.id()});
        if (!written)
            return fail(written.error());
        if (written->rowsAffected != 1)
            return fail(Error::database(QStringLiteral("the version table %1 did not hold revision '%2' (changed by someone else?)")
                                            .arg(m_table, step.from.id())));
        return {};
    }

    // alembic_version has no dirty flag: Alembic cannot tell.
    Result<DirtyState> dirtyState(Session &) override { return DirtyState{}; }

    QList<TableName> ownTables() const override { return {{m_schema, m_table}}; }

private:
    // Alembic's version_table_schema left unset means the first schema of the connection's
    // search path. It is resolved once, before any revision runs, and the table is always
    // named with it: a revision that sets search_path must not make the next read look for
    // (or create) the version table somewhere else.
    Result<QString> qualifiedTable(Session &session)
    {
        if (m_schema.isEmpty()) {
            auto first = session.scalar(QStringLiteral("SELECT (pg_catalog.current_schemas(false))[1]"));
            if (!first)
                return fail(first.error());
            if (first->isEmpty())
                return fail(Error::database(QStringLiteral("no schema of the search path exists to hold %1 (search_path names none that exists)")
                                                .arg(m_table)));
            m_schema = *first;
        }
        return session.quoteQualified(m_schema, m_table);
    }

    QString m_table;
    QString m_schema;   ///< resolved on first use
};

} // namespace

std::unique_ptr<VersionStore> alembicVersionStore(const QString &table)
{
    return std::make_unique<AlembicVersionStore>(table);
}

} // namespace revisor
