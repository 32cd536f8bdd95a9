#include "relationnames.h"

#include <QRegularExpression>

namespace revisor {

namespace {

// The kinds as the lock readers word them, so a named dropped relation reads like the others.
const char *const kRelationNamesSql =
    "SELECT c.oid::bigint, quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
    "       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'"
    "            WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
    "            WHEN 't' THEN 'toast table' WHEN 'f' THEN 'foreign table' ELSE c.relkind::text END "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

// The readers' placeholder for a relation their transaction cannot see: "(oid 16384)".
std::optional<qint64> droppedOid(const QString &relation)
{
    static const QRegularExpression placeholder(QStringLiteral("^\\(oid (\\d+)\\)$"));
    const QRegularExpressionMatch m = placeholder.match(relation);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong();
}

template <typename Lock>
void name(Lock &lock, const RelationNames &names)
{
    const auto oid = droppedOid(lock.relation);
    if (!oid)
        return;
    const auto it = names.constFind(*oid);
    if (it == names.cend())
        return;
    lock.relation = it->name;
    lock.kind = QStringLiteral("%1 (dropped)").arg(it->kind);
}

} // namespace

Result<RelationNames> readRelationNames(Session &session)
{
    auto rows = session.exec(QString::fromLatin1(kRelationNamesSql));
    if (!rows)
        return fail(rows.error());
    RelationNames names;
    names.reserve(rows->rows.size());
    for (const QStringList &r : rows->rows)
        names.insert(r.value(0).toLongLong(), RelationName{r.value(1), r.value(2)});
    return names;
}

void nameDroppedRelations(StepResult &step, const RelationNames &names)
{
    if (names.isEmpty())
        return;
    for (LockInfo &lock : step.locks)
        name(lock, names);
    for (StatementRun &run : step.statements) {
        for (ObservedLock &lock : run.locks)
            name(lock, names);
    }
}

RunObserver namingDroppedRelations(RunObserver observer, const RelationNames *names)
{
    if (observer.stepFinished) {
        observer.stepFinished = [names, told = observer.stepFinished](const StepResult &step) {
            StepResult named = step;
            nameDroppedRelations(named, *names);
            told(named);
        };
    }
    return observer;
}

} // namespace revisor
