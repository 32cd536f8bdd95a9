#include "migrationset.h"
#include "setreaders.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace revisor {

namespace {

QString where(const Revision &r, int line = 0)
{
    return QStringLiteral("%1:%2").arg(r.file).arg(line ? line : r.headerLine);
}

// Several problems in one error: each line names its file and line; the Error's own file
// and line are the first problem's, so a GUI can jump to it.
Error graphError(const QList<std::pair<const Revision *, QString>> &problems)
{
    QStringList lines;
    for (const auto &[rev, text] : problems)
        lines << QStringLiteral("%1: %2").arg(where(*rev), text);
    Error e = Error::input(problems.first().first->file, problems.first().first->headerLine, problems.first().second);
    if (problems.size() > 1)
        e.message = QStringLiteral("invalid revision graph:\n") + lines.join(QLatin1Char('\n'));
    return e;
}

} // namespace

Result<MigrationSet> MigrationSet::load(const QString &directory, const SetOptions &options)
{
    return readMigrationSet(directory, options);
}

Result<MigrationSet> MigrationSet::fromRevisions(const QString &directory, QList<Revision> revisions,
                                                 const SetOptions &options)
{
    if (revisions.isEmpty())
        return fail(Error::input(directory, 0, QStringLiteral("no revisions")));
    QList<std::pair<const Revision *, QString>> problems;
    QHash<QString, const Revision *> byId;
    for (const Revision &r : revisions) {
        if (const Revision *other = byId.value(r.id)) {
            problems.append({&r, QStringLiteral("duplicate revision id '%1' (also in %2)").arg(r.id, where(*other))});
            continue;
        }
        byId.insert(r.id, &r);
    }
    QHash<QString, QList<const Revision *>> children;
    QList<const Revision *> bases;
    for (const Revision &r : revisions) {
        if (r.revises.isBase()) {
            bases << &r;
        } else if (!byId.contains(r.revises.id())) {
            problems.append({&r, QStringLiteral("revision '%1' revises unknown revision '%2'").arg(r.id, r.revises.id())});
        } else {
            children[r.revises.id()] << &r;
        }
    }
    if (!problems.isEmpty())
        return fail(graphError(problems));

    // Cycles: walk down from every revision; a walk that meets itself loops. A walk stops at a
    // revision an earlier walk already took down to base, so the whole check is linear (walking
    // every revision to base made loading a long chain quadratic).
    QSet<QString> reachesBase;
    for (const Revision &r : revisions) {
        QSet<QString> seen{r.id};
        for (const Revision *p = byId.value(r.revises.id()); p && !reachesBase.contains(p->id); p = byId.value(p->revises.id())) {
            if (seen.contains(p->id)) {
                QStringList ids(seen.begin(), seen.end());
                ids.sort();
                return fail(graphError({{&r, QStringLiteral("cycle in the revision graph through %1").arg(ids.join(QStringLiteral(", ")))}}));
            }
            seen.insert(p->id);
        }
        reachesBase.unite(seen);
    }
    if (bases.isEmpty())
        return fail(graphError({{&revisions.first(), QStringLiteral("no base revision (every revision revises another)")}}));
    if (bases.size() > 1) {
        QStringList ids;
        for (const Revision *b : bases)
            ids << QStringLiteral("'%1' (%2)").arg(b->id, where(*b));
        return fail(graphError({{bases.at(1), QStringLiteral("several base revisions: %1; a set needs exactly one").arg(ids.join(QStringLiteral(", ")))}}));
    }
    for (auto it = children.cbegin(); it != children.cend(); ++it) {
        if (it->size() > 1) {
            QStringList ids;
            for (const Revision *c : *it)
                ids << QStringLiteral("'%1' (%2)").arg(c->id, where(*c));
            return fail(graphError({{it->at(1), QStringLiteral("branch: revision '%1' is revised by %2; several heads are not supported yet")
                                                     .arg(it.key(), ids.join(QStringLiteral(", ")))}}));
        }
    }

    MigrationSet set;
    set.m_directory = directory;
    set.m_options = options;
    if (set.m_options.format.isEmpty())
        set.m_options.format = QStringLiteral("native");
    if (set.m_options.seedsDirectory.isEmpty())
        set.m_options.seedsDirectory = QDir(directory).filePath(QStringLiteral("seeds"));
    if (set.m_options.checksDirectory.isEmpty())
        set.m_options.checksDirectory = QDir(directory).filePath(QStringLiteral("checks"));
    for (const Revision *r = bases.first(); r;) {
        set.m_chain << *r;
        const auto next = children.value(r->id);
        r = next.isEmpty() ? nullptr : next.first();
    }
    return set;
}

