#include "brokencopy.h"

#include "db/session.h"
#include "migrations/migrationset.h"
#include "testserver.h"

#include <QFile>

namespace revisor::test {

QString bundledSet()
{
    return sourceDir() + QStringLiteral("/migrations/codebase_mcp");
}

QString bundledRevision002Path()
{
    return QStringLiteral("versions/002_project_id_and_search_only.sql");
}

QString revision002WithDown(const QString &find, const QString &replace)
{
    QFile f(bundledSet() + QLatin1Char('/') + bundledRevision002Path());
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    const QString original = QString::fromUtf8(f.readAll());
    const qsizetype marker = original.indexOf(QLatin1String("-- migrate:down"));
    if (marker < 0)
        qFatal("no down section in %s", qPrintable(f.fileName()));
    QString down = original.mid(marker);
    if (find.isEmpty()) {
        down += QLatin1Char('\n') + replace + QLatin1Char('\n');
    } else {
        if (down.count(find) != 1)
            qFatal("\"%s\" occurs %lld times in the down section", qPrintable(find), qlonglong(down.count(find)));
        down.replace(find, replace);
    }
    return original.left(marker) + down;
}

RehearsalResult rehearseSet(const QString &setDirectory, const QString &prefix, const RehearsalOptions &options)
{
    auto set = MigrationSet::load(setDirectory);
    if (!set)
        qFatal("%s", qPrintable(set.error().toString()));
    auto settings = freshDatabase(prefix);
    if (!settings)
        qFatal("%s", qPrintable(settings.error().toString()));
    const std::unique_ptr<Session> session = openSession(*settings);
    Rehearsal rehearsal(*session, *set, options);
    auto outcome = rehearsal.run();
    if (!outcome)
        qFatal("rehearsal of %s could not run: %s", qPrintable(setDirectory), qPrintable(outcome.error().toString()));
    return outcome->result;
}

QString describeChecks(const RehearsalResult &r)
{
    QStringList lines;
    for (const CheckResult &c : r.checks)
        lines << QStringLiteral("%1 [%2] %3").arg(c.id, CheckResult::statusName(c.status), c.detail.left(400));
    if (r.error)
        lines << QStringLiteral("error: ") + r.error->toString();
    return lines.join(QLatin1Char('\n'));
}

QString unmetExpectation(const RehearsalResult &r, const QString &expectation, CheckResult::Status status)
{
    const QString id = expectation.section(QLatin1Char(':'), 0, 0);
    const QString needle = expectation.section(QLatin1Char(':'), 1);
    const CheckResult *c = findCheck(r.checks, id);
    if (!c)
        return QStringLiteral("check %1 missing:\n%2").arg(id, describeChecks(r));
    if (c->status != status)
        return QStringLiteral("%1 should be %2:\n%3").arg(id, CheckResult::statusName(status), describeChecks(r));
    if (!c->detail.contains(needle) && !c->objects.join(QLatin1Char('\n')).contains(needle))
        return QStringLiteral("%1 does not name '%2': %3 [objects: %4]").arg(id, needle, c->detail, c->objects.join(QStringLiteral(", ")));
    return {};
}

} // namespace revisor::test
