#pragma once

#include "migrations/migrationset.h"
#include "runner/scriptexecutor.h"

#include <QMap>

namespace revisor {

/// A seed file: SQL plus declared parameters ("-- param: name=default"), what each does
/// ("-- describe: name=text") and how many rows it writes
/// ("-- estimate: repositories*chunks rows, 6400 bytes each").
struct Seed
{
    QString name;
    QString file;
    QString message;
    /// "-- at:": "baseline" (default), or "upgraded": the rows an application writes once the
    /// upgrade is live, which the rollback must keep (or may lose only where declared).
    QString at = QStringLiteral("baseline");
    QMap<QString, QString> parameters; ///< declared defaults
    QMap<QString, QString> descriptions; ///< parameter -> its effect, in words
    QStringList estimateFactors;       ///< parameters whose product is the row count
    qint64 estimateRowBytes = 0;       ///< bytes per row; 0: no size estimate
    QString sql;
    int firstLine = 1;

    /// "total rows = 100 x 100 = 10,000, about 61 MB" for `values` (defaults for the missing
    /// ones); empty without an estimate or when a factor is not a whole number.
    QString estimateText(const QMap<QString, QString> &values) const;
};

/// Parses a seed file's text (its header of declared parameters); errors name fileName and the line.
Result<Seed> parseSeed(const QString &text, const QString &fileName);
Result<Seed> readSeed(const MigrationSet &set, const QString &name);

/// Runs a seed in one transaction. Parameters reach the SQL as settings
/// (current_setting('revisor.param.<name>')), set with bound values, never spliced into SQL.
Result<StepResult> runSeed(Session &session, const Seed &seed, const QMap<QString, QString> &values,
                           const std::atomic_bool &cancel, const RunObserver &observer = {});

} // namespace revisor
