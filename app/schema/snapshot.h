#pragma once

#include "core/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace revisor {

/// Identities in a snapshot are names, never OIDs: a table dropped and re-created identically
/// gives an equal snapshot. Lists are sorted by name (byte order) as captured.

struct Column
{
    QString name;
    int position = 0;        ///< 1-based ordinal among the table's live columns (not attnum)
    QString type;            ///< format_type(): "character varying(50)", "real[]"
    bool notNull = false;
    QString defaultExpr;     ///< pg_get_expr of the default; empty for generated columns
    QString identity;        ///< "", "always", "by default"
    QString generated;       ///< expression of a GENERATED ... STORED column, else empty
    QString collation;       ///< only when it differs from the type's default collation
    QString acl;             ///< column privileges (attacl) as text
    QString comment;
    QString storage;          ///< SET STORAGE, only where it differs from the type's: "plain", "external"...
    QString compression;      ///< SET COMPRESSION: "pglz", "lz4"; empty: the server's default
    QString statisticsTarget; ///< SET STATISTICS; empty: the default
    QString fdwOptions;       ///< a foreign table column's OPTIONS, "name=value, ..."
    friend bool operator==(const Column &, const Column &) = default;
};

struct Constraint
{
    QString name;
    QString type;            ///< "primary key", "unique", "foreign key", "check", "exclusion", "trigger"
    QString definition;      ///< pg_get_constraintdef() without the trailing " NOT VALID"
    bool validated = true;   ///< false for NOT VALID constraints
    bool deferrable = false;
    bool deferred = false;
    QString comment;
    friend bool operator==(const Constraint &, const Constraint &) = default;
};

struct Index
{
    QString name;
    QString definition;      ///< pg_get_indexdef(): method, keys, opclasses, INCLUDE, predicate
    bool unique = false;
    bool primary = false;
    bool valid = true;       ///< false after a failed CREATE INDEX CONCURRENTLY
    QString comment;
    QString tablespace;      ///< empty: the database's default tablespace
    friend bool operator==(const Index &, const Index &) = default;
};

struct Trigger
{
    QString name;
    QString definition;      ///< pg_get_triggerdef()
    QString enabled;         ///< "origin", "disabled", "replica", "always"
    QString comment;
    friend bool operator==(const Trigger &, const Trigger &) = default;
};

struct Policy
{
    QString name;
    QString command;         ///< "all", "select", "insert", "update", "delete"
    bool permissive = true;
    QStringList roles;
    QString usingExpr;
    QString checkExpr;
    QString comment;
    friend bool operator==(const Policy &, const Policy &) = default;
};

/// A relation with columns: table, partitioned table, view, materialized view, foreign table.
struct Table
{
    QString schema;
    QString name;
    QString kind;            ///< "table", "partitioned table", "view", "materialized view", "foreign table"
    QString persistence;     ///< "permanent", "unlogged"
    QString partitionKey;    ///< pg_get_partkeydef() of a partitioned table
    QString partitionBound;  ///< "FOR VALUES ..." of a partition
    QStringList inherits;    ///< parents (partition parent or INHERITS), qualified
    QString options;         ///< reloptions, "fillfactor=70, ..."
    QString owner;
    QString acl;
    QString comment;
    bool rowSecurity = false;
    bool forceRowSecurity = false;
    QString viewDefinition;  ///< pg_get_viewdef() of a view or materialized view
    QString replicaIdentity; ///< empty: the default (primary key); "full", "nothing", "index <name>"
    QString tablespace;      ///< empty: the database's default tablespace
    QString foreignServer;   ///< a foreign table's server and OPTIONS
    QList<Column> columns;         ///< in position order
    QList<Constraint> constraints; ///< by name
    QList<Index> indexes;          ///< by name
    QList<Trigger> triggers;       ///< by name
    QList<Policy> policies;        ///< by name

    /// "schema.name", each part quoted only where SQL would need it.
    QString qualifiedName() const;
    const Column *column(const QString &name) const;
    const Constraint *constraint(const QString &name) const;
    const Index *index(const QString &name) const;
    const Trigger *trigger(const QString &name) const;
    const Policy *policy(const QString &name) const;
    friend bool operator==(const Table &, const Table &) = default;
};

struct Sequence
{
    QString schema;
    QString name;
    QString type;            ///< "bigint", "integer", "smallint"
    QString start;
    QString increment;
    QString minValue;
    QString maxValue;
    QString cache;
    bool cycle = false;
    QString ownedBy;         ///< "schema.table.column" for serial/identity/OWNED BY, else empty
    QString owner;
    QString acl;
    QString comment;
    QString qualifiedName() const;
    friend bool operator==(const Sequence &, const Sequence &) = default;
};

