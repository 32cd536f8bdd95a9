#include "hazard.h"

#include <QJsonArray>

#include <algorithm>

namespace revisor {

namespace {

struct RuleInfo
{
    HazardRule rule;
    const char *id;
    const char *summary;
};

const RuleInfo kRules[] = {
    {HazardRule::AccessExclusiveLock, "access-exclusive-lock",
     "takes an ACCESS EXCLUSIVE lock: every read and write of the table waits, and so does everything queued behind it"},
    {HazardRule::TableRewrite, "table-rewrite",
     "rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock"},
    {HazardRule::ScanUnderLock, "scan-under-lock",
     "reads every row of the table while holding a lock that blocks writes"},
    {HazardRule::ValidateScan, "validate-scan",
     "reads every row of the table; reads and writes go on meanwhile"},
    {HazardRule::IndexWithoutConcurrently, "index-without-concurrently",
     "builds or drops an index without CONCURRENTLY, blocking writes to the table meanwhile"},
    {HazardRule::EveryRowWrite, "every-row-write",
     "updates or deletes every row of the table in one transaction"},
    {HazardRule::ExpensiveIndexWrite, "expensive-index-write",
     "writes rows of a table with expensive indexes (HNSW, IVFFlat, GIN, GiST): every new row version is inserted into each"},
    {HazardRule::DataDeletion, "data-deletion",
     "deletes data (DROP TABLE, DROP COLUMN, TRUNCATE, DELETE of every row) that a downgrade cannot bring back"},
    {HazardRule::NotInTransaction, "not-in-transaction",
     "cannot run inside a transaction block"},
    {HazardRule::Irreversible, "irreversible",
     "the revision cannot be downgraded"},
};

const char *const kLevels[] = {"note", "warning", "error"};

} // namespace

QJsonObject PredictedLock::toJson() const
{
    return {{QStringLiteral("table"), table}, {QStringLiteral("mode"), mode}};
}

PredictedLock PredictedLock::fromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("table")).toString(), o.value(QStringLiteral("mode")).toString()};
}

QString Hazard::ruleIdOf(HazardRule rule)
{
    for (const RuleInfo &r : kRules) {
        if (r.rule == rule)
            return QLatin1String(r.id);
    }
    return {};
}

HazardRule Hazard::ruleFromId(const QString &id)
{
    for (const RuleInfo &r : kRules) {
        if (id == QLatin1String(r.id))
            return r.rule;
    }
    return HazardRule::AccessExclusiveLock;
}

QString Hazard::ruleSummary(HazardRule rule)
{
    for (const RuleInfo &r : kRules) {
        if (r.rule == rule)
            return QLatin1String(r.summary);
    }
    return {};
}

QList<HazardRule> Hazard::allRules()
{
    QList<HazardRule> rules;
    for (const RuleInfo &r : kRules)
        rules << r.rule;
    return rules;
}

QString Hazard::levelNameOf(HazardLevel level)
{
    return QLatin1String(kLevels[int(level)]);
}

HazardLevel Hazard::levelFromName(const QString &name)
{
    for (int i = 0; i < 3; ++i) {
        if (name == QLatin1String(kLevels[i]))
            return HazardLevel(i);
    }
    return HazardLevel::Note;
}

QString Hazard::toText() const
{
    QString text = QStringLiteral("%1:%2: %3 [%4]").arg(file).arg(line).arg(levelName(), ruleId());
    if (!table.isEmpty())
        text += QLatin1Char(' ') + table;
    if (rows >= 0)
        text += QStringLiteral(" (%1 rows)").arg(rows);
    return text + QStringLiteral(": ") + explanation;
}

QJsonObject Hazard::toJson() const
{
    QJsonObject o{{QStringLiteral("rule"), ruleId()},
                  {QStringLiteral("level"), levelName()},
                  {QStringLiteral("table"), table},
                  {QStringLiteral("lock_mode"), lockMode},
                  {QStringLiteral("explanation"), explanation},
                  {QStringLiteral("safer_pattern"), saferPattern},
                  {QStringLiteral("revision"), revision},
                  {QStringLiteral("direction"), direction},
                  {QStringLiteral("file"), file},
                  {QStringLiteral("line"), line},
                  {QStringLiteral("statement"), statement},
                  {QStringLiteral("rows"), double(rows)},
                  {QStringLiteral("indexes"), QJsonArray::fromStringList(indexes)},
                  {QStringLiteral("score"), score}};
    return o;
}

