#include "statementanalysis.h"

#include "hazards/parsetree.h"
#include "hazards/statementfacts.h"

namespace revisor {

namespace {

using parsetree::Relation;
using namespace statementfacts;

class Analyser
{
public:
    Analyser(const SqlStatement &statement, const StepContext &context, SchemaModel &model)
        : m_context(context), m_model(model)
    {
        m_out.file = context.file;
        m_out.line = statement.line;
        m_out.statement = statement.sql;
    }

    StatementHazards run(const QJsonObject &stmt)
    {
        const QString kind = parsetree::kindOf(stmt);
        const QJsonObject f = parsetree::fieldsOf(stmt);
        if (kind == QLatin1String("AlterTableStmt"))
            alterTable(f);
        else if (kind == QLatin1String("IndexStmt"))
            createIndex(f);
        else if (kind == QLatin1String("DropStmt"))
            drop(f);
        else if (kind == QLatin1String("TruncateStmt"))
            truncate(f);
        else if (kind == QLatin1String("UpdateStmt"))
            update(f);
        else if (kind == QLatin1String("DeleteStmt"))
            deleteRows(f);
        else if (kind == QLatin1String("InsertStmt"))
            insert(f);
        else if (kind == QLatin1String("CreateStmt"))
            createTable(f);
        else if (kind == QLatin1String("RenameStmt"))
            rename(f);
        else if (kind == QLatin1String("VacuumStmt"))
            vacuum(f);
        else if (kind == QLatin1String("ClusterStmt"))
            cluster(f);
        else if (kind == QLatin1String("ReindexStmt"))
            reindex(f);
        else if (kind == QLatin1String("RefreshMatViewStmt"))
            refresh(f);
        else if (kind == QLatin1String("CreatedbStmt") || kind == QLatin1String("DropdbStmt")
                 || kind == QLatin1String("AlterSystemStmt") || kind == QLatin1String("CreateTableSpaceStmt"))
            notInTransaction(QString());
        addLockNotes();
        return m_out;
    }

private:
    // Whether `rel` is a table the step itself created: it is empty and no other session can
    // see it before COMMIT, so locks, scans and rewrites on it cost nothing.
    bool isNew(const Relation &rel) const
    {
        const TableFacts *t = m_model.table(rel.schema, rel.name);
        return t && t->createdInStep;
    }

    void lock(const Relation &rel, const QString &mode)
    {
        if (rel.name.isEmpty() || isNew(rel))
            return;
        for (PredictedLock &l : m_out.locks) {
            if (l.table == rel.display()) {
                if (lockStrength(mode) > lockStrength(l.mode))
                    l.mode = mode;
                return;
            }
        }
        m_out.locks << PredictedLock{rel.display(), mode};
    }

    Hazard &add(HazardRule rule, HazardLevel level, const Relation &rel, const QString &lockMode,
                const QString &explanation, const QString &safer)
    {
        Hazard h;
        h.rule = rule;
        h.level = level;
        h.table = rel.display();
        h.lockMode = lockMode;
        h.explanation = explanation;
        h.saferPattern = safer;
        h.revision = m_context.revision;
        h.direction = m_context.direction;
        h.file = m_context.file;
        h.line = m_out.line;
        h.statement = m_out.statement;
        if (const TableFacts *t = rel.name.isEmpty() ? nullptr : m_model.table(rel.schema, rel.name))
            h.rows = t->rows;
        m_out.hazards << h;
        return m_out.hazards.last();
    }

    QString heldUntil() const
    {
        return m_context.transactional ? QStringLiteral("until the step commits") : QStringLiteral("while it runs");
    }

    // A brief ACCESS EXCLUSIVE still matters: it waits behind every running query on the table
    // and everything queues behind it. Told once per table, unless a more specific hazard on
    // the same table already names the lock.
    void addLockNotes()
    {
        for (const PredictedLock &l : m_out.locks) {
            if (l.mode != kAccessExclusive)
                continue;
            const bool told = std::any_of(m_out.hazards.cbegin(), m_out.hazards.cend(), [&](const Hazard &h) {
                return h.table == l.table && h.lockMode == kAccessExclusive;
            });
            if (told)
                continue;
            const Relation rel = parsetree::relationFromNames(l.table.split(QLatin1Char('.')));
            add(HazardRule::AccessExclusiveLock, HazardLevel::Note, rel, kAccessExclusive,
                QStringLiteral("holds ACCESS EXCLUSIVE on %1 %2: every read and write of it waits, and once it queues behind a long query, so does everything after it")
                    .arg(l.table, heldUntil()),
                m_context.lockTimeout
                    ? QStringLiteral("keep the step short; the revision's lock timeout makes it give up rather than queue traffic")
                    : QStringLiteral("set a lock timeout for the revision (-- lock-timeout: 5s) so it gives up instead of stalling traffic, and retry"));
        }
    }

