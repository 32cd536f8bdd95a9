#pragma once

#include "checks/declarations.h"
#include "core/error.h"
#include "migrations/migrationset.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace revisor {

/// One declarative check from a set's checks/*.json ("revisor-checks/1"), in the spirit of
/// pgTAP: objects present or absent by name or pattern, row counts against the baseline, a
/// query's value, a step's duration, the further-downgrade probe.
struct CheckSpec
{
    QString id;
    QString title;
    QString assertion;       ///< table_present, column_absent, index_absent, query_equals, ...
    QString at = QStringLiteral("rolled_back"); ///< baseline, upgraded, rolled_back
    QStringList tables;      ///< qualified names ("table": string or list)
    QString schema = QStringLiteral("public");
    QString column;
    QString name;            ///< exact object name
    QString pattern;         ///< regular expression on the object name
    QString constraintType;  ///< check, unique, foreign key, primary key, exclusion
    QString sql;             ///< query_equals
    QString expect;          ///< query_equals: expected first value, as text
    QString step;            ///< step_duration_under: upgrade, downgrade, baseline, seed, scenario
    double budgetMs = 0;
    QString expectRevision;  ///< downgrade_probe
    QString file;            ///< where it was declared
    int index = 0;           ///< position in the file's "checks" array

    friend bool operator==(const CheckSpec &, const CheckSpec &) = default;
};

/// Every checks file of a set, plus the tables whose data loss on rollback is expected.
struct CheckSuite
{
    QList<CheckSpec> checks;
    QStringList expectedDataLoss; ///< qualified table names
    QList<Declaration> declarations; ///< the files' "expect" lists
};

/// The assertions this version understands.
QStringList knownAssertions();

/// Reads and validates checks/*.json; errors name the file, the check (index and id) and the field.
Result<CheckSuite> loadCheckSuite(const MigrationSet &set);
Result<CheckSuite> parseCheckFile(const QByteArray &json, const QString &file);

} // namespace revisor
