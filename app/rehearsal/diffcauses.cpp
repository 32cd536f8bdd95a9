#include "diffcauses.h"

#include "migrations/sqlsplitter.h"
#include "hazards/statementobjects.h"

#include <QDir>

#include <functional>

namespace revisor {

namespace {

// "public.t.\"My Col\"" -> {public, t, My Col}; a function's argument list is cut off first.
QStringList splitQualified(const QString &name, bool function)
{
    QStringList parts;
    QString part;
    bool quoted = false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (c == QLatin1Char('"')) {
            if (quoted && i + 1 < name.size() && name.at(i + 1) == QLatin1Char('"')) {
                part += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (!quoted && c == QLatin1Char('.')) {
            parts << part;
            part.clear();
        } else if (!quoted && function && c == QLatin1Char('(')) {
            break;
        } else {
            part += c;
        }
    }
    parts << part;
    return parts;
}

// The touched-object kind of a diff entry's object kind.
QString touchKind(const QString &objectKind)
{
    static const QStringList tables{QStringLiteral("table"), QStringLiteral("partitioned table"), QStringLiteral("view"),
                                    QStringLiteral("materialized view"), QStringLiteral("foreign table")};
    if (tables.contains(objectKind))
        return QStringLiteral("table");
    if (objectKind == QLatin1String("procedure") || objectKind == QLatin1String("aggregate"))
        return QStringLiteral("function");
    return objectKind;
}

bool isChild(const QString &kind)
{
    return kind == QLatin1String("column") || kind == QLatin1String("constraint") || kind == QLatin1String("index")
           || kind == QLatin1String("trigger") || kind == QLatin1String("policy");
}

// One statement of the round trip and what it touches.
struct Analysed
{
    DiffCause where;     ///< action left empty
    QList<TouchedObject> touched;
};

QString shortStatement(const QString &sql)
{
    QString first = sql.section(QLatin1Char('\n'), 0, 0).simplified();
    if (first.size() > 120)
        first = first.left(117) + QStringLiteral("...");
    return first;
}

QList<Analysed> analyse(const MigrationSet &set, const RevisionRef &baseline, const RevisionRef &target)
{
    auto plan = set.plan(baseline, target);
    if (!plan)
        return {};
    QList<Analysed> out;
    for (const char *section : {"up", "down"}) {
        const bool up = QLatin1String(section) == QLatin1String("up");
        for (const PlannedStep &step : *plan) {
            const Revision &r = step.revision;
            const QString sql = up ? r.upSql : r.downSql;
            if (sql.trimmed().isEmpty())
                continue;
            auto statements = splitSql(sql, r.file, up ? r.upLine : r.downLine);
            if (!statements)
                continue;
            QString file = r.file;
            const QString relative = QDir(set.directory()).relativeFilePath(r.file);
            if (!set.directory().isEmpty() && !relative.startsWith(QLatin1String("..")))
                file = relative;
            for (const SqlStatement &st : *statements) {
                auto touched = touchedObjects(st.sql);
                if (!touched || touched->isEmpty())
                    continue;
                out.append({DiffCause{r.id, QLatin1String(section), file, st.line, {}, shortStatement(st.sql)}, *touched});
            }
        }
    }
    return out;
}

bool sameSchema(const TouchedObject &t, const QString &schema)
{
    return t.schema.isEmpty() || schema.isEmpty() || t.schema == schema;
}

QList<DiffCause> causesOf(const DiffEntry &entry, const QList<Analysed> &statements)
{
    const QString kind = touchKind(entry.objectKind);
    const QStringList parts = splitQualified(entry.name, kind == QLatin1String("function"));
    QString schema, table, name;
    if (isChild(kind) && parts.size() >= 3) {
        schema = parts.at(parts.size() - 3);
        table = parts.at(parts.size() - 2);
        name = parts.last();
    } else if (parts.size() >= 2) {
        schema = parts.at(parts.size() - 2);
        name = parts.last();
    } else {
        name = parts.value(0);
    }
    const auto direct = [&](const TouchedObject &t) {
        if (t.kind != kind || t.name != name || !sameSchema(t, schema))
            return false;
        return !isChild(kind) || t.table.isEmpty() || t.table == table;
    };
    const auto ofTable = [&](const TouchedObject &t) {
        return t.kind == QLatin1String("table") && t.name == table && sameSchema(t, schema)
               && (t.action == TouchedObject::Action::Create || t.action == TouchedObject::Action::Drop
                   || t.action == TouchedObject::Action::Rename);
    };
    QList<DiffCause> causes;
    for (const auto &match : {std::function<bool(const TouchedObject &)>(direct), std::function<bool(const TouchedObject &)>(ofTable)}) {
        for (const Analysed &a : statements) {
            for (const TouchedObject &t : a.touched) {
                if (!match(t))
                    continue;
                DiffCause c = a.where;
                c.action = TouchedObject::actionWord(t.action);
                causes << c;
                break; // one cause per statement
            }
        }
        if (!causes.isEmpty() || !isChild(kind))
            break;
    }
    return causes;
}

} // namespace

QString DiffCause::text() const
{
    return QStringLiteral("%1 by %2 %3 at %4:%5").arg(action, revision, section, file, QString::number(line));
}

QJsonObject DiffCause::toJson() const
{
    return {{QStringLiteral("revision"), revision}, {QStringLiteral("section"), section}, {QStringLiteral("file"), file},
            {QStringLiteral("line"), line}, {QStringLiteral("action"), action}, {QStringLiteral("statement"), statement}};
}

DiffCause DiffCause::fromJson(const QJsonObject &json)
{
    return {json.value(QStringLiteral("revision")).toString(), json.value(QStringLiteral("section")).toString(),
            json.value(QStringLiteral("file")).toString(), json.value(QStringLiteral("line")).toInt(),
            json.value(QStringLiteral("action")).toString(), json.value(QStringLiteral("statement")).toString()};
}

QList<QList<DiffCause>> findDiffCauses(const SchemaDiff &diff, const MigrationSet &set, const RevisionRef &baseline,
                                       const RevisionRef &target)
{
    QList<QList<DiffCause>> causes;
    if (diff.isEmpty())
        return causes;
    const QList<Analysed> statements = analyse(set, baseline, target);
    for (const DiffEntry &e : diff.entries)
        causes << causesOf(e, statements);
    return causes;
}

} // namespace revisor