QString MigrationSet::name() const
{
    return QFileInfo(m_directory).fileName();
}

const Revision *MigrationSet::find(const RevisionRef &ref) const
{
    const auto h = height(ref);
    return h && *h > 0 ? &m_chain.at(*h - 1) : nullptr;
}

std::optional<qsizetype> MigrationSet::height(const RevisionRef &ref) const
{
    if (ref.isBase())
        return 0;
    for (qsizetype i = 0; i < m_chain.size(); ++i) {
        if (m_chain.at(i).id == ref.id())
            return i + 1;
    }
    return std::nullopt;
}

RevisionRef MigrationSet::at(qsizetype height) const
{
    return height > 0 && height <= m_chain.size() ? RevisionRef(m_chain.at(height - 1).id) : RevisionRef::base();
}

RevisionRef MigrationSet::head() const
{
    return at(m_chain.size());
}

Error MigrationSet::notInSet(const RevisionRef &current) const
{
    return Error::input(m_directory, 0, QStringLiteral("the database is at revision '%1', which is not in this set").arg(current.id()));
}

Result<RevisionRef> MigrationSet::resolveTarget(const RevisionRef &current, const QString &target) const
{
    const QString t = target.trimmed();
    const auto here = height(current);
    if (!here)
        return fail(notInSet(current));
    static const QRegularExpression relative(QStringLiteral("^([+-])(\\d+)$"));
    if (t.isEmpty())
        return fail(Error::usage(QStringLiteral("no target revision given (use head, base, an id, +N or -N)")));
    if (t == QLatin1String("head") || t == QLatin1String("heads"))
        return head();
    if (t == QLatin1String("base"))
        return RevisionRef::base();
    if (const auto m = relative.match(t); m.hasMatch()) {
        const qsizetype n = m.captured(2).toLongLong();
        if (m.captured(1) == QLatin1String("+")) {
            if (*here + n > m_chain.size())
                return fail(Error::usage(QStringLiteral("cannot go %1 up from %2: only %3 revision(s) above it")
                                             .arg(t, current.label()).arg(m_chain.size() - *here)));
            return at(*here + n);
        }
        if (n > *here)
            return fail(Error::usage(QStringLiteral("cannot go %1 down from %2: only %3 revision(s) applied")
                                         .arg(t, current.label()).arg(*here)));
        return at(*here - n);
    }
    if (const RevisionRef exact(t); height(exact))
        return exact;
    QStringList matches;
    for (const Revision &r : m_chain) {
        if (r.id.startsWith(t))
            matches << r.id;
    }
    if (matches.size() == 1)
        return RevisionRef(matches.first());
    if (matches.size() > 1)
        return fail(Error::usage(QStringLiteral("revision '%1' is ambiguous: %2").arg(t, matches.join(QStringLiteral(", ")))));
    return fail(Error::usage(QStringLiteral("unknown revision '%1' in set %2").arg(t, name())));
}

Result<QList<PlannedStep>> MigrationSet::plan(const RevisionRef &current, const RevisionRef &target) const
{
    const auto from = height(current);
    const auto to = height(target);
    if (!from)
        return fail(notInSet(current));
    if (!to)
        return fail(Error::usage(QStringLiteral("unknown revision '%1'").arg(target.id())));
    QList<PlannedStep> steps;
    for (qsizetype h = *from + 1; h <= *to; ++h)
        steps << PlannedStep{PlannedStep::Direction::Up, m_chain.at(h - 1), at(h - 1), at(h)};
    for (qsizetype h = *from; h > *to; --h) {
        const Revision &r = m_chain.at(h - 1);
        if (r.irreversible)
            return fail(Error::input(r.file, r.headerLine, QStringLiteral("revision '%1' is irreversible; cannot downgrade past it").arg(r.id)));
        steps << PlannedStep{PlannedStep::Direction::Down, r, at(h), at(h - 1)};
    }
    return steps;
}

QStringList MigrationSet::seedNames() const
{
    QStringList names;
    const QDir seeds(m_options.seedsDirectory);
    for (const QFileInfo &fi : seeds.entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
        names << fi.completeBaseName();
    return names;
}

QString MigrationSet::seedPath(const QString &name) const
{
    return QDir(m_options.seedsDirectory).filePath(name + QStringLiteral(".sql"));
}

QStringList MigrationSet::checkFiles() const
{
    QStringList paths;
    const QDir checks(m_options.checksDirectory);
    for (const QFileInfo &fi : checks.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << fi.absoluteFilePath();
    return paths;
}

} // namespace revisor