    void notInTransaction(const QString &what)
    {
        const Relation none;
        if (m_context.transactional) {
            add(HazardRule::NotInTransaction, HazardLevel::Error, none, QString(),
                QStringLiteral("%1cannot run inside a transaction block: this transactional revision fails with SQLSTATE 25001")
                    .arg(what.isEmpty() ? QString() : what + QStringLiteral(" ")),
                QStringLiteral("put it in a revision of its own with '-- transactional: false' in the header"));
        } else {
            add(HazardRule::NotInTransaction, HazardLevel::Note, none, QString(),
                QStringLiteral("%1runs outside a transaction: a failure is not rolled back (a failed CREATE INDEX CONCURRENTLY leaves an INVALID index)")
                    .arg(what.isEmpty() ? QString() : what + QStringLiteral(" ")),
                QStringLiteral("keep it alone in its revision, and drop an INVALID index left by a failure before retrying"));
        }
    }

    void expensiveIndexWrite(const Relation &rel, const QString &what, const QStringList &columnsSet)
    {
        const TableFacts *t = m_model.table(rel.schema, rel.name);
        if (!t || t->createdInStep)
            return;
        const QList<IndexFacts> expensive = t->expensiveIndexes();
        if (expensive.isEmpty())
            return;
        QStringList labels;
        bool touchesKey = false;
        for (const IndexFacts &i : expensive) {
            labels << i.label();
            for (const QString &c : i.columns)
                touchesKey = touchesKey || columnsSet.contains(c);
        }
        Hazard &h = add(HazardRule::ExpensiveIndexWrite, HazardLevel::Warning, rel, kRowExclusive,
                        QStringLiteral("%1 %2 writes new row versions into %3%4: each insert into such an index costs far more than into a B-tree, so the step's time grows with the index")
                            .arg(what, rel.display(), labels.join(QStringLiteral(", ")),
                                 touchesKey ? QString() : QStringLiteral(" (the indexed columns do not change, but a row version that does not fit its page is indexed again)")),
                        QStringLiteral("drop the index before the backfill and re-create it with CREATE INDEX CONCURRENTLY afterwards, or backfill in small batches"));
        h.indexes = labels;
    }

