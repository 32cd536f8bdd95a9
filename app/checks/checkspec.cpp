#include "checkspec.h"

#include "migrations/revision.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

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

// The shape a key's value must have.
enum class Shape { Text, Names, Number, Scalar };

// Every key a check may hold, with its shape. A key outside this table, or one its assertion
// does not read, is an error: a misspelt or misplaced key would otherwise leave the check
// weaker than its author meant without a word.
const QHash<QString, Shape> &checkKeys()
{
    static const QHash<QString, Shape> keys{
        {QStringLiteral("id"), Shape::Text}, {QStringLiteral("title"), Shape::Text}, {QStringLiteral("assert"), Shape::Text},
        {QStringLiteral("at"), Shape::Text}, {QStringLiteral("table"), Shape::Names}, {QStringLiteral("schema"), Shape::Text},
        {QStringLiteral("column"), Shape::Text}, {QStringLiteral("name"), Shape::Text}, {QStringLiteral("pattern"), Shape::Text},
        {QStringLiteral("constraint_type"), Shape::Text}, {QStringLiteral("sql"), Shape::Text}, {QStringLiteral("expect"), Shape::Scalar},
        {QStringLiteral("step"), Shape::Text}, {QStringLiteral("budget_ms"), Shape::Number},
        {QStringLiteral("expect_revision"), Shape::Text}};
    return keys;
}

const QStringList &fileKeys()
{
    static const QStringList keys{QStringLiteral("format"), QStringLiteral("expected_data_loss"), QStringLiteral("checks"),
                                    QStringLiteral("expect")};
    return keys;
}

// The keys an assertion reads (what declarativechecks.cpp judges it by).
QStringList assertionKeys(const QString &a)
{
    QStringList keys{QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("assert")};
    if (a == QLatin1String("step_duration_under"))
        return keys << QStringLiteral("step") << QStringLiteral("budget_ms");
    if (a == QLatin1String("downgrade_probe"))
        return keys << QStringLiteral("expect_revision");
    keys << QStringLiteral("at"); // the other assertions are judged at an inspection point
    if (a.startsWith(QLatin1String("table_")) || a == QLatin1String("row_count_equals_baseline"))
        keys << QStringLiteral("table");
    else if (a.startsWith(QLatin1String("column_")))
        keys << QStringLiteral("table") << QStringLiteral("column") << QStringLiteral("pattern");
    else if (a.startsWith(QLatin1String("index_")))
        keys << QStringLiteral("schema") << QStringLiteral("name") << QStringLiteral("pattern");
    else if (a.startsWith(QLatin1String("constraint_")))
        keys << QStringLiteral("schema") << QStringLiteral("name") << QStringLiteral("pattern") << QStringLiteral("constraint_type");
    else if (a == QLatin1String("query_equals"))
        keys << QStringLiteral("sql") << QStringLiteral("expect");
    return keys;
}

bool hasShape(const QJsonValue &v, Shape shape)
{
    switch (shape) {
    case Shape::Text:
        return v.isString();
    case Shape::Names: {
        if (v.isString())
            return true;
        const QJsonArray list = v.toArray();
        return v.isArray() && !list.isEmpty() && std::all_of(list.begin(), list.end(), [](const QJsonValue &item) { return item.isString(); });
    }
    case Shape::Number:
        return v.isDouble();
    case Shape::Scalar:
        return v.isString() || v.isDouble() || v.isBool();
    }
    return false;
}

