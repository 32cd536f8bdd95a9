// Which objects a statement touches, from PostgreSQL's own parse tree (pg_query_parse as
// JSON): the statement kinds of schema migrations, and for ALTER TABLE each subcommand.
#include "statementobjects.h"

#include "hazards/parsetree.h"

#include <QHash>

namespace revisor {

namespace {

using Action = TouchedObject::Action;
using parsetree::strings;

// A String node's text: {"String": {"sval": "x"}}.
QString stringOf(const QJsonValue &node)
{
    return parsetree::as(node, "String").value(QStringLiteral("sval")).toString();
}

class Collector
{
public:
    QList<TouchedObject> out;

    void add(Action action, const QString &kind, const QString &schema, const QString &table, const QString &name)
    {
        out.append({action, kind, schema, table, name});
    }

    // A RangeVar {"schemaname", "relname"} as the table itself.
    void relation(Action action, const QJsonObject &rangeVar, const QString &kind = QStringLiteral("table"))
    {
        add(action, kind, rangeVar.value(QStringLiteral("schemaname")).toString(), {}, rangeVar.value(QStringLiteral("relname")).toString());
    }

    // A qualified name list ["schema", "name"] or ["name"].
    void qualified(Action action, const QString &kind, const QStringList &names)
    {
        if (names.isEmpty())
            return;
        add(action, kind, names.size() > 1 ? names.at(names.size() - 2) : QString(), {}, names.last());
    }

    // A constraint of `table`, named as PostgreSQL would name it when the SQL does not.
    void constraint(Action action, const QJsonObject &rangeVar, const QJsonObject &c, const QString &column = {})
    {
        const QString schema = rangeVar.value(QStringLiteral("schemaname")).toString();
        const QString table = rangeVar.value(QStringLiteral("relname")).toString();
        const QString type = c.value(QStringLiteral("contype")).toString();
        QString name = c.value(QStringLiteral("conname")).toString();
        QStringList keys = strings(c.value(QStringLiteral("keys")).toArray());
        if (keys.isEmpty() && !column.isEmpty())
            keys << column;
        if (name.isEmpty()) {
            if (type == QLatin1String("CONSTR_PRIMARY"))
                name = table + QStringLiteral("_pkey");
            else if (type == QLatin1String("CONSTR_UNIQUE"))
                name = QStringLiteral("%1_%2_key").arg(table, keys.join(QLatin1Char('_')));
            else if (type == QLatin1String("CONSTR_CHECK"))
                name = QStringLiteral("%1_%2_check").arg(table, keys.isEmpty() ? QString() : keys.first());
            else if (type == QLatin1String("CONSTR_FOREIGN"))
                name = QStringLiteral("%1_%2_fkey").arg(table, strings(c.value(QStringLiteral("fk_attrs")).toArray()).value(0, column));
            else if (type == QLatin1String("CONSTR_EXCLUSION"))
                name = table + QStringLiteral("_excl");
            else
                return; // NOT NULL, DEFAULT, GENERATED: attributes of the column, not constraints
        }
        add(action, QStringLiteral("constraint"), schema, table, name);
        if (type == QLatin1String("CONSTR_PRIMARY") || type == QLatin1String("CONSTR_UNIQUE") || type == QLatin1String("CONSTR_EXCLUSION"))
            add(action, QStringLiteral("index"), schema, table, c.value(QStringLiteral("indexname")).toString().isEmpty() ? name
                                                                   : c.value(QStringLiteral("indexname")).toString());
    }

    void columnDef(Action action, const QJsonObject &rangeVar, const QJsonObject &def)
    {
        const QString column = def.value(QStringLiteral("colname")).toString();
        add(action, QStringLiteral("column"), rangeVar.value(QStringLiteral("schemaname")).toString(),
            rangeVar.value(QStringLiteral("relname")).toString(), column);
        for (const QJsonValue &c : def.value(QStringLiteral("constraints")).toArray())
            constraint(action, rangeVar, c.toObject().value(QStringLiteral("Constraint")).toObject(), column);
    }

    void createTable(const QJsonObject &s)
    {
        const QJsonObject rel = s.value(QStringLiteral("relation")).toObject();
        relation(Action::Create, rel);
        for (const QJsonValue &e : s.value(QStringLiteral("tableElts")).toArray()) {
            const QJsonObject element = e.toObject();
            if (element.contains(QStringLiteral("ColumnDef")))
                columnDef(Action::Create, rel, element.value(QStringLiteral("ColumnDef")).toObject());
            else if (element.contains(QStringLiteral("Constraint")))
                constraint(Action::Create, rel, element.value(QStringLiteral("Constraint")).toObject());
        }
    }

