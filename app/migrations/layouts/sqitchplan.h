#pragma once

#include "core/error.h"

#include <QList>
#include <QString>

namespace revisor {

/// A dependency of a Sqitch change as the plan writes it ("users", "users@v1.0", "!old").
struct SqitchDependency
{
    QString text;        ///< as Sqitch records it: the key, prefixed by the project when another
    bool conflict = false;
    QString resolvedId;  ///< the change id a requirement names (empty for a conflict)
};

/// A tag, attached to the change before it in the plan.
struct SqitchTag
{
    QString name;        ///< without the '@'
    QString id;          ///< SHA-1 of its info, as Sqitch computes it
    QString plannerName;
    QString plannerEmail;
    QString date;        ///< as the plan writes it: 2024-01-31T12:00:00Z
    QString note;
};

/// One change of sqitch.plan, with everything Sqitch's registry records about it.
struct SqitchChange
{
    QString name;
    QString revisionId;  ///< Revisor's id: the name, or name@tag for a reworked earlier version
    QString id;          ///< Sqitch's change_id: SHA-1 of its info
    QString note;
    QString plannerName;
    QString plannerEmail;
    QString date;
    QList<SqitchDependency> dependencies;
    QList<SqitchTag> tags;
    QString deployFile;  ///< absolute paths; a reworked earlier version's are name@tag.sql
    QString revertFile;
    QString verifyFile;
    QString scriptHash;  ///< SHA-1 of the deploy file's bytes, empty when it does not exist
    int line = 0;        ///< in sqitch.plan
};

struct SqitchPlan
{
    QString file;        ///< sqitch.plan's absolute path
    QString project;
    QString uri;         ///< %uri, or empty
    QList<SqitchChange> changes;   ///< in plan order
};

/// Reads `directory`/sqitch.plan: pragmas, changes, tags, dependencies and reworked changes,
/// each change's id computed as Sqitch computes it (so the registry rows Revisor writes are
/// the ones Sqitch itself would write). Errors name sqitch.plan and the line.
Result<SqitchPlan> readSqitchPlan(const QString &directory);

} // namespace revisor