QString shapeName(Shape shape)
{
    switch (shape) {
    case Shape::Text:
        return QStringLiteral("a string");
    case Shape::Names:
        return QStringLiteral("a table name or a list of table names");
    case Shape::Number:
        return QStringLiteral("a number");
    case Shape::Scalar:
        return QStringLiteral("a string, a number or true/false");
    }
    return {};
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Empty when `v` has the shape, else the complaint about `key`.
QString shapeProblem(const QString &key, const QJsonValue &v, Shape shape)
{
    if (hasShape(v, shape))
        return {};
    return QStringLiteral("\"%1\" must be %2, got %3").arg(key, shapeName(shape), typeName(v));
}

QString unknownKey(const QString &key, const QStringList &known)
{
    const QString guess = nearMiss(key, known);
    return guess.isEmpty() ? QStringLiteral("unknown key \"%1\" (known: %2)").arg(key, known.join(QStringLiteral(", ")))
                           : QStringLiteral("unknown key \"%1\" (did you mean \"%2\"?)").arg(key, guess);
}

// Empty when `value` is one of `allowed`, else the complaint about `key`.
QString choiceProblem(const QString &key, const QString &value, const QStringList &allowed)
{
    if (allowed.contains(value))
        return {};
    return QStringLiteral("\"%1\" must be one of %2, got \"%3\"").arg(key, allowed.join(QStringLiteral(", ")), value);
}

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

// Unknown keys, keys the assertion does not read, and values of the wrong JSON type.
QString keyProblem(const QJsonObject &o, const QString &assertion)
{
    const QStringList applicable = assertionKeys(assertion);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!checkKeys().contains(it.key())) {
            QStringList known = checkKeys().keys();
            known.sort();
            return unknownKey(it.key(), known);
        }
        if (!applicable.contains(it.key()))
            return QStringLiteral("key \"%1\" does not apply to %2").arg(it.key(), assertion);
        if (const QString p = shapeProblem(it.key(), it.value(), checkKeys().value(it.key())); !p.isEmpty())
            return p;
    }
    return {};
}

// Values from a fixed vocabulary, patterns that compile, and what each assertion needs.
QString valueProblem(const CheckSpec &spec, const QJsonObject &o)
{
    static const QStringList points{QStringLiteral("baseline"), QStringLiteral("upgraded"), QStringLiteral("rolled_back")};
    static const QStringList steps{QStringLiteral("baseline"), QStringLiteral("seed"), QStringLiteral("upgrade"), QStringLiteral("downgrade"),
                                   QStringLiteral("scenario")};
    // Constraint kinds as the catalog snapshot names them.
    static const QStringList constraintTypes{QStringLiteral("primary key"), QStringLiteral("unique"), QStringLiteral("foreign key"),
                                             QStringLiteral("check"), QStringLiteral("exclusion"), QStringLiteral("trigger")};
    if (const QString p = choiceProblem(QStringLiteral("at"), spec.at, points); !p.isEmpty())
        return p;
    if (o.contains(QStringLiteral("step")))
        if (const QString p = choiceProblem(QStringLiteral("step"), spec.step, steps); !p.isEmpty())
            return p;
    if (o.contains(QStringLiteral("constraint_type")))
        if (const QString p = choiceProblem(QStringLiteral("constraint_type"), spec.constraintType, constraintTypes); !p.isEmpty())
            return p;
    if (!spec.pattern.isEmpty() && !QRegularExpression(spec.pattern).isValid())
        return QStringLiteral("invalid \"pattern\": %1").arg(QRegularExpression(spec.pattern).errorString());
    const QString &a = spec.assertion;
    if ((a.startsWith(QLatin1String("table_")) || a.startsWith(QLatin1String("column_")) || a == QLatin1String("row_count_equals_baseline"))
        && spec.tables.isEmpty())
        return QStringLiteral("\"table\" is required for %1").arg(a);
    if (a.startsWith(QLatin1String("column_")) && spec.column.isEmpty() && spec.pattern.isEmpty())
        return QStringLiteral("\"column\" or \"pattern\" is required for %1").arg(a);
    if ((a.startsWith(QLatin1String("index_")) || a.startsWith(QLatin1String("constraint_"))) && spec.name.isEmpty() && spec.pattern.isEmpty())
        return QStringLiteral("\"name\" or \"pattern\" is required for %1").arg(a);
    if (a == QLatin1String("query_equals") && (spec.sql.isEmpty() || !o.contains(QStringLiteral("expect"))))
        return QStringLiteral("\"sql\" and \"expect\" are required for query_equals");
    if (a == QLatin1String("step_duration_under") && (spec.step.isEmpty() || spec.budgetMs <= 0))
        return QStringLiteral("\"step\" and a positive \"budget_ms\" are required for step_duration_under");
    return {};
}

QString expectText(const QJsonValue &expect)
{
    if (expect.isBool())
        return expect.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    return expect.isDouble() ? QString::number(expect.toDouble(), 'g', 17) : expect.toString();
}