    void alterTable(const QJsonObject &s)
    {
        const QJsonObject rel = s.value(QStringLiteral("relation")).toObject();
        const QString schema = rel.value(QStringLiteral("schemaname")).toString();
        const QString table = rel.value(QStringLiteral("relname")).toString();
        const bool index = s.value(QStringLiteral("objtype")).toString() == QLatin1String("OBJECT_INDEX");
        const QString objectKind = s.value(QStringLiteral("objtype")).toString() == QLatin1String("OBJECT_SEQUENCE") ? QStringLiteral("sequence")
                                   : index ? QStringLiteral("index") : QStringLiteral("table");
        for (const QJsonValue &v : s.value(QStringLiteral("cmds")).toArray()) {
            const QJsonObject cmd = v.toObject().value(QStringLiteral("AlterTableCmd")).toObject();
            const QString sub = cmd.value(QStringLiteral("subtype")).toString();
            const QString name = cmd.value(QStringLiteral("name")).toString();
            const QJsonObject def = cmd.value(QStringLiteral("def")).toObject();
            if (sub == QLatin1String("AT_AddColumn")) {
                columnDef(Action::Create, rel, def.value(QStringLiteral("ColumnDef")).toObject());
            } else if (sub == QLatin1String("AT_DropColumn")) {
                add(Action::Drop, QStringLiteral("column"), schema, table, name);
            } else if (sub == QLatin1String("AT_AddConstraint")) {
                constraint(Action::Create, rel, def.value(QStringLiteral("Constraint")).toObject());
            } else if (sub == QLatin1String("AT_DropConstraint")) {
                add(Action::Drop, QStringLiteral("constraint"), schema, table, name);
                add(Action::Drop, QStringLiteral("index"), schema, table, name); // a key's index goes with it
            } else if (sub == QLatin1String("AT_ValidateConstraint") || sub == QLatin1String("AT_AlterConstraint")) {
                add(Action::Alter, QStringLiteral("constraint"), schema, table,
                    name.isEmpty() ? def.value(QStringLiteral("Constraint")).toObject().value(QStringLiteral("conname")).toString() : name);
            } else if (!name.isEmpty() && !index) {
                // SET DEFAULT, TYPE, SET/DROP NOT NULL, SET STATISTICS, identity...: the column.
                add(Action::Alter, QStringLiteral("column"), schema, table, name);
            } else {
                // Owner, row security, SET (storage parameters), SET SCHEMA, an index's settings.
                add(Action::Alter, objectKind, schema, {}, table);
            }
        }
    }

    void drop(const QJsonObject &s)
    {
        static const QHash<QString, QString> kinds = {
            {QStringLiteral("OBJECT_TABLE"), QStringLiteral("table")}, {QStringLiteral("OBJECT_VIEW"), QStringLiteral("table")},
            {QStringLiteral("OBJECT_MATVIEW"), QStringLiteral("table")}, {QStringLiteral("OBJECT_FOREIGN_TABLE"), QStringLiteral("table")},
            {QStringLiteral("OBJECT_INDEX"), QStringLiteral("index")}, {QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("sequence")},
            {QStringLiteral("OBJECT_TYPE"), QStringLiteral("type")}, {QStringLiteral("OBJECT_DOMAIN"), QStringLiteral("type")},
            {QStringLiteral("OBJECT_FUNCTION"), QStringLiteral("function")}, {QStringLiteral("OBJECT_PROCEDURE"), QStringLiteral("function")},
            {QStringLiteral("OBJECT_AGGREGATE"), QStringLiteral("function")}, {QStringLiteral("OBJECT_ROUTINE"), QStringLiteral("function")},
            {QStringLiteral("OBJECT_SCHEMA"), QStringLiteral("schema")}, {QStringLiteral("OBJECT_EXTENSION"), QStringLiteral("extension")},
            {QStringLiteral("OBJECT_TRIGGER"), QStringLiteral("trigger")}, {QStringLiteral("OBJECT_POLICY"), QStringLiteral("policy")}};
        const QString kind = kinds.value(s.value(QStringLiteral("removeType")).toString());
        if (kind.isEmpty())
            return;
        for (const QJsonValue &v : s.value(QStringLiteral("objects")).toArray()) {
            const QJsonObject o = v.toObject();
            QStringList names;
            if (o.contains(QStringLiteral("List")))
                names = strings(o.value(QStringLiteral("List")).toObject().value(QStringLiteral("items")).toArray());
            else if (o.contains(QStringLiteral("ObjectWithArgs")))
                names = strings(o.value(QStringLiteral("ObjectWithArgs")).toObject().value(QStringLiteral("objname")).toArray());
            else if (o.contains(QStringLiteral("TypeName")))
                names = strings(o.value(QStringLiteral("TypeName")).toObject().value(QStringLiteral("names")).toArray());
            else if (o.contains(QStringLiteral("String")))
                names << stringOf(o);
            if (names.isEmpty())
                continue;
            if (kind == QLatin1String("trigger") || kind == QLatin1String("policy")) {
                // [schema,] table, name
                const QStringList table = names.mid(0, names.size() - 1);
                add(Action::Drop, kind, table.size() > 1 ? table.first() : QString(), table.value(table.size() - 1), names.last());
            } else {
                qualified(Action::Drop, kind, names);
            }
        }
    }

