#include "scalerun.h"

#include "db/session.h"
#include "rehearsal/databasereset.h"
#include "rehearsal/rehearsal.h"
#include "runner/runner.h"
#include "runner/seedrunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace revisor {

namespace {

// The user table with the most rows after the seed (by the planner's estimate once ANALYZE
// has run), then counted exactly. The estimate only picks the table.
const char *const kLargestTableSql =
    "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
    "ORDER BY c.reltuples DESC, 1 LIMIT 1";

double longestExclusive(const QList<StepResult> &steps, const QString &table)
{
    double longest = 0;
    for (const StepResult &s : steps) {
        for (const StepResult::LongLock &l : s.locksHeldOver(0)) {
            if (l.lock.relation == table)
                longest = std::max(longest, l.lock.heldMs);
        }
    }
    return longest;
}

double totalMs(const QList<StepResult> &steps)
{
    double ms = 0;
    for (const StepResult &s : steps)
        ms += s.durationMs;
    return ms;
}

QJsonObject mapJson(const QMap<QString, QString> &map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QString duration(double ms)
{
    if (ms >= 3600000)
        return QStringLiteral("%1 h").arg(ms / 3600000, 0, 'f', 1);
    if (ms >= 60000)
        return QStringLiteral("%1 min").arg(ms / 60000, 0, 'f', 1);
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 1);
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', 0);
}

} // namespace

QJsonObject ScalePoint::toJson() const
{
    QJsonArray up, down;
    for (const StepResult &s : upgrade)
        up << s.toJson();
    for (const StepResult &s : downgrade)
        down << s.toJson();
    return {{QStringLiteral("parameters"), mapJson(parameters)}, {QStringLiteral("rows_table"), rowsTable},
            {QStringLiteral("rows"), double(rows)}, {QStringLiteral("seed_ms"), seedMs},
            {QStringLiteral("upgrade_ms"), upgradeMs}, {QStringLiteral("downgrade_ms"), downgradeMs},
            {QStringLiteral("upgrade_access_exclusive_ms"), upgradeExclusiveMs},
            {QStringLiteral("downgrade_access_exclusive_ms"), downgradeExclusiveMs},
            {QStringLiteral("upgrade_steps"), up}, {QStringLiteral("downgrade_steps"), down}};
}

void ScaleRun::fit(int usePoints)
{
    const qsizetype n = usePoints < 0 ? points.size() : std::min<qsizetype>(usePoints, points.size());
    QList<std::pair<double, double>> up, down, upLock, downLock;
    for (qsizetype i = 0; i < n; ++i) {
        const ScalePoint &p = points.at(i);
        up.append({double(p.rows), p.upgradeMs});
        down.append({double(p.rows), p.downgradeMs});
        upLock.append({double(p.rows), p.upgradeExclusiveMs});
        downLock.append({double(p.rows), p.downgradeExclusiveMs});
    }
    upgradeFit = fitGrowth(up);
    downgradeFit = fitGrowth(down);
    upgradeExclusiveFit = fitGrowth(upLock);
    downgradeExclusiveFit = fitGrowth(downLock);
    // Statements are matched across volumes by direction, file and line: the same SQL ran.
    statements.clear();
    for (qsizetype i = 0; i < n; ++i) {
        for (const auto &[direction, steps] : {std::pair{QStringLiteral("up"), points.at(i).upgrade},
                                               std::pair{QStringLiteral("down"), points.at(i).downgrade}}) {
            for (const StepResult &step : steps) {
                for (const StatementRun &run : step.statements) {
                    auto it = std::find_if(statements.begin(), statements.end(), [&](const StatementFit &f) {
                        return f.direction == direction && f.file == run.file && f.line == run.line;
                    });
                    if (it == statements.end()) {
                        statements << StatementFit{direction, run.file, run.line, run.sql, QList<double>(n, 0.0), {}};
                        it = statements.end() - 1;
                    }
                    it->ms[i] = run.durationMs;
                }
            }
        }
    }
    for (StatementFit &s : statements) {
        QList<std::pair<double, double>> pts;
        for (qsizetype i = 0; i < n; ++i)
            pts.append({double(points.at(i).rows), s.ms.at(i)});
        s.fit = fitGrowth(pts);
    }
    std::stable_sort(statements.begin(), statements.end(), [](const StatementFit &a, const StatementFit &b) {
        return a.ms.value(a.ms.size() - 1) > b.ms.value(b.ms.size() - 1);
    });
}