    void alterTable(const QJsonObject &f)
    {
        if (f.value(QStringLiteral("objtype")).toString() != QLatin1String("OBJECT_TABLE"))
            return;
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        TableFacts *facts = m_model.table(rel.schema, rel.name);
        const bool fresh = facts && facts->createdInStep;
        for (const QJsonValue &c : f.value(QStringLiteral("cmds")).toArray()) {
            const QJsonObject cmd = parsetree::as(c, "AlterTableCmd");
            const QString sub = cmd.value(QStringLiteral("subtype")).toString();
            const QString column = cmd.value(QStringLiteral("name")).toString();
            if (sub == QLatin1String("AT_AddColumn")) {
                lock(rel, kAccessExclusive);
                addColumn(rel, parsetree::as(cmd.value(QStringLiteral("def")), "ColumnDef"), fresh);
                if (facts) {
                    const QJsonObject def = parsetree::as(cmd.value(QStringLiteral("def")), "ColumnDef");
                    facts->columnTypes.insert(def.value(QStringLiteral("colname")).toString(),
                                              typeText(def.value(QStringLiteral("typeName")).toObject()));
                }
            } else if (sub == QLatin1String("AT_AlterColumnType")) {
                lock(rel, kAccessExclusive);
                const QJsonObject def = parsetree::as(cmd.value(QStringLiteral("def")), "ColumnDef");
                const QString to = typeText(def.value(QStringLiteral("typeName")).toObject());
                const QString from = facts ? facts->columnTypes.value(column) : QString();
                const bool usingExpr = def.contains(QStringLiteral("raw_default"));
                if (!fresh && (usingExpr || from.isEmpty() || !binaryCompatible(from, to))) {
                    add(HazardRule::TableRewrite, HazardLevel::Warning, rel, kAccessExclusive,
                        QStringLiteral("changing %1.%2 %3to %4 rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE%5")
                            .arg(rel.display(), column, from.isEmpty() ? QString() : QStringLiteral("from %1 ").arg(from), to,
                                 from.isEmpty() ? QStringLiteral(" (unless the change is binary-compatible, such as widening a varchar)") : QString()),
                        QStringLiteral("add a new column, backfill it in batches, switch readers over, then drop the old column"));
                }
                if (facts)
                    facts->columnTypes.insert(column, to);
            } else if (sub == QLatin1String("AT_SetNotNull")) {
                lock(rel, kAccessExclusive);
                if (!fresh)
                    add(HazardRule::ScanUnderLock, HazardLevel::Warning, rel, kAccessExclusive,
                        QStringLiteral("SET NOT NULL on %1.%2 reads every row to check it while holding ACCESS EXCLUSIVE").arg(rel.display(), column),
                        QStringLiteral("ADD CONSTRAINT ... CHECK (%1 IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT, then SET NOT NULL (no scan since PostgreSQL 12) and drop the check").arg(column));
            } else if (sub == QLatin1String("AT_AddConstraint")) {
                addConstraint(rel, parsetree::as(cmd.value(QStringLiteral("def")), "Constraint"), fresh);
            } else if (sub == QLatin1String("AT_ValidateConstraint")) {
                lock(rel, kShareUpdateExclusive);
                if (!fresh)
                    add(HazardRule::ValidateScan, HazardLevel::Note, rel, kShareUpdateExclusive,
                        QStringLiteral("VALIDATE CONSTRAINT %1 reads every row of %2; reads and writes go on meanwhile (SHARE UPDATE EXCLUSIVE)").arg(column, rel.display()),
                        QStringLiteral("this is the safe second half of NOT VALID; run it when the table is quiet"));
            } else if (sub == QLatin1String("AT_DropColumn")) {
                lock(rel, kAccessExclusive);
                if (!fresh)
                    add(HazardRule::DataDeletion, HazardLevel::Warning, rel, kAccessExclusive,
                        QStringLiteral("DROP COLUMN %1.%2 deletes its values: the column can be added again, its values cannot").arg(rel.display(), column),
                        QStringLiteral("stop using the column first and keep a copy of its values (or keep the column) until the change is final"));
                if (facts)
                    facts->columnTypes.remove(column);
            } else if (sub == QLatin1String("AT_SetLogged") || sub == QLatin1String("AT_SetUnLogged")
                       || sub == QLatin1String("AT_SetTableSpace") || sub == QLatin1String("AT_SetAccessMethod")) {
                lock(rel, kAccessExclusive);
                if (!fresh)
                    add(HazardRule::TableRewrite, HazardLevel::Warning, rel, kAccessExclusive,
                        QStringLiteral("%1 copies the whole of %2 and its indexes under ACCESS EXCLUSIVE")
                            .arg(sub.mid(3).replace(QStringLiteral("UnLogged"), QStringLiteral("Unlogged")), rel.display()),
                        QStringLiteral("create a new table with the wanted property, copy in batches, then swap names"));
            } else if (sub == QLatin1String("AT_SetStatistics") || sub == QLatin1String("AT_ClusterOn")
                       || sub == QLatin1String("AT_DropCluster") || sub == QLatin1String("AT_SetRelOptions")
                       || sub == QLatin1String("AT_ResetRelOptions") || sub == QLatin1String("AT_SetOptions")
                       || sub == QLatin1String("AT_ResetOptions") || sub == QLatin1String("AT_AttachPartition")) {
                lock(rel, kShareUpdateExclusive);
            } else if (sub.startsWith(QLatin1String("AT_EnableTrig")) || sub.startsWith(QLatin1String("AT_DisableTrig"))
                       || sub.startsWith(QLatin1String("AT_EnableAlwaysTrig")) || sub.startsWith(QLatin1String("AT_EnableReplicaTrig"))) {
                lock(rel, kShareRowExclusive);
            } else {
                lock(rel, kAccessExclusive);
            }
        }
    }

