#pragma once

#include "migrations/migrationset.h"

#include <QDir>

namespace revisor::layouts {

/// A numbered revision of a layout before it is chained: its version as the file name spells
/// it, which orders the revisions by number ("10" after "9", "0010" equal to "10").
struct Numbered
{
    QString version;   ///< digits as in the file name
    Revision revision; ///< without `revises`
};

/// Compares two version strings by their numeric value (any length, leading zeros ignored),
/// dotted ones part by part.
int compareVersions(const QString &a, const QString &b);

/// Sorts by version, refuses two revisions with the same number (naming both files), chains
/// each to the one below and builds the set with `options` (format already set).
Result<MigrationSet> chainByVersion(const QString &directory, QList<Numbered> revisions, const SetOptions &options);

/// Reads and splits one section file: its text (validated UTF-8) and statements, so a file
/// that cannot run is refused when the set is read.
struct SectionFile
{
    QString path;
    QString text;
    QList<SqlStatement> statements;
};
Result<SectionFile> readSection(const QString &path);

/// Statements PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY,
/// VACUUM, ALTER SYSTEM, CREATE DATABASE...): the first one, or null. A file holding one
/// runs statement by statement, as the tools that run a file in one go effectively do.
const SqlStatement *firstNonTransactional(const QList<SqlStatement> &statements);

/// The folder of `dir` named `sub` if it exists, else `dir` itself.
QDir subfolderOr(const QDir &dir, const QString &sub);

} // namespace revisor::layouts