QString ScaleRun::extrapolate(double rows) const
{
    if (points.isEmpty())
        return QStringLiteral("no volume was measured");
    const QString table = points.constLast().rowsTable;
    const double largest = double(points.constLast().rows);
    QString text = QStringLiteral("at %L1 rows of %2: upgrade about %3 (%4)").arg(qint64(rows)).arg(table, duration(upgradeFit.predict(rows)),
                                                                                   upgradeFit.growthName());
    // A lock is held within its step: a hold fitted on small, noisy times cannot outgrow it.
    const double upHold = std::min(upgradeExclusiveFit.predict(rows), upgradeFit.predict(rows));
    const double downHold = std::min(downgradeExclusiveFit.predict(rows), downgradeFit.predict(rows));
    if (upHold >= 1000)
        text += QStringLiteral(", holds ACCESS EXCLUSIVE on %1 about %2").arg(table, duration(upHold));
    text += QStringLiteral("; downgrade about %1 (%2)").arg(duration(downgradeFit.predict(rows)), downgradeFit.growthName());
    if (downHold >= 1000)
        text += QStringLiteral(", holds ACCESS EXCLUSIVE on %1 about %2").arg(table, duration(downHold));
    text += QStringLiteral(".\n  upgrade: %1\n  downgrade: %2")
                .arg(extrapolationUncertainty(upgradeFit, largest, rows), extrapolationUncertainty(downgradeFit, largest, rows));
    return text;
}

QJsonObject ScaleRun::toJson() const
{
    QJsonArray pts, stmts;
    for (const ScalePoint &p : points)
        pts << p.toJson();
    for (const StatementFit &s : statements) {
        QJsonArray ms;
        for (double v : s.ms)
            ms << v;
        stmts << QJsonObject{{QStringLiteral("direction"), s.direction}, {QStringLiteral("file"), s.file}, {QStringLiteral("line"), s.line},
                             {QStringLiteral("sql"), s.sql}, {QStringLiteral("ms"), ms}, {QStringLiteral("fit"), s.fit.toJson()}};
    }
    return {{QStringLiteral("format"), QString::fromLatin1(Format)},
            {QStringLiteral("label"), label},
            {QStringLiteral("set"), setName},
            {QStringLiteral("database"), database},
            {QStringLiteral("server_version"), serverVersion},
            {QStringLiteral("pgvector"), pgvector},
            {QStringLiteral("baseline"), baseline.id()},
            {QStringLiteral("target"), target.id()},
            {QStringLiteral("seed"), seed},
            {QStringLiteral("started_at"), startedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("points"), pts},
            {QStringLiteral("fits"), QJsonObject{{QStringLiteral("upgrade"), upgradeFit.toJson()},
                                                 {QStringLiteral("downgrade"), downgradeFit.toJson()},
                                                 {QStringLiteral("upgrade_access_exclusive"), upgradeExclusiveFit.toJson()},
                                                 {QStringLiteral("downgrade_access_exclusive"), downgradeExclusiveFit.toJson()}}},
            {QStringLiteral("statements"), stmts}};
}

