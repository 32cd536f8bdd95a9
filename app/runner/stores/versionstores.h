#pragma once

#include "runner/versionstore.h"

namespace revisor {

class MigrationSet;

/// golang-migrate's schema_migrations(version bigint, dirty boolean): one row, the version
/// and whether a migration stopped half-way. Set dirty before a step that is not
/// transactional runs, cleared when it completes, left set when it fails.
std::unique_ptr<VersionStore> golangMigrateStore(const QString &table = QStringLiteral("schema_migrations"));

/// Diesel's __diesel_schema_migrations(version varchar(50), run_on timestamp): one row per
/// applied migration.
std::unique_ptr<VersionStore> dieselStore(const MigrationSet &set, const QString &table = QStringLiteral("__diesel_schema_migrations"));

/// dbmate's schema_migrations(version varchar(128)): one row per applied migration.
std::unique_ptr<VersionStore> dbmateStore(const MigrationSet &set, const QString &table = QStringLiteral("schema_migrations"));

/// Flyway's flyway_schema_history, one row per script run (versioned and undo), with
/// Flyway's checksum.
std::unique_ptr<VersionStore> flywayStore(const MigrationSet &set, const QString &table = QStringLiteral("flyway_schema_history"));

/// Sqitch's registry: the sqitch schema (projects, changes, tags, dependencies, events).
std::unique_ptr<VersionStore> sqitchStore(const MigrationSet &set, const QString &registry = QStringLiteral("sqitch"));

} // namespace revisor
