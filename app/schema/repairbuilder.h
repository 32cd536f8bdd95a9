#pragma once

// Internal to the schema module: the pieces the repair script is built from, one source file
// per family of object kinds (repairobjects.cpp, repairtables.cpp, repaircatalog.cpp).

#include "schema/repairscript.h"

#include <QSet>

namespace revisor::repair {

/// Where a statement goes in the script. Drops run first, dependents before what they depend
/// on; creations in the order things depend on each other; what hangs off tables last.
enum Phase {
    DropForeignKeys,
    DropDependents,      ///< triggers, rules, statistics, publications, policies, constraints, indexes
    DropViews,
    DropRelations,
    DropColumns,
    DropRoutines,
    DropTypes,
    DropContainers,      ///< schemas, extensions, servers, wrappers, collations...
    CreateContainers,
    CreateTypes,         ///< types, sequences
    CreateRoutines,
    CreateRelations,     ///< tables, columns
    CreateParts,         ///< constraints other than foreign keys, indexes
    Alter,
    CreateForeignKeys,
    CreateViews,
    CreateDependents,    ///< triggers, rules, statistics, publications, casts, operators...
    Finish,              ///< comments, owners, settings
    PhaseCount
};

class Builder
{
public:
    Builder(const Snapshot &current, const Snapshot &wanted);

    const Snapshot &current;   ///< the rolled-back schema
    const Snapshot &wanted;    ///< the baseline

    void add(Phase phase, const QString &sql, const DiffEntry &repairs);
    void add(Phase phase, const QString &sql, const QString &repairs);
    void cannot(const DiffEntry &entry, const QString &reason);
    /// True the first time for `key`: an object re-created as a whole repairs all its
    /// attributes at once.
    bool firstTime(const QString &key);
    RepairScript finish();

private:
    QList<RepairStatement> m_phases[PhaseCount];
    QList<UnrepairableDiff> m_unrepairable;
    QSet<QString> m_seen;
};

/// Each returns false for an entry of a kind it does not handle; otherwise it added the
/// statements that repair the entry or said why it cannot.
bool repairObject(Builder &b, const DiffEntry &e);    ///< schemas, extensions, types, sequences, routines
bool repairTable(Builder &b, const DiffEntry &e);     ///< relations, columns, constraints, indexes, triggers, policies
bool repairCatalog(Builder &b, const DiffEntry &e);   ///< CatalogObject kinds
bool repairSettings(Builder &b, const DiffEntry &e);  ///< default privileges, database and role settings

/// A rule's name as SQL needs it, from its definition; empty when it cannot be read.
QString ruleName(const CatalogObject &rule);

/// Why a difference in privileges (ACL text) is not repaired.
QString aclReason();

/// An identifier, always quoted.
QString q(const QString &name);
QString q(const QString &schema, const QString &name);
/// A string literal, quotes doubled (standard_conforming_strings is on since 9.1).
QString literal(const QString &text);
/// COMMENT ON <what> IS '<comment>' (NULL when empty).
QString commentOn(const QString &what, const QString &comment);
/// `before` + the current database's name (quoted) + `after`, run through format() on the
/// server, in a DO block.
QString onCurrentDatabase(const QString &before, const QString &after);
/// "a=1, b=x y" (as array_to_string(options) writes them) as SQL: "a '1', b 'x y'".
QString optionsSql(const QString &captured);
/// The OPTIONS (ADD/SET/DROP ...) that turn `from` into `to`; empty when they are equal.
QString optionChanges(const QString &from, const QString &to);
/// ENABLE, DISABLE, ENABLE REPLICA, ENABLE ALWAYS for "origin", "disabled", "replica", "always".
QString enabledSql(const QString &enabled);
/// The entry's first line: "+ index public.t.i: CREATE ...".
QString entryText(const DiffEntry &e);
/// The table of `snapshot` that "schema.table.child" (as the diff names a column, constraint,
/// index, trigger or policy) belongs to, and the child's name as displayed.
const Table *tableOf(const Snapshot &snapshot, const QString &childName, QString *displayedChild);

/// The item of `list` whose displayed name is `displayed`.
template <typename T>
const T *named(const QList<T> &list, const QString &displayed)
{
    for (const T &item : list) {
        if (displayIdent(item.name) == displayed)
            return &item;
    }
    return nullptr;
}

} // namespace revisor::repair