Result<ScaleRun> ScaleRun::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(Format))
        return fail(Error::input(QString(), 0, QStringLiteral("not a %1 document").arg(QLatin1String(Format))));
    ScaleRun run;
    run.label = json.value(QStringLiteral("label")).toString();
    run.setName = json.value(QStringLiteral("set")).toString();
    run.database = json.value(QStringLiteral("database")).toString();
    run.serverVersion = json.value(QStringLiteral("server_version")).toString();
    run.pgvector = json.value(QStringLiteral("pgvector")).toBool();
    run.baseline = RevisionRef(json.value(QStringLiteral("baseline")).toString());
    run.target = RevisionRef(json.value(QStringLiteral("target")).toString());
    run.seed = json.value(QStringLiteral("seed")).toString();
    run.startedAt = QDateTime::fromString(json.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    for (const QJsonValue &v : json.value(QStringLiteral("points")).toArray()) {
        const QJsonObject o = v.toObject();
        ScalePoint p;
        const QJsonObject params = o.value(QStringLiteral("parameters")).toObject();
        for (auto it = params.begin(); it != params.end(); ++it)
            p.parameters.insert(it.key(), it.value().toString());
        p.rowsTable = o.value(QStringLiteral("rows_table")).toString();
        p.rows = qint64(o.value(QStringLiteral("rows")).toDouble());
        p.seedMs = o.value(QStringLiteral("seed_ms")).toDouble();
        p.upgradeMs = o.value(QStringLiteral("upgrade_ms")).toDouble();
        p.downgradeMs = o.value(QStringLiteral("downgrade_ms")).toDouble();
        p.upgradeExclusiveMs = o.value(QStringLiteral("upgrade_access_exclusive_ms")).toDouble();
        p.downgradeExclusiveMs = o.value(QStringLiteral("downgrade_access_exclusive_ms")).toDouble();
        for (const QJsonValue &s : o.value(QStringLiteral("upgrade_steps")).toArray())
            p.upgrade << StepResult::fromJson(s.toObject());
        for (const QJsonValue &s : o.value(QStringLiteral("downgrade_steps")).toArray())
            p.downgrade << StepResult::fromJson(s.toObject());
        run.points << p;
    }
    run.fit();
    return run;
}

Result<QList<QMap<QString, QString>>> scaleVolumes(const QStringList &params)
{
    QMap<QString, QStringList> values;
    qsizetype count = 1;
    for (const QString &p : params) {
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(Error::usage(QStringLiteral("--param expects name=v1,v2,..., got '%1'").arg(p)));
        const QStringList list = p.mid(eq + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (list.isEmpty())
            return fail(Error::usage(QStringLiteral("--param %1: no value").arg(p.left(eq))));
        if (list.size() > 1) {
            if (count > 1 && list.size() != count)
                return fail(Error::usage(QStringLiteral("--param %1 has %2 values, another parameter %3: give each the same number, or one")
                                             .arg(p.left(eq)).arg(list.size()).arg(count)));
            count = list.size();
        }
        values.insert(p.left(eq).trimmed(), list);
    }
    QList<QMap<QString, QString>> volumes(count);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        for (qsizetype i = 0; i < count; ++i)
            volumes[i].insert(it.key(), (it.value().size() == 1 ? it.value().first() : it.value().at(i)).trimmed());
    }
    return volumes;
}