    void addColumn(const Relation &rel, const QJsonObject &def, bool fresh)
    {
        if (fresh)
            return;
        const QString column = def.value(QStringLiteral("colname")).toString();
        const QString type = typeText(def.value(QStringLiteral("typeName")).toObject());
        static const QStringList kSerial{QStringLiteral("serial"), QStringLiteral("bigserial"), QStringLiteral("smallserial"),
                                         QStringLiteral("serial4"), QStringLiteral("serial8"), QStringLiteral("serial2")};
        QString rewriteBecause;
        if (kSerial.contains(type))
            rewriteBecause = QStringLiteral("a %1 column fills every row from a sequence").arg(type);
        for (const QJsonValue &c : def.value(QStringLiteral("constraints")).toArray()) {
            const QJsonObject con = parsetree::as(c, "Constraint");
            const QString contype = con.value(QStringLiteral("contype")).toString();
            if (contype == QLatin1String("CONSTR_DEFAULT")) {
                for (const QString &fn : parsetree::functionNames(con.value(QStringLiteral("raw_expr")))) {
                    if (isVolatile(fn))
                        rewriteBecause = QStringLiteral("the volatile default %1() is computed for every existing row").arg(fn);
                }
            } else if (contype == QLatin1String("CONSTR_IDENTITY")) {
                rewriteBecause = QStringLiteral("an identity column fills every row from a sequence");
            } else if (contype == QLatin1String("CONSTR_GENERATED")) {
                rewriteBecause = QStringLiteral("a stored generated column is computed for every row");
            } else {
                // Inline CHECK, REFERENCES, UNIQUE, PRIMARY KEY: judged like ADD CONSTRAINT.
                QJsonObject inline_ = con;
                if (!inline_.contains(QStringLiteral("fk_attrs")))
                    inline_.insert(QStringLiteral("fk_attrs"), QJsonArray{QJsonObject{{QStringLiteral("String"), QJsonObject{{QStringLiteral("sval"), column}}}}});
                addConstraint(rel, inline_, fresh);
            }
        }
        if (!rewriteBecause.isEmpty())
            add(HazardRule::TableRewrite, HazardLevel::Warning, rel, kAccessExclusive,
                QStringLiteral("ADD COLUMN %1 rewrites %2 under ACCESS EXCLUSIVE: %3").arg(column, rel.display(), rewriteBecause),
                QStringLiteral("add the column without a default (or with a constant one), backfill it in batches, then set the default"));
    }

