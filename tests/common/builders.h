#pragma once

#include "checks/scenariofacts.h"
#include "core/revisionref.h"
#include "runner/stepresult.h"
#include "schema/catalogreader.h"
#include "schema/snapshot.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace revisor {

/// How QCOMPARE prints a revision: its label.
inline char *toString(const RevisionRef &revision)
{
    return qstrdup(revision.label().toUtf8().constData());
}

} // namespace revisor

/// Values built by hand for unit tests: revisions, columns, tables, steps.
namespace revisor::test {

/// The revision `id` ("" for base).
inline RevisionRef rev(const QString &id)
{
    return RevisionRef(id);
}

/// Snapshot options that leave out `tables` and nothing else.
inline SnapshotOptions leavingOut(const QList<TableName> &tables)
{
    SnapshotOptions o;
    o.leaveOut = tables;
    return o;
}

/// A probe that ran and passed, from `from` to `to`, in `ms`.
inline ProbeResult passedProbe(const QString &from, const QString &to, double ms)
{
    ProbeResult p;
    p.ran = true;
    p.ok = true;
    p.from = rev(from);
    p.to = rev(to);
    p.durationMs = ms;
    return p;
}

inline Column column(const QString &name, int position, const QString &type, bool notNull = false,
                     const QString &defaultExpr = {})
{
    Column c;
    c.name = name;
    c.position = position;
    c.type = type;
    c.notNull = notNull;
    c.defaultExpr = defaultExpr;
    return c;
}

/// Columns named `names`, in that order, all of `type`.
inline QList<Column> columns(const QStringList &names, const QString &type = QStringLiteral("text"))
{
    QList<Column> out;
    for (const QString &name : names)
        out << column(name, int(out.size()) + 1, type);
    return out;
}

/// A permanent table public.`name` owned by postgres.
inline Table table(const QString &name, QList<Column> columns)
{
    Table t;
    t.schema = QStringLiteral("public");
    t.name = name;
    t.kind = QStringLiteral("table");
    t.persistence = QStringLiteral("permanent");
    t.owner = QStringLiteral("postgres");
    t.columns = std::move(columns);
    return t;
}

/// A plpgsql trigger function public.`name`() (no definition).
inline Function triggerFunction(const QString &name)
{
    return Function{.schema = QStringLiteral("public"), .name = name, .arguments = {}, .kind = QStringLiteral("function"),
                    .result = QStringLiteral("trigger"), .language = QStringLiteral("plpgsql"), .definition = {},
                    .owner = {}, .acl = {}, .comment = {}};
}

/// The table `name` of `s` (fails the test program when there is none).
inline Table &tableOf(Snapshot &s, const QString &name)
{
    for (Table &t : s.tables) {
        if (t.name == name)
            return t;
    }
    qFatal("no table %s", qPrintable(name));
}

/// The failure message of a Result, evaluated even when it holds a value (QVERIFY2 does that).
template <typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

/// A step as the runner reports it.
inline StepResult step(StepResult::Kind kind, const QString &revision, const QString &from, const QString &to,
                       double ms = 10)
{
    StepResult s;
    s.kind = kind;
    s.revision = revision;
    s.from = RevisionRef(from);
    s.to = RevisionRef(to);
    s.durationMs = ms;
    s.startedAt = QDateTime::currentDateTimeUtc();
    return s;
}

} // namespace revisor::test
