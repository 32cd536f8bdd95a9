#pragma once

#include "db/session.h"

#include <atomic>
#include <functional>

namespace revisor {

/// What a reset drops and what it keeps, computed from the catalogs before anything goes.
struct ResetPlan
{
    struct SchemaObjects
    {
        QString name;
        int relations = 0;   ///< tables, views, materialized views, sequences, foreign tables
        int functions = 0;   ///< functions and procedures
        int types = 0;       ///< domains, enums, ranges, composite types of their own
        friend bool operator==(const SchemaObjects &, const SchemaObjects &) = default;
    };
    struct Extension
    {
        QString name;
        QString schema;
        friend bool operator==(const Extension &, const Extension &) = default;
    };

    QString database;
    /// Schemas dropped with everything in them; public is among them when it exists, but it is
    /// emptied and re-created with its owner, privileges and comment as they were.
    QList<SchemaObjects> droppedSchemas;
    /// Schemas that hold an extension: kept whole, with their extensions.
    QList<SchemaObjects> keptSchemas;
    QList<Extension> droppedExtensions;   ///< installed in a dropped schema
    QList<Extension> keptExtensions;      ///< installed in a kept schema (objects in dropped schemas that use them go)
    QString publicOwner;     ///< empty when the database has no public schema
    QString publicAcl;       ///< pg_namespace.nspacl as text; empty: the default
    QString publicComment;

    /// One line per item, for the CLI and the confirmation dialog.
    QStringList describe() const;
    friend bool operator==(const ResetPlan &, const ResetPlan &) = default;
};

/// Reads what resetDatabase() would do now, without changing anything.
Result<ResetPlan> planDatabaseReset(Session &session);

/// Empties the database for a rehearsal, under the migration lock and in one transaction:
/// drops every user schema except those that hold an extension, drops the extensions that
/// live in the dropped schemas, and re-creates public with its owner, privileges and comment.
/// `planned` hears the plan (computed under the lock) before anything is dropped. On any
/// failure the transaction rolls back and the database is as it was.
Result<ResetPlan> resetDatabase(Session &session, int lockTimeoutMs, const std::atomic_bool *cancel = nullptr,
                                const std::function<void(const ResetPlan &)> &planned = {});

} // namespace revisor
