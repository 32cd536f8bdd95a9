#pragma once

#include "migrations/migrationset.h"

#include <QDir>
#include <QList>
#include <QString>
#include <functional>

namespace revisor {

/// The reader of one project layout (Revisor's own .sql files, an Alembic project, Flyway's
/// V/U scripts...): how to recognise a folder of that layout and how to read it into a
/// MigrationSet. Each layout brings one reader and registers it in setReaders(); the rest of
/// Revisor only sees the MigrationSet.
struct SetReader
{
    QString name;         ///< as --format spells it: "native", "alembic", ...
    QString recognisedBy; ///< what detection looks for, for error messages: "a versions/ folder of .sql files"
    /// Whether `dir` is this layout's project folder; looks at names only, reads no file.
    std::function<bool(const QDir &dir)> recognises;
    /// Reads the project; errors name the file and line (or the field) that is wrong.
    std::function<Result<MigrationSet>(const QString &directory, const SetOptions &options)> read;
};

/// Every layout Revisor reads, in the order detection tries them.
const QList<SetReader> &setReaders();

/// Reads `directory` with the reader options.format names, or else the first reader that
/// recognises the folder; an error lists the layouts tried when none does.
Result<MigrationSet> readMigrationSet(const QString &directory, const SetOptions &options);

/// The native reader: versions/*.sql in Revisor's own format.
Result<MigrationSet> readNativeSet(const QString &directory, const SetOptions &options);

/// The Alembic reader: a folder with alembic.ini, or an Alembic script folder; the graph and
/// the rendered SQL come from the project's own Alembic (options.alembicCommand).
Result<MigrationSet> readAlembicSet(const QString &directory, const SetOptions &options);

} // namespace revisor