Result<ScaleRun> runScale(Session &session, const MigrationSet &set, const ScaleOptions &options,
                          const std::function<void(const QString &)> &progress, std::atomic_bool *cancelFlag)
{
    const auto say = [&](const QString &line) {
        if (progress)
            progress(line);
    };
    auto ends = resolveBaselineAndTarget(set, options.baseline, options.target);
    if (!ends)
        return fail(ends.error());
    const RevisionRef baseline = ends->first;
    const RevisionRef target = ends->second;
    auto seed = readSeed(set, options.seed);
    if (!seed)
        return fail(seed.error());
    if (options.volumes.isEmpty())
        return fail(Error::usage(QStringLiteral("no volume to measure: give --param name=v1,v2,...")));

    ScaleRun run;
    run.label = options.label;
    run.setName = set.name();
    run.database = session.settings().redacted();
    run.serverVersion = session.serverVersion();
    run.baseline = baseline;
    run.target = target;
    run.seed = options.seed;
    run.startedAt = QDateTime::currentDateTimeUtc();
    std::atomic_bool ownCancel = false;
    std::atomic_bool &cancel = cancelFlag ? *cancelFlag : ownCancel;
    const auto cancelled = [&cancel] {
        return cancel ? std::optional(Error::of(ErrorKind::Cancelled, QStringLiteral("the scale run was cancelled"))) : std::nullopt;
    };
    RunnerOptions runnerOptions;
    runnerOptions.lockTimeoutMs = options.lockTimeoutMs;
    runnerOptions.recordHistory = false;
    for (const QMap<QString, QString> &volume : options.volumes) {
        QStringList described;
        for (auto it = volume.cbegin(); it != volume.cend(); ++it)
            described << it.key() + QLatin1Char('=') + it.value();
        say(QStringLiteral("volume %1: reset, baseline %2, seed %3").arg(described.join(QLatin1Char(' ')), baseline.label(), options.seed));
        if (auto stop = cancelled())
            return fail(*stop);
        if (auto reset = resetDatabase(session, options.lockTimeoutMs, &cancel); !reset)
            return fail(reset.error());
        Runner runner(session, set, runnerOptions);
        auto based = runner.migrate(baseline);
        if (!based)
            return fail(based.error());
        if (const Error *e = based->error())
            return fail(*e);
        ScalePoint point;
        point.parameters = volume;
        auto seeded = runSeed(session, *seed, volume, cancel);
        if (!seeded)
            return fail(seeded.error());
        if (!seeded->completed())
            return fail(*seeded->error);
        point.seedMs = seeded->durationMs;
        if (auto analysed = session.exec(QStringLiteral("ANALYZE")); !analysed)
            return fail(analysed.error());
        auto table = session.scalar(QString::fromLatin1(kLargestTableSql));
        if (!table)
            return fail(table.error());
        point.rowsTable = *table;
        // The name comes from quote_ident() on the server: it is a quoted identifier.
        auto rows = session.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(point.rowsTable));
        if (!rows)
            return fail(rows.error());
        point.rows = rows->toLongLong();
        if (auto stop = cancelled())
            return fail(*stop);
        say(QStringLiteral("  %1 rows in %2; upgrade to %3").arg(point.rows).arg(point.rowsTable, target.label()));
        auto up = runner.migrate(target);
        if (!up)
            return fail(up.error());
        if (const Error *e = up->error())
            return fail(*e);
        point.upgrade = up->steps;
        if (auto stop = cancelled())
            return fail(*stop);
        say(QStringLiteral("  downgrade to %1").arg(baseline.label()));
        auto down = runner.migrate(baseline);
        if (!down)
            return fail(down.error());
        if (const Error *e = down->error())
            return fail(*e);
        point.downgrade = down->steps;
        point.upgradeMs = totalMs(point.upgrade);
        point.downgradeMs = totalMs(point.downgrade);
        point.upgradeExclusiveMs = longestExclusive(point.upgrade, point.rowsTable);
        point.downgradeExclusiveMs = longestExclusive(point.downgrade, point.rowsTable);
        say(QStringLiteral("  upgrade %1 ms, downgrade %2 ms").arg(point.upgradeMs, 0, 'f', 0).arg(point.downgradeMs, 0, 'f', 0));
        run.points << point;
    }
    auto pgvector = session.scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')"));
    run.pgvector = pgvector && *pgvector == QLatin1String("t");
    std::stable_sort(run.points.begin(), run.points.end(), [](const ScalePoint &a, const ScalePoint &b) { return a.rows < b.rows; });
    run.fit();
    return run;
}

QString scaleRunsDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/revisor/scale");
}

Result<QString> keepScaleRun(const ScaleRun &run)
{
    const QString dir = scaleRunsDirectory();
    if (!QDir().mkpath(dir))
        return fail(Error::input(dir, 0, QStringLiteral("cannot create the directory for scale runs")));
    QString name = run.startedAt.toString(QStringLiteral("yyyyMMdd-HHmmss")) + QLatin1Char('-') + run.setName;
    if (!run.label.isEmpty())
        name += QLatin1Char('-') + run.label;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    const QString path = QDir(dir).filePath(name + QStringLiteral(".json"));
    QFile file(path);
    const QByteArray json = QJsonDocument(run.toJson()).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size())
        return fail(Error::input(path, 0, QStringLiteral("cannot write: %1").arg(file.errorString())));
    return path;
}

} // namespace revisor
