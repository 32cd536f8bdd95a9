#pragma once

#include "migrations/migrationset.h"

#include <QDir>

namespace revisor {

/// golang-migrate / sqlx style: <version>_<name>[.<dialect>][.autocommit].up.sql and .down.sql
/// in the folder (or its migrations/), ordered by numeric version.
Result<MigrationSet> readPairsSet(const QString &directory, const SetOptions &options);
bool isPairsFolder(const QDir &dir);

/// Diesel: migrations/<version>_<name>/up.sql, down.sql, metadata.toml.
Result<MigrationSet> readDieselSet(const QString &directory, const SetOptions &options);
bool isDieselFolder(const QDir &dir);

/// dbmate: db/migrations/<version>_<name>.sql with -- migrate:up / -- migrate:down.
Result<MigrationSet> readDbmateSet(const QString &directory, const SetOptions &options);
bool isDbmateFolder(const QDir &dir);

/// Flyway: V<version>__<description>.sql with U<version>__<description>.sql undo scripts.
Result<MigrationSet> readFlywaySet(const QString &directory, const SetOptions &options);
bool isFlywayFolder(const QDir &dir);

/// Sqitch: sqitch.plan with deploy/, revert/, verify/.
Result<MigrationSet> readSqitchSet(const QString &directory, const SetOptions &options);
bool isSqitchFolder(const QDir &dir);

} // namespace revisor
