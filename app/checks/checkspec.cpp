#include "checkspec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace revisor {

QStringList knownAssertions()
{
    return {QStringLiteral("table_present"), QStringLiteral("table_absent"), QStringLiteral("column_present"),
            QStringLiteral("column_absent"), QStringLiteral("index_present"), QStringLiteral("index_absent"),
            QStringLiteral("constraint_present"), QStringLiteral("constraint_absent"),
            QStringLiteral("row_count_equals_baseline"), QStringLiteral("query_equals"),
            QStringLiteral("step_duration_under"), QStringLiteral("downgrade_probe")};
}

namespace {

Error specError(const QString &file, int index, const QString &id, const QString &message)
{
    Error e = Error::input(file, 0, QStringLiteral("check #%1%2: %3")
                                        .arg(index + 1).arg(id.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(id), message));
    return e;
}

QStringList stringOrList(const QJsonValue &v)
{
    if (v.isString())
        return {v.toString()};
    QStringList out;
    for (const auto &item : v.toArray())
        out << item.toString();
    return out;
}

QString qualify(const QString &name)
{
    return name.contains(QLatin1Char('.')) ? name : QStringLiteral("public.") + name;
}

} // namespace

Result<CheckSuite> parseCheckFile(const QByteArray &json, const QString &file)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        const int line = int(json.left(parseError.offset).count('\n')) + 1;
        return fail(Error::input(file, line, QStringLiteral("invalid JSON: %1").arg(parseError.errorString())));
    }
    const QJsonObject root = doc.object();
    const QString format = root.value(QStringLiteral("format")).toString();
    if (format != QLatin1String("revisor-checks/1"))
        return fail(Error::input(file, 0, QStringLiteral("\"format\" must be \"revisor-checks/1\", got \"%1\"").arg(format)));
    CheckSuite suite;
    for (const QString &t : stringOrList(root.value(QStringLiteral("expected_data_loss"))))
        suite.expectedDataLoss << qualify(t);
    const QJsonArray checks = root.value(QStringLiteral("checks")).toArray();
    static const QStringList points{QStringLiteral("baseline"), QStringLiteral("upgraded"), QStringLiteral("rolled_back")};
    for (int i = 0; i < checks.size(); ++i) {
        const QJsonObject o = checks.at(i).toObject();
        CheckSpec spec;
        spec.file = file;
        spec.index = i;
        spec.id = o.value(QStringLiteral("id")).toString();
        spec.title = o.value(QStringLiteral("title")).toString();
        spec.assertion = o.value(QStringLiteral("assert")).toString();
        spec.at = o.value(QStringLiteral("at")).toString(QStringLiteral("rolled_back"));
        for (const QString &t : stringOrList(o.value(QStringLiteral("table"))))
            spec.tables << qualify(t);
        spec.schema = o.value(QStringLiteral("schema")).toString(QStringLiteral("public"));
        spec.column = o.value(QStringLiteral("column")).toString();
        spec.name = o.value(QStringLiteral("name")).toString();
        spec.pattern = o.value(QStringLiteral("pattern")).toString();
        spec.constraintType = o.value(QStringLiteral("constraint_type")).toString();
        spec.sql = o.value(QStringLiteral("sql")).toString();
        const QJsonValue expect = o.value(QStringLiteral("expect"));
        spec.expect = expect.isString() ? expect.toString() : expect.isDouble() ? QString::number(expect.toDouble(), 'g', 17) : QString();
        if (expect.isBool())
            spec.expect = expect.toBool() ? QStringLiteral("t") : QStringLiteral("f");
        spec.step = o.value(QStringLiteral("step")).toString();
        spec.budgetMs = o.value(QStringLiteral("budget_ms")).toDouble();
        spec.expectRevision = o.value(QStringLiteral("expect_revision")).toString();

        auto bad = [&](const QString &message) { return fail(specError(file, i, spec.id, message)); };
        if (spec.id.isEmpty())
            return bad(QStringLiteral("missing \"id\""));
        if (!knownAssertions().contains(spec.assertion))
            return bad(QStringLiteral("unknown \"assert\": \"%1\" (known: %2)").arg(spec.assertion, knownAssertions().join(QStringLiteral(", "))));
        if (!points.contains(spec.at))
            return bad(QStringLiteral("\"at\" must be baseline, upgraded or rolled_back, got \"%1\"").arg(spec.at));
        if (!spec.pattern.isEmpty() && !QRegularExpression(spec.pattern).isValid())
            return bad(QStringLiteral("invalid \"pattern\": %1").arg(QRegularExpression(spec.pattern).errorString()));
        const QString &a = spec.assertion;
        if ((a.startsWith(QLatin1String("table_")) || a.startsWith(QLatin1String("column_")) || a == QLatin1String("row_count_equals_baseline"))
            && spec.tables.isEmpty())
            return bad(QStringLiteral("\"table\" is required for %1").arg(a));
        if (a.startsWith(QLatin1String("column_")) && spec.column.isEmpty() && spec.pattern.isEmpty())
            return bad(QStringLiteral("\"column\" or \"pattern\" is required for %1").arg(a));
        if ((a.startsWith(QLatin1String("index_")) || a.startsWith(QLatin1String("constraint_"))) && spec.name.isEmpty() && spec.pattern.isEmpty())
            return bad(QStringLiteral("\"name\" or \"pattern\" is required for %1").arg(a));
        if (a == QLatin1String("query_equals") && (spec.sql.isEmpty() || !o.contains(QStringLiteral("expect"))))
            return bad(QStringLiteral("\"sql\" and \"expect\" are required for query_equals"));
        if (a == QLatin1String("step_duration_under") && (spec.step.isEmpty() || spec.budgetMs <= 0))
            return bad(QStringLiteral("\"step\" and a positive \"budget_ms\" are required for step_duration_under"));
        if (spec.title.isEmpty())
            spec.title = QStringLiteral("%1 %2").arg(a, spec.tables.isEmpty() ? spec.name : spec.tables.join(QStringLiteral(", ")));
        suite.checks << spec;
    }
    return suite;
}

Result<CheckSuite> loadCheckSuite(const MigrationSet &set)
{
    CheckSuite all;
    for (const QString &path : set.checkFiles()) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(Error::input(path, 0, QStringLiteral("cannot read: %1").arg(f.errorString())));
        auto suite = parseCheckFile(f.readAll(), path);
        if (!suite)
            return fail(suite.error());
        for (const CheckSpec &spec : suite->checks) {
            for (const CheckSpec &seen : all.checks) {
                if (seen.id == spec.id)
                    return fail(specError(path, spec.index, spec.id, QStringLiteral("duplicate id (also in %1)").arg(seen.file)));
            }
        }
        all.checks << suite->checks;
        all.expectedDataLoss << suite->expectedDataLoss;
    }
    return all;
}

} // namespace revisor