    void addConstraint(const Relation &rel, const QJsonObject &con, bool fresh)
    {
        const QString contype = con.value(QStringLiteral("contype")).toString();
        const QString name = con.value(QStringLiteral("conname")).toString();
        const QString label = name.isEmpty() ? QStringLiteral("a constraint") : name;
        const bool notValid = con.value(QStringLiteral("skip_validation")).toBool();
        if (contype == QLatin1String("CONSTR_CHECK")) {
            lock(rel, kAccessExclusive);
            if (!notValid && !fresh)
                add(HazardRule::ScanUnderLock, HazardLevel::Warning, rel, kAccessExclusive,
                    QStringLiteral("ADD CONSTRAINT %1 CHECK reads every row of %2 to validate it while holding ACCESS EXCLUSIVE").arg(label, rel.display()),
                    QStringLiteral("ADD CONSTRAINT %1 ... NOT VALID (instant), then ALTER TABLE %2 VALIDATE CONSTRAINT %1 (SHARE UPDATE EXCLUSIVE: writes go on)")
                        .arg(name.isEmpty() ? QStringLiteral("name") : name, rel.display()));
        } else if (contype == QLatin1String("CONSTR_FOREIGN")) {
            const Relation referenced = parsetree::relation(con.value(QStringLiteral("pktable")).toObject());
            lock(rel, kShareRowExclusive);
            lock(referenced, kShareRowExclusive);
            if (!notValid && !fresh)
                add(HazardRule::ScanUnderLock, HazardLevel::Warning, rel, kShareRowExclusive,
                    QStringLiteral("FOREIGN KEY %1 reads every row of %2 and looks each up in %3, blocking writes to both").arg(label, rel.display(), referenced.display()),
                    QStringLiteral("ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later statement or revision"));
        } else if (contype == QLatin1String("CONSTR_PRIMARY") || contype == QLatin1String("CONSTR_UNIQUE")
                   || contype == QLatin1String("CONSTR_EXCLUSION")) {
            lock(rel, kAccessExclusive);
            if (!con.contains(QStringLiteral("indexname")) && !fresh)
                add(HazardRule::IndexWithoutConcurrently, HazardLevel::Warning, rel, kAccessExclusive,
                    QStringLiteral("%1 builds its index on %2 while holding ACCESS EXCLUSIVE: no reads or writes until it is built").arg(label, rel.display()),
                    QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY in a non-transactional revision, then ADD CONSTRAINT ... USING INDEX"));
        } else if (contype == QLatin1String("CONSTR_NOTNULL")) {
            lock(rel, kAccessExclusive);
        } else {
            lock(rel, kAccessExclusive);
        }
    }

    void createIndex(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        const bool concurrent = f.value(QStringLiteral("concurrent")).toBool();
        IndexFacts index{f.value(QStringLiteral("idxname")).toString(), f.value(QStringLiteral("accessMethod")).toString(QStringLiteral("btree")), {}};
        for (const QJsonValue &p : f.value(QStringLiteral("indexParams")).toArray()) {
            const QString column = parsetree::as(p, "IndexElem").value(QStringLiteral("name")).toString();
            if (!column.isEmpty())
                index.columns << column;
        }
        if (concurrent) {
            lock(rel, kShareUpdateExclusive);
            notInTransaction(QStringLiteral("CREATE INDEX CONCURRENTLY"));
        } else {
            lock(rel, kShare);
            if (!isNew(rel))
                add(HazardRule::IndexWithoutConcurrently, HazardLevel::Warning, rel, kShare,
                    QStringLiteral("CREATE INDEX %1 reads all of %2 and blocks its writes (SHARE lock) %3%4")
                        .arg(index.name, rel.display(), heldUntil(),
                             index.expensive() ? QStringLiteral("; a %1 index is slow to build").arg(index.method) : QString()),
                    QStringLiteral("CREATE INDEX CONCURRENTLY in a revision with '-- transactional: false' (writes go on while it builds)"));
        }
        TableFacts *t = m_model.table(rel.schema, rel.name);
        if (!t) {
            // A table the model never saw created (made by a DO block, or before the set).
            t = &m_model.addTable(rel.schema, rel.name);
            t->createdInStep = false;
        }
        t->indexes << index;
    }

    void drop(const QJsonObject &f)
    {
        const QString type = f.value(QStringLiteral("removeType")).toString();
        const bool concurrent = f.value(QStringLiteral("concurrent")).toBool();
        const bool cascade = f.value(QStringLiteral("behavior")).toString() == QLatin1String("DROP_CASCADE");
        for (const QJsonValue &o : f.value(QStringLiteral("objects")).toArray()) {
            const Relation rel = parsetree::relationFromNames(parsetree::strings(parsetree::as(o, "List").value(QStringLiteral("items")).toArray()));
            if (type == QLatin1String("OBJECT_TABLE") || type == QLatin1String("OBJECT_MATVIEW")) {
                lock(rel, kAccessExclusive);
                if (!isNew(rel) && type == QLatin1String("OBJECT_TABLE"))
                    add(HazardRule::DataDeletion, HazardLevel::Warning, rel, kAccessExclusive,
                        QStringLiteral("DROP TABLE %1 deletes its rows%2: the table can be created again, its rows cannot")
                            .arg(rel.display(), cascade ? QStringLiteral(" and, with CASCADE, whatever depends on it") : QString()),
                        QStringLiteral("rename or move the table aside (or keep a dump) and drop it in a later release, once the change is final"));
                m_model.dropTable(rel.schema, rel.name);
            } else if (type == QLatin1String("OBJECT_INDEX")) {
                const TableFacts *t = m_model.tableOfIndex(rel.schema, rel.name);
                const Relation table{t ? t->schema : QString(), t ? t->name : QString()};
                if (concurrent) {
                    lock(table, kShareUpdateExclusive);
                    notInTransaction(QStringLiteral("DROP INDEX CONCURRENTLY"));
                } else if (!t || !t->createdInStep) {
                    lock(table, kAccessExclusive);
                    add(HazardRule::IndexWithoutConcurrently, HazardLevel::Note, table, kAccessExclusive,
                        QStringLiteral("DROP INDEX %1 takes ACCESS EXCLUSIVE on %2 %3")
                            .arg(rel.display(), t ? table.display() : QStringLiteral("its table"), heldUntil()),
                        QStringLiteral("DROP INDEX CONCURRENTLY in a revision with '-- transactional: false'"));
                }
                m_model.dropIndex(rel.schema, rel.name);
            } else if (type == QLatin1String("OBJECT_SCHEMA") && cascade) {
                add(HazardRule::DataDeletion, HazardLevel::Warning, Relation{}, kAccessExclusive,
                    QStringLiteral("DROP SCHEMA %1 CASCADE deletes every table in it with its rows").arg(rel.name),
                    QStringLiteral("drop the schema's tables one by one, each after its data is no longer needed"));
            }
        }
    }

    void truncate(const QJsonObject &f)
    {
        for (const QJsonValue &r : f.value(QStringLiteral("relations")).toArray()) {
            const Relation rel = parsetree::relation(parsetree::as(r, "RangeVar"));
            lock(rel, kAccessExclusive);
            if (!isNew(rel))
                add(HazardRule::DataDeletion, HazardLevel::Warning, rel, kAccessExclusive,
                    QStringLiteral("TRUNCATE %1 deletes every row: no downgrade brings them back").arg(rel.display()),
                    QStringLiteral("copy the rows aside first, or delete only what must go"));
        }
    }

    void update(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        lock(rel, kRowExclusive);
        if (isNew(rel))
            return;
        QStringList columns;
        for (const QJsonValue &t : f.value(QStringLiteral("targetList")).toArray())
            columns << parsetree::as(t, "ResTarget").value(QStringLiteral("name")).toString();
        const QJsonValue where = f.value(QStringLiteral("whereClause"));
        const bool fromOthers = !f.value(QStringLiteral("fromClause")).toArray().isEmpty();
        const bool everyRow = where.isUndefined() || (fromOthers && onlyJoins(where));
        if (everyRow)
            add(HazardRule::EveryRowWrite, HazardLevel::Warning, rel, kRowExclusive,
                QStringLiteral("UPDATE of every row of %1%2 in one transaction: each row gets a new version, locked %3, and the table's size can double until VACUUM")
                    .arg(rel.display(), where.isUndefined() ? QString() : QStringLiteral(" (the WHERE only joins)"), heldUntil()),
                QStringLiteral("backfill in batches by key range, each in its own transaction (a '-- transactional: false' revision or a job), before adding constraints"));
        expensiveIndexWrite(rel, QStringLiteral("UPDATE of"), columns);
    }

    void deleteRows(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        lock(rel, kRowExclusive);
        if (isNew(rel) || f.contains(QStringLiteral("whereClause")))
            return;
        add(HazardRule::DataDeletion, HazardLevel::Warning, rel, kRowExclusive,
            QStringLiteral("DELETE without WHERE removes every row of %1 in one transaction: no downgrade brings them back").arg(rel.display()),
            QStringLiteral("copy the rows aside first; delete in batches by key range"));
    }

    void insert(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        lock(rel, kRowExclusive);
        // A backfill (INSERT ... SELECT) into a table with expensive indexes; single VALUES
        // rows are not worth a hazard.
        const QJsonObject select = parsetree::as(f.value(QStringLiteral("selectStmt")), "SelectStmt");
        if (!select.value(QStringLiteral("fromClause")).toArray().isEmpty())
            expensiveIndexWrite(rel, QStringLiteral("INSERT ... SELECT into"), {});
    }

    void createTable(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        TableFacts &t = m_model.addTable(rel.schema, rel.name);
        for (const QJsonValue &e : f.value(QStringLiteral("tableElts")).toArray()) {
            const QJsonObject def = parsetree::as(e, "ColumnDef");
            if (!def.isEmpty())
                t.columnTypes.insert(def.value(QStringLiteral("colname")).toString(), typeText(def.value(QStringLiteral("typeName")).toObject()));
        }
    }

    void rename(const QJsonObject &f)
    {
        const QString type = f.value(QStringLiteral("renameType")).toString();
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        if (type == QLatin1String("OBJECT_TABLE") || type == QLatin1String("OBJECT_COLUMN")) {
            lock(rel, kAccessExclusive);
            if (type == QLatin1String("OBJECT_TABLE")) {
                if (TableFacts *t = m_model.table(rel.schema, rel.name))
                    t->name = f.value(QStringLiteral("newname")).toString();
            }
        }
    }

    void vacuum(const QJsonObject &f)
    {
        const bool isVacuum = f.value(QStringLiteral("is_vacuumcmd")).toBool();
        bool full = false;
        for (const QJsonValue &o : f.value(QStringLiteral("options")).toArray())
            full = full || parsetree::as(o, "DefElem").value(QStringLiteral("defname")).toString() == QLatin1String("full");
        if (isVacuum)
            notInTransaction(QStringLiteral("VACUUM"));
        for (const QJsonValue &r : f.value(QStringLiteral("rels")).toArray()) {
            const Relation rel = parsetree::relation(parsetree::as(r, "VacuumRelation").value(QStringLiteral("relation")).toObject());
            lock(rel, full ? kAccessExclusive : kShareUpdateExclusive);
            if (full)
                add(HazardRule::TableRewrite, HazardLevel::Warning, rel, kAccessExclusive,
                    QStringLiteral("VACUUM FULL rewrites %1 under ACCESS EXCLUSIVE").arg(rel.display()),
                    QStringLiteral("plain VACUUM, or pg_repack, which rewrites without blocking"));
        }
    }

    void cluster(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        if (rel.name.isEmpty()) {
            notInTransaction(QStringLiteral("CLUSTER without a table"));
            return;
        }
        lock(rel, kAccessExclusive);
        add(HazardRule::TableRewrite, HazardLevel::Warning, rel, kAccessExclusive,
            QStringLiteral("CLUSTER rewrites %1 in index order under ACCESS EXCLUSIVE").arg(rel.display()),
            QStringLiteral("pg_repack --order-by, which rewrites without blocking"));
    }

    void reindex(const QJsonObject &f)
    {
        bool concurrent = false;
        for (const QJsonValue &o : f.value(QStringLiteral("params")).toArray())
            concurrent = concurrent || parsetree::as(o, "DefElem").value(QStringLiteral("defname")).toString() == QLatin1String("concurrently");
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        if (concurrent) {
            notInTransaction(QStringLiteral("REINDEX CONCURRENTLY"));
            return;
        }
        lock(rel, kShare);
        add(HazardRule::IndexWithoutConcurrently, HazardLevel::Warning, rel, kShare,
            QStringLiteral("REINDEX of %1 blocks writes to the table while the index is rebuilt").arg(rel.display()),
            QStringLiteral("REINDEX ... CONCURRENTLY in a revision with '-- transactional: false'"));
    }

    void refresh(const QJsonObject &f)
    {
        const Relation rel = parsetree::relation(f.value(QStringLiteral("relation")).toObject());
        if (f.value(QStringLiteral("concurrent")).toBool()) {
            lock(rel, QStringLiteral("ExclusiveLock"));
            return;
        }
        lock(rel, kAccessExclusive);
        add(HazardRule::AccessExclusiveLock, HazardLevel::Warning, rel, kAccessExclusive,
            QStringLiteral("REFRESH MATERIALIZED VIEW %1 blocks every read of it until the refresh ends").arg(rel.display()),
            QStringLiteral("REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)"));
    }

    const StepContext &m_context;
    SchemaModel &m_model;
    StatementHazards m_out;
};

} // namespace

StatementHazards analyseStatement(const SqlStatement &statement, const StepContext &context, SchemaModel &model)
{
    auto tree = parsetree::parse(statement.sql);
    if (!tree || tree->isEmpty()) {
        StatementHazards none;
        none.file = context.file;
        none.line = statement.line;
        none.statement = statement.sql;
        return none;
    }
    return Analyser(statement, context, model).run(tree->first().toObject().value(QStringLiteral("stmt")).toObject());
}

} // namespace revisor