    void rename(const QJsonObject &s)
    {
        const QString type = s.value(QStringLiteral("renameType")).toString();
        const QJsonObject rel = s.value(QStringLiteral("relation")).toObject();
        const QString subname = s.value(QStringLiteral("subname")).toString();
        const QString schema = rel.value(QStringLiteral("schemaname")).toString();
        const QString relname = rel.value(QStringLiteral("relname")).toString();
        const QString newName = s.value(QStringLiteral("newname")).toString();
        if (type == QLatin1String("OBJECT_COLUMN")) {
            add(Action::Rename, QStringLiteral("column"), schema, relname, subname);
            add(Action::Rename, QStringLiteral("column"), schema, relname, newName);
        } else if (type == QLatin1String("OBJECT_TABCONSTRAINT")) {
            add(Action::Rename, QStringLiteral("constraint"), schema, relname, subname);
            add(Action::Rename, QStringLiteral("constraint"), schema, relname, newName);
        } else if (type == QLatin1String("OBJECT_INDEX")) {
            add(Action::Rename, QStringLiteral("index"), schema, {}, relname);
            add(Action::Rename, QStringLiteral("index"), schema, {}, newName);
        } else if (type == QLatin1String("OBJECT_TABLE") || type == QLatin1String("OBJECT_VIEW") || type == QLatin1String("OBJECT_MATVIEW")) {
            add(Action::Rename, QStringLiteral("table"), schema, {}, relname);
            add(Action::Rename, QStringLiteral("table"), schema, {}, newName);
        } else if (type == QLatin1String("OBJECT_TRIGGER") || type == QLatin1String("OBJECT_POLICY")) {
            const QString kind = type == QLatin1String("OBJECT_TRIGGER") ? QStringLiteral("trigger") : QStringLiteral("policy");
            add(Action::Rename, kind, schema, relname, subname);
            add(Action::Rename, kind, schema, relname, newName);
        }
    }

    void comment(const QJsonObject &s)
    {
        const QString type = s.value(QStringLiteral("objtype")).toString();
        const QStringList names = strings(s.value(QStringLiteral("object")).toObject().value(QStringLiteral("List")).toObject()
                                              .value(QStringLiteral("items")).toArray());
        if (names.isEmpty())
            return;
        if (type == QLatin1String("OBJECT_COLUMN") && names.size() >= 2)
            add(Action::Comment, QStringLiteral("column"), names.size() > 2 ? names.at(names.size() - 3) : QString(), names.at(names.size() - 2), names.last());
        else if (type == QLatin1String("OBJECT_TABLE") || type == QLatin1String("OBJECT_VIEW") || type == QLatin1String("OBJECT_MATVIEW"))
            qualified(Action::Comment, QStringLiteral("table"), names);
        else if (type == QLatin1String("OBJECT_INDEX"))
            qualified(Action::Comment, QStringLiteral("index"), names);
        else if (type == QLatin1String("OBJECT_SEQUENCE"))
            qualified(Action::Comment, QStringLiteral("sequence"), names);
    }

