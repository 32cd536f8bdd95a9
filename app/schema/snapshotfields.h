#pragma once

// Internal to the schema module: one list of fields per snapshot type, shared by the JSON
// round trip, the catalog reader (SQL column aliases are these names) and the diff (attribute
// names are these names). Adding a field to a type means adding it here, once.

#include "schema/snapshot.h"

namespace revisor::fields {

template <typename T>
struct Of;

template <>
struct Of<Column>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("position", s.position); f("type", s.type); f("notNull", s.notNull);
        f("defaultExpr", s.defaultExpr); f("identity", s.identity); f("generated", s.generated);
        f("collation", s.collation); f("acl", s.acl); f("comment", s.comment);
        f("storage", s.storage); f("compression", s.compression); f("statisticsTarget", s.statisticsTarget);
        f("fdwOptions", s.fdwOptions);
    }
};

template <>
struct Of<Constraint>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("type", s.type); f("definition", s.definition); f("validated", s.validated);
        f("deferrable", s.deferrable); f("deferred", s.deferred); f("comment", s.comment);
    }
};

template <>
struct Of<Index>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("definition", s.definition); f("unique", s.unique); f("primary", s.primary);
        f("valid", s.valid); f("comment", s.comment); f("tablespace", s.tablespace);
    }
};

template <>
struct Of<Trigger>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("definition", s.definition); f("enabled", s.enabled); f("comment", s.comment);
    }
};

template <>
struct Of<Policy>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("command", s.command); f("permissive", s.permissive); f("roles", s.roles);
        f("usingExpr", s.usingExpr); f("checkExpr", s.checkExpr); f("comment", s.comment);
    }
};

template <>
struct Of<Table>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("schema", s.schema); f("name", s.name); f("kind", s.kind); f("persistence", s.persistence);
        f("partitionKey", s.partitionKey); f("partitionBound", s.partitionBound); f("inherits", s.inherits);
        f("options", s.options); f("owner", s.owner); f("acl", s.acl); f("comment", s.comment);
        f("rowSecurity", s.rowSecurity); f("forceRowSecurity", s.forceRowSecurity);
        f("viewDefinition", s.viewDefinition);
        f("replicaIdentity", s.replicaIdentity); f("tablespace", s.tablespace); f("foreignServer", s.foreignServer);
        f("columns", s.columns); f("constraints", s.constraints); f("indexes", s.indexes);
        f("triggers", s.triggers); f("policies", s.policies);
    }
};

template <>
struct Of<Sequence>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("schema", s.schema); f("name", s.name); f("type", s.type); f("start", s.start);
        f("increment", s.increment); f("minValue", s.minValue); f("maxValue", s.maxValue);
        f("cache", s.cache); f("cycle", s.cycle); f("ownedBy", s.ownedBy); f("owner", s.owner);
        f("acl", s.acl); f("comment", s.comment);
    }
};

template <>
struct Of<Function>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("schema", s.schema); f("name", s.name); f("arguments", s.arguments); f("kind", s.kind);
        f("result", s.result); f("language", s.language); f("definition", s.definition);
        f("owner", s.owner); f("acl", s.acl); f("comment", s.comment);
    }
};

template <>
struct Of<TypeDef>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("schema", s.schema); f("name", s.name); f("kind", s.kind); f("baseType", s.baseType);
        f("elements", s.elements); f("notNull", s.notNull); f("defaultExpr", s.defaultExpr);
        f("owner", s.owner); f("acl", s.acl); f("comment", s.comment);
    }
};

template <>
struct Of<Extension>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("version", s.version); f("schema", s.schema);
    }
};

template <>
struct Of<SchemaInfo>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("owner", s.owner); f("acl", s.acl); f("comment", s.comment);
    }
};

template <>
struct Of<CatalogAttribute>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("name", s.name); f("value", s.value);
    }
};

template <>
struct Of<CatalogObject>
{
    template <typename S, typename F>
    static void visit(S &s, F &&f)
    {
        f("kind", s.kind); f("name", s.name); f("tableSchema", s.tableSchema); f("tableName", s.tableName);
        f("attributes", s.attributes);
    }
};

template <typename T>
inline constexpr bool isList = false;
template <typename T>
inline constexpr bool isList<QList<T>> = !std::is_same_v<T, QString>;

} // namespace revisor::fields