CheckSpec specFrom(const QJsonObject &o, const QString &file, int index)
{
    CheckSpec spec;
    spec.file = file;
    spec.index = index;
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
    spec.expect = expectText(o.value(QStringLiteral("expect")));
    spec.step = o.value(QStringLiteral("step")).toString();
    spec.budgetMs = o.value(QStringLiteral("budget_ms")).toDouble();
    spec.expectRevision = o.value(QStringLiteral("expect_revision")).toString();
    if (spec.title.isEmpty())
        spec.title = QStringLiteral("%1 %2").arg(spec.assertion, spec.tables.isEmpty() ? spec.name : spec.tables.join(QStringLiteral(", ")));
    return spec;
}

Result<CheckSpec> parseCheck(const QJsonValue &value, const QString &file, int index)
{
    if (!value.isObject())
        return fail(specError(file, index, {}, QStringLiteral("must be an object, got %1").arg(typeName(value))));
    const QJsonObject o = value.toObject();
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (!id.isUndefined() && !id.isString())
        return fail(specError(file, index, {}, shapeProblem(QStringLiteral("id"), id, Shape::Text)));
    auto bad = [&](const QString &message) { return fail(specError(file, index, id.toString(), message)); };
    if (id.toString().isEmpty())
        return bad(QStringLiteral("missing \"id\""));
    const QString assertion = o.value(QStringLiteral("assert")).toString();
    if (!knownAssertions().contains(assertion))
        return bad(QStringLiteral("unknown \"assert\": \"%1\" (known: %2)").arg(assertion, knownAssertions().join(QStringLiteral(", "))));
    if (const QString p = keyProblem(o, assertion); !p.isEmpty())
        return bad(p);
    CheckSpec spec = specFrom(o, file, index);
    if (const QString p = valueProblem(spec, o); !p.isEmpty())
        return bad(p);
    return spec;
}

// The file's own keys: its format, the tables it allows to lose rows, and a non-empty list.
Status checkFileShape(const QJsonObject &root, const QString &file)
{
    const QString format = root.value(QStringLiteral("format")).toString();
    if (format != QLatin1String("revisor-checks/1"))
        return fail(Error::input(file, 0, QStringLiteral("\"format\" must be \"revisor-checks/1\", got \"%1\"").arg(format)));
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!fileKeys().contains(it.key()))
            return fail(Error::input(file, 0, unknownKey(it.key(), fileKeys())));
    }
    const QJsonValue loss = root.value(QStringLiteral("expected_data_loss"));
    if (!loss.isUndefined())
        if (const QString p = shapeProblem(QStringLiteral("expected_data_loss"), loss, Shape::Names); !p.isEmpty())
            return fail(Error::input(file, 0, p));
    const QJsonValue checks = root.value(QStringLiteral("checks"));
    // A file may hold only declarations of what the round trip is allowed to change.
    if (checks.isUndefined() && root.contains(QStringLiteral("expect")))
        return {};
    if (!checks.isArray())
        return fail(Error::input(file, 0, QStringLiteral("\"checks\" must be a list of checks, got %1").arg(typeName(checks))));
    if (checks.toArray().isEmpty())
        return fail(Error::input(file, 0, QStringLiteral("\"checks\" is empty; a check file declares at least one check")));
    return {};
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
    if (!doc.isObject())
        return fail(Error::input(file, 0, QStringLiteral("a check file must be a JSON object with \"format\" and \"checks\"")));
    const QJsonObject root = doc.object();
    if (auto shaped = checkFileShape(root, file); !shaped)
        return fail(shaped.error());
    CheckSuite suite;
    for (const QString &t : stringOrList(root.value(QStringLiteral("expected_data_loss"))))
        suite.expectedDataLoss << qualify(t);
    auto declarations = parseDeclarations(root.value(QStringLiteral("expect")), file);
    if (!declarations)
        return fail(declarations.error());
    suite.declarations = *declarations;
    const QJsonArray checks = root.value(QStringLiteral("checks")).toArray();
    for (int i = 0; i < checks.size(); ++i) {
        auto spec = parseCheck(checks.at(i), file, i);
        if (!spec)
            return fail(spec.error());
        suite.checks << *spec;
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
        all.declarations << suite->declarations;
    }
    return all;
}

} // namespace revisor
