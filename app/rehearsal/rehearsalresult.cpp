#include "rehearsalresult.h"

#include <QJsonArray>

#include <algorithm>

namespace revisor {

namespace {

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, QString> mapFromJson(const QJsonObject &o)
{
    QMap<QString, QString> map;
    for (auto it = o.begin(); it != o.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

} // namespace

QJsonObject Budgets::toJson() const
{
    return {{QStringLiteral("rollback_ms"), rollbackMs}, {QStringLiteral("scenario_ms"), scenarioMs}};
}

Budgets Budgets::fromJson(const QJsonObject &json)
{
    Budgets b;
    b.rollbackMs = json.value(QStringLiteral("rollback_ms")).toDouble(b.rollbackMs);
    b.scenarioMs = json.value(QStringLiteral("scenario_ms")).toDouble(b.scenarioMs);
    return b;
}

bool RehearsalResult::passed() const
{
    return !error && count(CheckResult::Status::Fail) == 0;
}

QString RehearsalResult::headline() const
{
    if (error)
        return QStringLiteral("FAIL: %1").arg(describeStop(phases, baselineRevision, targetRevision, &*error, setDirectory));
    QStringList failing;
    for (const CheckResult &c : checks) {
        if (c.failed())
            failing << c.id;
    }
    if (failing.isEmpty()) {
        const int skipped = count(CheckResult::Status::Skip);
        return skipped == 0 ? QStringLiteral("PASS: %1 checks passed").arg(checks.size() - count(CheckResult::Status::Warn))
                                  + (count(CheckResult::Status::Warn) ? QStringLiteral(", %1 with warnings").arg(count(CheckResult::Status::Warn)) : QString())
                            : QStringLiteral("PASS: no check failed (%1 skipped)").arg(skipped);
    }
    const qsizetype shown = qMin<qsizetype>(failing.size(), 5);
    QString ids = failing.mid(0, shown).join(QStringLiteral(", "));
    if (failing.size() > shown)
        ids += QStringLiteral(" and %1 more").arg(failing.size() - shown);
    return QStringLiteral("FAIL: %1 of %2 checks failed: %3").arg(QString::number(failing.size()), QString::number(checks.size()), ids);
}

int RehearsalResult::count(CheckResult::Status status) const
{
    return int(std::count_if(checks.cbegin(), checks.cend(), [status](const CheckResult &c) { return c.status == status; }));
}

QList<StepResult> RehearsalResult::allSteps() const
{
    QList<StepResult> steps;
    for (const Phase &p : phases)
        steps << p.steps;
    return steps;
}

QJsonObject RehearsalResult::toJson() const
{
    QJsonArray steps;
    for (const Phase &p : phases) {
        for (const StepResult &s : p.steps) {
            QJsonObject o = s.toJson();
            o.insert(QStringLiteral("phase"), p.name);
            steps.append(o);
        }
    }
    QJsonArray phaseArray;
    for (const Phase &p : phases)
        phaseArray.append(QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("duration_ms"), p.durationMs},
                                      {QStringLiteral("steps"), int(p.steps.size())}});
    QJsonArray checkArray;
    for (const CheckResult &c : checks)
        checkArray.append(c.toJson());
    QJsonArray tableArray;
    for (const TableComparison &t : tables) {
        QJsonObject o = t.toJson();
        o.insert(QStringLiteral("name"), t.table);
        o.insert(QStringLiteral("rows_upgraded"), rowsUpgraded.contains(t.table) ? QJsonValue(double(rowsUpgraded.value(t.table))) : QJsonValue());
        tableArray.append(o);
    }
    QJsonArray rolledBack = rollbackDiff.toJson();
    for (qsizetype i = 0; i < rolledBack.size() && i < rollbackCauses.size(); ++i) {
        QJsonArray causes;
        for (const DiffCause &c : rollbackCauses.at(i))
            causes.append(c.toJson());
        QJsonObject entry = rolledBack.at(i).toObject();
        entry.insert(QStringLiteral("causes"), causes);
        rolledBack.replace(i, entry);
    }
    QJsonArray captureArray;
    for (const CaptureCost &c : captures) {
        QJsonArray perTable;
        for (auto it = c.tables.cbegin(); it != c.tables.cend(); ++it) {
            QJsonObject table{{QStringLiteral("name"), it.key()}, {QStringLiteral("duration_ms"), it->ms},
                              {QStringLiteral("connections"), it->connections}};
            if (!it->reusedFrom.isEmpty())
                table.insert(QStringLiteral("reused_from"), it->reusedFrom);
            perTable.append(table);
        }
        QJsonObject capture{{QStringLiteral("point"), c.point}, {QStringLiteral("duration_ms"), c.ms},
                            {QStringLiteral("schema_ms"), c.schemaMs}, {QStringLiteral("data_ms"), c.dataMs},
                            {QStringLiteral("tables"), perTable}};
        if (!c.note.isEmpty())
            capture.insert(QStringLiteral("note"), c.note);
        captureArray.append(capture);
    }
    QJsonObject summary{{QStringLiteral("checks"), int(checks.size())},
                        {QStringLiteral("passed"), count(CheckResult::Status::Pass)},
                        {QStringLiteral("failed"), count(CheckResult::Status::Fail)},
                        {QStringLiteral("warnings"), count(CheckResult::Status::Warn)},
                        {QStringLiteral("skipped"), count(CheckResult::Status::Skip)}};
    QJsonObject o{{QStringLiteral("format"), QString::fromLatin1(Format)},
                  {QStringLiteral("verdict"), passed() ? QStringLiteral("pass") : QStringLiteral("fail")},
                  {QStringLiteral("headline"), headline()},
                  {QStringLiteral("summary"), summary},
                  {QStringLiteral("set"), QJsonObject{{QStringLiteral("name"), setName}, {QStringLiteral("directory"), setDirectory}}},
                  {QStringLiteral("server"), QJsonObject{{QStringLiteral("version"), serverVersion},
                                                         {QStringLiteral("pgvector"), pgvector},
                                                         {QStringLiteral("database"), database},
                                                         {QStringLiteral("settings"), mapToJson(sessionSettings)}}},
                  {QStringLiteral("scenario"), QJsonObject{{QStringLiteral("baseline"), baselineRevision.id()},
                                                           {QStringLiteral("target"), targetRevision.id()},
                                                           {QStringLiteral("final"), finalRevision.id()},
                                                           {QStringLiteral("seed"), seed},
                                                           {QStringLiteral("seed_parameters"), mapToJson(seedParameters)},
                                                           {QStringLiteral("started_at"), startedAt.toString(Qt::ISODateWithMs)},
                                                           {QStringLiteral("duration_ms"), scenarioMs}}},
                  {QStringLiteral("budgets"), budgets.toJson()},
                  {QStringLiteral("phases"), phaseArray},
                  {QStringLiteral("steps"), steps},
                  {QStringLiteral("probes"), QJsonObject{{QStringLiteral("downgrade"), downgradeProbe.toJson()},
                                                         {QStringLiteral("reupgrade"), reupgradeProbe.toJson()}}},
                  {QStringLiteral("captures"), captureArray},
                  {QStringLiteral("checks"), checkArray},
                  {QStringLiteral("tables"), tableArray},
                  {QStringLiteral("diffs"), QJsonObject{{QStringLiteral("baseline_to_upgraded"), upgradeDiff.toJson()},
                                                        {QStringLiteral("baseline_to_rolled_back"), rolledBack}}}};
    QJsonArray hazardArray;
    for (const StepHazards &h : hazards)
        hazardArray.append(h.toJson());
    o.insert(QStringLiteral("hazards"), hazardArray);
    o.insert(QStringLiteral("lock_threshold_ms"), lockThresholdMs);
    if (error)
        o.insert(QStringLiteral("error"), error->toJson());
    return o;
}

Result<RehearsalResult> RehearsalResult::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(Format))
        return fail(Error::input(QString(), 0, QStringLiteral("not a %1 document").arg(QLatin1String(Format))));
    RehearsalResult r;
    const QJsonObject set = json.value(QStringLiteral("set")).toObject();
    r.setName = set.value(QStringLiteral("name")).toString();
    r.setDirectory = set.value(QStringLiteral("directory")).toString();
    const QJsonObject server = json.value(QStringLiteral("server")).toObject();
    r.serverVersion = server.value(QStringLiteral("version")).toString();
    r.pgvector = server.value(QStringLiteral("pgvector")).toBool();
    r.database = server.value(QStringLiteral("database")).toString();
    r.sessionSettings = mapFromJson(server.value(QStringLiteral("settings")).toObject());
    const QJsonObject sc = json.value(QStringLiteral("scenario")).toObject();
    r.baselineRevision = RevisionRef(sc.value(QStringLiteral("baseline")).toString());
    r.targetRevision = RevisionRef(sc.value(QStringLiteral("target")).toString());
    r.finalRevision = RevisionRef(sc.value(QStringLiteral("final")).toString());
    r.seed = sc.value(QStringLiteral("seed")).toString();
    r.seedParameters = mapFromJson(sc.value(QStringLiteral("seed_parameters")).toObject());
    r.startedAt = QDateTime::fromString(sc.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    r.scenarioMs = sc.value(QStringLiteral("duration_ms")).toDouble();
    r.budgets = Budgets::fromJson(json.value(QStringLiteral("budgets")).toObject());
    for (const auto &v : json.value(QStringLiteral("phases")).toArray()) {
        const QJsonObject p = v.toObject();
        r.phases << Phase{p.value(QStringLiteral("name")).toString(), {}, p.value(QStringLiteral("duration_ms")).toDouble()};
    }
    for (const auto &v : json.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString phase = s.value(QStringLiteral("phase")).toString();
        for (Phase &p : r.phases) {
            if (p.name == phase)
                p.steps << StepResult::fromJson(s);
        }
    }
    const QJsonObject probes = json.value(QStringLiteral("probes")).toObject();
    r.downgradeProbe = ProbeResult::fromJson(probes.value(QStringLiteral("downgrade")).toObject());
    r.reupgradeProbe = ProbeResult::fromJson(probes.value(QStringLiteral("reupgrade")).toObject());
    for (const auto &v : json.value(QStringLiteral("captures")).toArray()) {
        const QJsonObject o = v.toObject();
        CaptureCost c{o.value(QStringLiteral("point")).toString(), o.value(QStringLiteral("duration_ms")).toDouble(),
                      o.value(QStringLiteral("schema_ms")).toDouble(), o.value(QStringLiteral("data_ms")).toDouble(), {},
                      o.value(QStringLiteral("note")).toString()};
        for (const auto &t : o.value(QStringLiteral("tables")).toArray()) {
            const QJsonObject to = t.toObject();
            c.tables.insert(to.value(QStringLiteral("name")).toString(),
                            {to.value(QStringLiteral("duration_ms")).toDouble(), to.value(QStringLiteral("connections")).toInt(1),
                             to.value(QStringLiteral("reused_from")).toString()});
        }
        r.captures << c;
    }
    for (const auto &v : json.value(QStringLiteral("checks")).toArray())
        r.checks << CheckResult::fromJson(v.toObject());
    for (const auto &v : json.value(QStringLiteral("tables")).toArray()) {
        auto t = TableComparison::fromJson(v.toObject());
        if (!t)
            return fail(t.error());
        r.tables << *t;
        const QJsonValue up = v.toObject().value(QStringLiteral("rows_upgraded"));
        if (!up.isNull() && !up.isUndefined())
            r.rowsUpgraded.insert(t->table, qint64(up.toDouble()));
    }
    const QJsonObject diffs = json.value(QStringLiteral("diffs")).toObject();
    auto up = SchemaDiff::fromJson(diffs.value(QStringLiteral("baseline_to_upgraded")).toArray());
    auto back = SchemaDiff::fromJson(diffs.value(QStringLiteral("baseline_to_rolled_back")).toArray());
    if (!up)
        return fail(up.error());
    if (!back)
        return fail(back.error());
    r.upgradeDiff = *up;
    r.rollbackDiff = *back;
    const QJsonArray rolledBack = diffs.value(QStringLiteral("baseline_to_rolled_back")).toArray();
    if (std::any_of(rolledBack.begin(), rolledBack.end(), [](const QJsonValue &v) { return v.toObject().contains(QStringLiteral("causes")); })) {
        for (const QJsonValue &v : rolledBack) {
            QList<DiffCause> causes;
            for (const QJsonValue &c : v.toObject().value(QStringLiteral("causes")).toArray())
                causes << DiffCause::fromJson(c.toObject());
            r.rollbackCauses << causes;
        }
    }
    r.lockThresholdMs = json.value(QStringLiteral("lock_threshold_ms")).toDouble(1000);
    for (const auto &v : json.value(QStringLiteral("hazards")).toArray())
        r.hazards << StepHazards::fromJson(v.toObject());
    if (json.contains(QStringLiteral("error")))
        r.error = Error::fromJson(json.value(QStringLiteral("error")).toObject());
    return r;
}

} // namespace revisor