/// A function, procedure, aggregate or window function; identified by name and argument types.
struct Function
{
    QString schema;
    QString name;
    QString arguments;       ///< pg_get_function_identity_arguments()
    QString kind;            ///< "function", "procedure", "aggregate", "window function"
    QString result;          ///< pg_get_function_result()
    QString language;
    QString definition;      ///< pg_get_functiondef(): signature, attributes and body
    QString owner;
    QString acl;
    QString comment;
    /// "schema.name(arguments)"
    QString qualifiedName() const;
    friend bool operator==(const Function &, const Function &) = default;
};

/// A user-defined enum, domain, composite or range type.
struct TypeDef
{
    QString schema;
    QString name;
    QString kind;            ///< "enum", "domain", "composite", "range"
    QString baseType;        ///< domain base type or range subtype
    QStringList elements;    ///< enum labels, composite attributes ("name type"), domain constraints
    bool notNull = false;    ///< domain NOT NULL
    QString defaultExpr;     ///< domain default
    QString owner;
    QString acl;
    QString comment;
    QString qualifiedName() const;
    friend bool operator==(const TypeDef &, const TypeDef &) = default;
};

struct Extension
{
    QString name;
    QString version;
    QString schema;
    friend bool operator==(const Extension &, const Extension &) = default;
};

struct SchemaInfo
{
    QString name;
    QString owner;
    QString acl;
    QString comment;
    friend bool operator==(const SchemaInfo &, const SchemaInfo &) = default;
};

/// One attribute of a CatalogObject, by the name a DBA would use ("publish", "options"...).
struct CatalogAttribute
{
    QString name;
    QString value;
    friend bool operator==(const CatalogAttribute &, const CatalogAttribute &) = default;
};

/// An object of a kind the snapshot does not model with a type of its own: publications,
/// extended statistics, event triggers, rules, casts, operators, collations, text-search
/// configurations, foreign-data wrappers, servers, user mappings (never their secrets),
/// default privileges, database and role settings. Compared attribute by attribute.
struct CatalogObject
{
    QString kind;            ///< "publication", "statistics", "rule", "cast", "settings"...
    QString name;            ///< as SQL names it: "pub", "public.st", "text AS integer", "FOR public SERVER s"
    QString tableSchema;     ///< the table the object belongs to (rules, statistics), else empty:
    QString tableName;       ///< the diff leaves the object out where that table came or went
    QList<CatalogAttribute> attributes;   ///< by name; empty values left out

    /// The value of attribute `name`, empty when it has none.
    QString attribute(const QString &name) const;
    friend bool operator==(const CatalogObject &, const CatalogObject &) = default;
};

/// The schema of one database at one moment, captured from pg_catalog.
struct Snapshot
{
    QString serverVersion;   ///< metadata: not part of sameSchema() or the diff
    QDateTime capturedAt;    ///< metadata: not part of sameSchema() or the diff
    QList<SchemaInfo> schemas;
    QList<Extension> extensions;
    QList<TypeDef> types;
    QList<Sequence> sequences;
    QList<Function> functions;
    QList<Table> tables;
    QList<CatalogObject> objects;   ///< by kind, then name

    /// Looks a relation up by "schema.name" (as qualifiedName() writes it) or by parts.
    const Table *table(const QString &qualified) const;
    const Table *table(const QString &schema, const QString &name) const;
    const Sequence *sequence(const QString &schema, const QString &name) const;
    const TypeDef *type(const QString &schema, const QString &name) const;
    const Extension *extension(const QString &name) const;
    const CatalogObject *object(const QString &kind, const QString &name) const;

    /// {"format": "revisor-snapshot/1", ...}; fromJson refuses other formats.
    QJsonObject toJson() const;
    static Result<Snapshot> fromJson(const QJsonObject &json);

    /// Full equality, metadata included; use sameSchema() to compare content.
    friend bool operator==(const Snapshot &, const Snapshot &) = default;
};

/// True when the two snapshots describe the same schema (serverVersion and capturedAt ignored);
/// exactly when diffSnapshots(a, b) is empty.
bool sameSchema(const Snapshot &a, const Snapshot &b);

/// Quotes an identifier the way quote_ident() would for plain names ("a b" -> "\"a b\"").
QString displayIdent(const QString &name);

Result<Snapshot> readSnapshotFile(const QString &path);
Status writeSnapshotFile(const Snapshot &snapshot, const QString &path);

} // namespace revisor
