#include "checkresult.h"

#include <QJsonArray>

#include <algorithm>

namespace revisor {

QString CheckResult::statusName(Status status)
{
    switch (status) {
    case Status::Pass: return QStringLiteral("pass");
    case Status::Fail: return QStringLiteral("fail");
    case Status::Warn: return QStringLiteral("warn");
    case Status::Skip: return QStringLiteral("skip");
    }
    return {};
}

CheckResult::Status CheckResult::statusFromName(const QString &name)
{
    if (name == QLatin1String("fail"))
        return Status::Fail;
    if (name == QLatin1String("warn"))
        return Status::Warn;
    if (name == QLatin1String("skip"))
        return Status::Skip;
    return Status::Pass;
}

QJsonObject CheckResult::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("title"), title},
            {QStringLiteral("status"), statusName(status)},
            {QStringLiteral("detail"), detail},
            {QStringLiteral("objects"), QJsonArray::fromStringList(objects)},
            {QStringLiteral("origin"), origin}};
}

CheckResult CheckResult::fromJson(const QJsonObject &o)
{
    CheckResult c;
    c.id = o.value(QStringLiteral("id")).toString();
    c.title = o.value(QStringLiteral("title")).toString();
    c.status = statusFromName(o.value(QStringLiteral("status")).toString());
    c.detail = o.value(QStringLiteral("detail")).toString();
    for (const auto &v : o.value(QStringLiteral("objects")).toArray())
        c.objects << v.toString();
    c.origin = o.value(QStringLiteral("origin")).toString();
    return c;
}

void sortFailingFirst(QList<CheckResult> &checks)
{
    auto rank = [](CheckResult::Status s) {
        switch (s) {
        case CheckResult::Status::Fail: return 0;
        case CheckResult::Status::Warn: return 1;
        case CheckResult::Status::Skip: return 2;
        case CheckResult::Status::Pass: return 3;
        }
        return 3;
    };
    std::stable_sort(checks.begin(), checks.end(),
                     [&](const CheckResult &a, const CheckResult &b) { return rank(a.status) < rank(b.status); });
}

const CheckResult *findCheck(const QList<CheckResult> &checks, const QString &id)
{
    const auto it = std::find_if(checks.cbegin(), checks.cend(), [&id](const CheckResult &c) { return c.id == id; });
    return it == checks.cend() ? nullptr : &*it;
}

} // namespace revisor