Hazard Hazard::fromJson(const QJsonObject &o)
{
    Hazard h;
    h.rule = ruleFromId(o.value(QStringLiteral("rule")).toString());
    h.level = levelFromName(o.value(QStringLiteral("level")).toString());
    h.table = o.value(QStringLiteral("table")).toString();
    h.lockMode = o.value(QStringLiteral("lock_mode")).toString();
    h.explanation = o.value(QStringLiteral("explanation")).toString();
    h.saferPattern = o.value(QStringLiteral("safer_pattern")).toString();
    h.revision = o.value(QStringLiteral("revision")).toString();
    h.direction = o.value(QStringLiteral("direction")).toString();
    h.file = o.value(QStringLiteral("file")).toString();
    h.line = o.value(QStringLiteral("line")).toInt();
    h.statement = o.value(QStringLiteral("statement")).toString();
    h.rows = qint64(o.value(QStringLiteral("rows")).toDouble(-1));
    for (const QJsonValue &v : o.value(QStringLiteral("indexes")).toArray())
        h.indexes << v.toString();
    h.score = o.value(QStringLiteral("score")).toDouble();
    return h;
}

QList<Hazard> StepHazards::ranking() const
{
    QList<Hazard> all;
    for (const StatementHazards &s : statements)
        all << s.hazards;
    // Stable: equal scores keep statement order, so the file reads top to bottom.
    std::stable_sort(all.begin(), all.end(), [](const Hazard &a, const Hazard &b) { return a.score > b.score; });
    return all;
}

int StepHazards::count(HazardLevel level) const
{
    int n = 0;
    for (const StatementHazards &s : statements)
        n += int(std::count_if(s.hazards.cbegin(), s.hazards.cend(), [level](const Hazard &h) { return h.level == level; }));
    return n;
}

QJsonObject StepHazards::toJson() const
{
    QJsonArray stmts;
    for (const StatementHazards &s : statements) {
        QJsonArray locks;
        for (const PredictedLock &l : s.locks)
            locks << l.toJson();
        QJsonArray hazards;
        for (const Hazard &h : s.hazards)
            hazards << h.toJson();
        stmts << QJsonObject{{QStringLiteral("file"), s.file},
                             {QStringLiteral("line"), s.line},
                             {QStringLiteral("statement"), s.statement},
                             {QStringLiteral("predicted_locks"), locks},
                             {QStringLiteral("hazards"), hazards}};
    }
    return {{QStringLiteral("revision"), revision},
            {QStringLiteral("direction"), direction},
            {QStringLiteral("ranked_by_capture"), ranked},
            {QStringLiteral("statements"), stmts}};
}

StepHazards StepHazards::fromJson(const QJsonObject &o)
{
    StepHazards step;
    step.revision = o.value(QStringLiteral("revision")).toString();
    step.direction = o.value(QStringLiteral("direction")).toString();
    step.ranked = o.value(QStringLiteral("ranked_by_capture")).toBool();
    for (const QJsonValue &v : o.value(QStringLiteral("statements")).toArray()) {
        const QJsonObject so = v.toObject();
        StatementHazards s;
        s.file = so.value(QStringLiteral("file")).toString();
        s.line = so.value(QStringLiteral("line")).toInt();
        s.statement = so.value(QStringLiteral("statement")).toString();
        for (const QJsonValue &l : so.value(QStringLiteral("predicted_locks")).toArray())
            s.locks << PredictedLock::fromJson(l.toObject());
        for (const QJsonValue &h : so.value(QStringLiteral("hazards")).toArray())
            s.hazards << Hazard::fromJson(h.toObject());
        step.statements << s;
    }
    return step;
}

} // namespace revisor
