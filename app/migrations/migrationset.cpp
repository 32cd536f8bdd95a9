#include "migrationset.h"
#include "revisiongraph.h"
#include "setreaders.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace revisor {

Result<MigrationSet> MigrationSet::load(const QString &directory, const SetOptions &options)
{
    return readMigrationSet(directory, options);
}

Result<MigrationSet> MigrationSet::fromRevisions(const QString &directory, QList<Revision> revisions,
                                                 const SetOptions &options)
{
    if (revisions.isEmpty())
        return fail(Error::input(directory, 0, QStringLiteral("no revisions")));
    if (auto valid = validateGraph(revisions); !valid)
        return fail(valid.error());
    QList<const Revision *> bases;
    QHash<QString, QList<const Revision *>> children;
    for (const Revision &r : revisions) {
        if (r.revises.isBase())
            bases << &r;
        else
            children[r.revises.id()] << &r;
    }
    if (bases.size() > 1) {
        QStringList ids;
        for (const Revision *b : bases)
            ids << QStringLiteral("'%1' (%2)").arg(b->id, revisionLocation(*b));
        return fail(graphError({{bases.at(1), QStringLiteral("several base revisions: %1; a set needs exactly one").arg(ids.join(QStringLiteral(", ")))}}));
    }
    for (auto it = children.cbegin(); it != children.cend(); ++it) {
        if (it->size() > 1) {
            QStringList ids;
            for (const Revision *c : *it)
                ids << QStringLiteral("'%1' (%2)").arg(c->id, revisionLocation(*c));
            return fail(graphError({{it->at(1), QStringLiteral("branch: revision '%1' is revised by %2; several heads are not supported yet")
                                                     .arg(it.key(), ids.join(QStringLiteral(", ")))}}));
        }
    }
    return fromGraph(directory, std::move(revisions), options);
}

Result<MigrationSet> MigrationSet::fromGraph(const QString &directory, QList<Revision> revisions, const SetOptions &options)
{
    if (revisions.isEmpty())
        return fail(Error::input(directory, 0, QStringLiteral("no revisions")));
    if (auto valid = validateGraph(revisions); !valid)
        return fail(valid.error());
    MigrationSet set;
    set.m_directory = directory;
    set.m_options = options;
    if (set.m_options.format.isEmpty())
        set.m_options.format = QStringLiteral("native");
    if (set.m_options.seedsDirectory.isEmpty())
        set.m_options.seedsDirectory = QDir(directory).filePath(QStringLiteral("seeds"));
    if (set.m_options.checksDirectory.isEmpty())
        set.m_options.checksDirectory = QDir(directory).filePath(QStringLiteral("checks"));
    set.m_chain = applyOrder(revisions);
    return set;
}

bool MigrationSet::isLinear() const
{
    for (qsizetype i = 0; i < m_chain.size(); ++i) {
        const Revision &r = m_chain.at(i);
        const QStringList expected = i == 0 ? QStringList() : QStringList{m_chain.at(i - 1).id};
        if (r.prerequisites() != expected)
            return false;
    }
    return true;
}

QStringList MigrationSet::heads() const
{
    QSet<QString> below;
    for (const Revision &r : m_chain) {
        for (const QString &p : r.parents())
            below.insert(p);
    }
    QStringList out;
    for (const Revision &r : m_chain) {
        if (!below.contains(r.id))
            out << r.id;
    }
    return out;
}

QStringList MigrationSet::branchPoints() const
{
    QHash<QString, int> childCount;
    for (const Revision &r : m_chain) {
        for (const QString &p : r.parents())
            ++childCount[p];
    }
    QStringList out;
    for (const Revision &r : m_chain) {
        if (childCount.value(r.id) > 1)
            out << r.id;
    }
    return out;
}

QStringList MigrationSet::appliedHeads(qsizetype height) const
{
    const qsizetype h = std::clamp<qsizetype>(height, 0, m_chain.size());
    QSet<QString> below;
    for (qsizetype i = 0; i < h; ++i) {
        for (const QString &p : m_chain.at(i).prerequisites())
            below.insert(p);
    }
    QStringList out;
    for (qsizetype i = 0; i < h; ++i) {
        if (!below.contains(m_chain.at(i).id))
            out << m_chain.at(i).id;
    }
    return out;
}

std::optional<qsizetype> MigrationSet::heightOfApplied(const QStringList &recorded) const
{
    // What the recorded heads stand for: them and everything they require, transitively.
    QHash<QString, const Revision *> byId;
    for (const Revision &r : m_chain)
        byId.insert(r.id, &r);
    QSet<QString> applied;
    QStringList todo = recorded;
    while (!todo.isEmpty()) {
        const QString id = todo.takeLast();
        if (applied.contains(id))
            continue;
        const Revision *r = byId.value(id);
        if (!r)
            return std::nullopt;
        applied.insert(id);
        todo += r->prerequisites();
    }
    const qsizetype h = applied.size();
    for (qsizetype i = 0; i < h; ++i) {
        if (!applied.contains(m_chain.at(i).id))
            return std::nullopt;
    }
    return h;
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
    if (t == QLatin1String("head")) {
        if (const QStringList all = heads(); all.size() > 1)
            return fail(Error::usage(QStringLiteral("set %1 has several heads (%2): use heads, or <branch>@head for one of them")
                                         .arg(name(), all.join(QStringLiteral(", ")))));
        return head();
    }
    if (t == QLatin1String("heads"))
        return head();
    if (t.endsWith(QLatin1String("@head")))
        return branchHead(t.chopped(5));
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

Result<RevisionRef> MigrationSet::branchHead(const QString &branch) const
{
    // The revisions of the branch: those labelled with its name, or else those at or above the
    // revision it names (an id or a unique prefix).
    QSet<QString> members;
    for (const Revision &r : m_chain) {
        if (r.branchLabels.contains(branch))
            members.insert(r.id);
    }
    if (members.isEmpty()) {
        auto start = resolveTarget(RevisionRef::base(), branch);
        if (!start || start->isBase())
            return fail(Error::usage(QStringLiteral("unknown branch '%1' in set %2 (neither a branch label nor a revision)").arg(branch, name())));
        members.insert(start->id());
        for (const Revision &r : m_chain) {
            for (const QString &p : r.parents()) {
                if (members.contains(p))
                    members.insert(r.id);
            }
        }
    }
    const QStringList tops = heads();
    QStringList found;
    for (const QString &h : tops) {
        if (members.contains(h))
            found << h;
    }
    if (found.size() != 1)
        return fail(Error::usage(QStringLiteral("branch '%1' has %2 heads%3").arg(branch).arg(found.size())
                                     .arg(found.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(found.join(QStringLiteral(", "))))));
    return RevisionRef(found.first());
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
