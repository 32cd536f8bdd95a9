// Diesel's and dbmate's bookkeeping: a row per applied migration, created as the tools create
// it so that `diesel migration list` and `dbmate status` read what Revisor wrote.
#include "runner/stores/appliedrowsstore.h"
#include "runner/stores/versionstores.h"

namespace revisor {

std::unique_ptr<VersionStore> dieselStore(const MigrationSet &set, const QString &table)
{
    return std::make_unique<AppliedRowsStore>(
        set, table,
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"),
        QStringLiteral("INSERT INTO %1 (version) VALUES ($1)"));
}

std::unique_ptr<VersionStore> dbmateStore(const MigrationSet &set, const QString &table)
{
    return std::make_unique<AppliedRowsStore>(
        set, table,
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version varchar(128) PRIMARY KEY)"),
        QStringLiteral("INSERT INTO %1 (version) VALUES ($1)"));
}

} // namespace revisor
