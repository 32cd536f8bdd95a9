#pragma once

#include "core/error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace revisor {

/// The verdict of one check: a value, with the objects it is about named in the detail.
struct CheckResult
{
    enum class Status { Pass, Fail, Warn, Skip };

    QString id;          ///< "V1.3", "schema.identical", ...
    QString title;       ///< what the check proves
    Status status = Status::Pass;
    QString detail;      ///< names the objects involved; why it failed
    QStringList objects; ///< qualified names of the objects involved
    QString origin;      ///< "generic", or the checks file it was declared in

    bool failed() const { return status == Status::Fail; }
    static QString statusName(Status status);
    static Status statusFromName(const QString &name);
    QJsonObject toJson() const;
    static CheckResult fromJson(const QJsonObject &o);
    friend bool operator==(const CheckResult &, const CheckResult &) = default;
};

/// Failing first, then warnings, skips and passes; stable within each.
void sortFailingFirst(QList<CheckResult> &checks);

/// The check with `id` in `checks`, or null.
const CheckResult *findCheck(const QList<CheckResult> &checks, const QString &id);

} // namespace revisor
