#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QList>
#include <QString>

namespace revisor {

/// One line of a report's header: a name and a plain-text value (each writer escapes it).
struct ReportField
{
    QString name;
    QString value;
};

/// What a report describes, in the order every format shows it: set, database (never with a
/// password: the result holds the redacted connection), baseline, target, the revision it
/// ended at, when the rehearsal started, server, seed.
QList<ReportField> headerFields(const RehearsalResult &result);

/// The budgets the result was judged against, each with what was measured and the verdict:
/// "30 s; took 160 ms: within", "30 s; not judged: rollback 002 -> 005 failed at ...".
QList<ReportField> budgetFields(const RehearsalResult &result);

/// A duration as people read it: "0.85 ms", "160 ms", "2.35 s".
QString durationText(double ms);

} // namespace revisor