    void statement(const QString &type, const QJsonObject &s)
    {
        if (type == QLatin1String("CreateStmt"))
            createTable(s);
        else if (type == QLatin1String("AlterTableStmt"))
            alterTable(s);
        else if (type == QLatin1String("DropStmt"))
            drop(s);
        else if (type == QLatin1String("RenameStmt"))
            rename(s);
        else if (type == QLatin1String("CommentStmt"))
            comment(s);
        else if (type == QLatin1String("IndexStmt")) {
            const QJsonObject rel = s.value(QStringLiteral("relation")).toObject();
            add(Action::Create, QStringLiteral("index"), rel.value(QStringLiteral("schemaname")).toString(),
                rel.value(QStringLiteral("relname")).toString(), s.value(QStringLiteral("idxname")).toString());
        } else if (type == QLatin1String("ViewStmt"))
            relation(Action::Create, s.value(QStringLiteral("view")).toObject());
        else if (type == QLatin1String("CreateTableAsStmt"))
            relation(Action::Create, s.value(QStringLiteral("into")).toObject().value(QStringLiteral("rel")).toObject());
        else if (type == QLatin1String("CreateSeqStmt"))
            relation(Action::Create, s.value(QStringLiteral("sequence")).toObject(), QStringLiteral("sequence"));
        else if (type == QLatin1String("AlterSeqStmt"))
            relation(Action::Alter, s.value(QStringLiteral("sequence")).toObject(), QStringLiteral("sequence"));
        else if (type == QLatin1String("CreateTrigStmt")) {
            const QJsonObject rel = s.value(QStringLiteral("relation")).toObject();
            add(Action::Create, QStringLiteral("trigger"), rel.value(QStringLiteral("schemaname")).toString(),
                rel.value(QStringLiteral("relname")).toString(), s.value(QStringLiteral("trigname")).toString());
        } else if (type == QLatin1String("CreatePolicyStmt") || type == QLatin1String("AlterPolicyStmt")) {
            const QJsonObject rel = s.value(QStringLiteral("table")).toObject();
            add(type == QLatin1String("CreatePolicyStmt") ? Action::Create : Action::Alter, QStringLiteral("policy"),
                rel.value(QStringLiteral("schemaname")).toString(), rel.value(QStringLiteral("relname")).toString(),
                s.value(QStringLiteral("policy_name")).toString());
        } else if (type == QLatin1String("CreateFunctionStmt"))
            qualified(Action::Create, QStringLiteral("function"), strings(s.value(QStringLiteral("funcname")).toArray()));
        else if (type == QLatin1String("AlterFunctionStmt"))
            qualified(Action::Alter, QStringLiteral("function"), strings(s.value(QStringLiteral("func")).toObject().value(QStringLiteral("objname")).toArray()));
        else if (type == QLatin1String("CreateEnumStmt") || type == QLatin1String("AlterEnumStmt"))
            qualified(type == QLatin1String("CreateEnumStmt") ? Action::Create : Action::Alter, QStringLiteral("type"),
                      strings(s.value(QStringLiteral("typeName")).toArray()));
        else if (type == QLatin1String("CompositeTypeStmt"))
            relation(Action::Create, s.value(QStringLiteral("typevar")).toObject(), QStringLiteral("type"));
        else if (type == QLatin1String("CreateDomainStmt"))
            qualified(Action::Create, QStringLiteral("type"), strings(s.value(QStringLiteral("domainname")).toArray()));
        else if (type == QLatin1String("CreateSchemaStmt"))
            add(Action::Create, QStringLiteral("schema"), {}, {}, s.value(QStringLiteral("schemaname")).toString());
        else if (type == QLatin1String("CreateExtensionStmt"))
            add(Action::Create, QStringLiteral("extension"), {}, {}, s.value(QStringLiteral("extname")).toString());
    }
};

} // namespace

QString TouchedObject::actionWord(Action action)
{
    switch (action) {
    case Action::Create: return QStringLiteral("created");
    case Action::Alter: return QStringLiteral("altered");
    case Action::Drop: return QStringLiteral("dropped");
    case Action::Rename: return QStringLiteral("renamed");
    case Action::Comment: return QStringLiteral("commented");
    }
    return {};
}

Result<QList<TouchedObject>> touchedObjects(const QString &sql)
{
    auto statements = parsetree::parse(sql);
    if (!statements)
        return fail(statements.error());
    Collector collector;
    for (const QJsonValue &v : *statements) {
        const QJsonValue stmt = v.toObject().value(QStringLiteral("stmt"));
        collector.statement(parsetree::kindOf(stmt), parsetree::fieldsOf(stmt));
    }
    return collector.out;
}

} // namespace revisor
