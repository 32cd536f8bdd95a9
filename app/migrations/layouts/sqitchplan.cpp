// sqitch.plan as Sqitch 1.x reads it. The change and tag ids are SHA-1 digests of an "info"
// text Sqitch assembles from the plan (project, uri, name, parent change, planner, date,
// dependencies, note); they must come out byte for byte the same, or Sqitch would not
// recognise the changes Revisor records as the ones in its plan.
#include "migrations/layouts/sqitchplan.h"

#include "migrations/sourcefile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

namespace revisor {

namespace {

QString sha1Of(const QString &kind, const QString &info)
{
    const QByteArray content = info.toUtf8();
    QByteArray data = kind.toUtf8() + ' ' + QByteArray::number(content.size()) + '\0' + content;
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha1).toHex());
}

QString fileSha1(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha1).toHex());
}

// The note after '#', trimmed, with Sqitch's escapes (\\, \n, \r) read.
QString unescapeNote(QString note)
{
    note = note.trimmed();
    QString out;
    for (qsizetype i = 0; i < note.size(); ++i) {
        if (note.at(i) == QLatin1Char('\\') && i + 1 < note.size()) {
            const QChar next = note.at(i + 1);
            if (next == QLatin1Char('\\') || next == QLatin1Char('n') || next == QLatin1Char('r')) {
                out += next == QLatin1Char('n') ? QChar(u'\n') : next == QLatin1Char('r') ? QChar(u'\r') : QChar(u'\\');
                ++i;
                continue;
            }
        }
        out += note.at(i);
    }
    return out;
}

struct ParsedDependency
{
    QString project;
    QString change;
    QString tag;
    bool conflict = false;
};

} // namespace

Result<SqitchPlan> readSqitchPlan(const QString &directory)
{
    const QDir dir(directory);
    SqitchPlan plan;
    plan.file = dir.absoluteFilePath(QStringLiteral("sqitch.plan"));
    auto text = readSourceFile(plan.file);
    if (!text)
        return fail(text.error());

    static const QRegularExpression pragma(QStringLiteral("^\\s*%\\s*([A-Za-z_-]+)\\s*=\\s*(.*?)\\s*$"));
    static const QRegularExpression inlineNote(QStringLiteral("[ \\t]*(?:#[ \\t]*(.*))?$"));
    static const QRegularExpression entry(QStringLiteral(
        "^[ \\t]*(@)?([^ \\t:@#\\\\\\[]+)(?:[ \\t]+\\[([^\\]]+)\\][ \\t]*)?[ \\t]*"
        "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z)[ \\t]*([^<]+)[ \\t]+<([^>]+)>$"));
    static const QRegularExpression dependencyShape(QStringLiteral("^(!)?(?:([^:@ ]+):)?([^:@ ]*)(?:@([^:@ ]+))?$"));

    QHash<QString, int> latestByName;          // change name -> index of its latest version
    QHash<QString, int> namedInSection;        // change name -> plan line, since the last tag
    QList<QStringList> reworkTags;             // per change: tag names to try for its files
    int lineNo = 0;
    for (QString line : text->split(QLatin1Char('\n'))) {
        ++lineNo;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        if (const auto p = pragma.match(line); p.hasMatch()) {
            if (p.captured(1) == QLatin1String("project"))
                plan.project = p.captured(2);
            else if (p.captured(1) == QLatin1String("uri"))
                plan.uri = p.captured(2);
            else if (p.captured(1) == QLatin1String("syntax-version") && !p.captured(2).startsWith(QLatin1String("1.")))
                return fail(Error::input(plan.file, lineNo, QStringLiteral("plan syntax version %1 is not supported (1.x is)").arg(p.captured(2))));
            continue;
        }
        const auto n = inlineNote.match(line);
        const QString note = unescapeNote(n.captured(1));
        const QString body = line.left(n.capturedStart(0));
        if (body.trimmed().startsWith(QLatin1Char('+')) || body.trimmed().startsWith(QLatin1Char('-')))
            return fail(Error::input(plan.file, lineNo, QStringLiteral("deploy/revert operators (+/-) in the plan are not supported")));
        const auto m = entry.match(body);
        if (!m.hasMatch())
            return fail(Error::input(plan.file, lineNo, QStringLiteral("not a change or tag line (expected: name [dependencies] 2024-01-31T12:00:00Z Planner Name <email> # note)")));
        if (plan.project.isEmpty())
            return fail(Error::input(plan.file, lineNo, QStringLiteral("missing %project pragma before the first change")));
        const QString prefix = QStringLiteral("project %1\n%2").arg(plan.project, plan.uri.isEmpty() ? QString() : QStringLiteral("uri %1\n").arg(plan.uri));
        const QString planner = m.captured(5) + QStringLiteral(" <") + m.captured(6) + QLatin1Char('>');
        if (m.captured(1) == QLatin1String("@")) {
            if (plan.changes.isEmpty())
                return fail(Error::input(plan.file, lineNo, QStringLiteral("tag @%1 before any change").arg(m.captured(2))));
            if (!m.captured(3).isEmpty())
                return fail(Error::input(plan.file, lineNo, QStringLiteral("tags may not have dependencies")));
            SqitchChange &tagged = plan.changes.last();
            SqitchTag tag{m.captured(2), {}, m.captured(5), m.captured(6), m.captured(4), note};
            QString info = prefix + QStringLiteral("tag @%1\nchange %2\nplanner %3\ndate %4").arg(tag.name, tagged.id, planner, tag.date);
            if (!note.isEmpty())
                info += QStringLiteral("\n\n") + note;
            tag.id = sha1Of(QStringLiteral("tag"), info);
            tagged.tags << tag;
            namedInSection.clear();
            continue;
        }
        SqitchChange change;
        change.name = m.captured(2);
        change.note = note;
        change.plannerName = m.captured(5);
        change.plannerEmail = m.captured(6);
        change.date = m.captured(4);
        change.line = lineNo;
        if (const int earlier = namedInSection.value(change.name))
            return fail(Error::input(plan.file, lineNo, QStringLiteral("change \"%1\" duplicates the declaration on line %2 (rework it after a tag)").arg(change.name).arg(earlier)));
        QStringList required, conflicts;
        QStringList seen;
        for (const QString &spec : m.captured(3).split(QRegularExpression(QStringLiteral("[ \\t]+")), Qt::SkipEmptyParts)) {
            const auto d = dependencyShape.match(spec);
            if (!d.hasMatch() || (d.captured(3).isEmpty() && d.captured(4).isEmpty()) || seen.contains(spec))
                return fail(Error::input(plan.file, lineNo, QStringLiteral("\"%1\" is not a valid dependency").arg(spec)));
            seen << spec;
            const ParsedDependency dep{d.captured(2), d.captured(3), d.captured(4), !d.captured(1).isEmpty()};
            QString key = dep.change + (dep.tag.isEmpty() ? QString() : QLatin1Char('@') + dep.tag);
            const bool ours = dep.project.isEmpty() || dep.project == plan.project;
            SqitchDependency resolved{ours ? key : dep.project + QLatin1Char(':') + key, dep.conflict, {}};
            if (!dep.conflict) {
                if (!ours)
                    return fail(Error::input(plan.file, lineNo, QStringLiteral("dependency \"%1\" on another project is not supported").arg(spec)));
                // The change a requirement names: its latest version, or the one the tag saw.
                int index = -1;
                if (dep.change.isEmpty()) {
                    for (int i = int(plan.changes.size()) - 1; i >= 0 && index < 0; --i)
                        for (const SqitchTag &t : plan.changes.at(i).tags)
                            if (t.name == dep.tag)
                                index = i;
                } else if (dep.tag.isEmpty()) {
                    index = latestByName.value(dep.change, -1);
                } else {
                    int tagAt = -1;
                    for (int i = 0; i < plan.changes.size() && tagAt < 0; ++i)
                        for (const SqitchTag &t : plan.changes.at(i).tags)
                            if (t.name == dep.tag)
                                tagAt = i;
                    for (int i = tagAt; i >= 0 && index < 0; --i)
                        if (plan.changes.at(i).name == dep.change)
                            index = i;
                }
                if (index < 0)
                    return fail(Error::input(plan.file, lineNo, QStringLiteral("change \"%1\" requires \"%2\", which is not planned before it").arg(change.name, spec)));
                resolved.resolvedId = plan.changes.at(index).id;
                required << resolved.text;
            } else {
                conflicts << resolved.text;
            }
            change.dependencies << resolved;
        }
        QString info = prefix + QStringLiteral("change %1\n").arg(change.name);
        if (!plan.changes.isEmpty())
            info += QStringLiteral("parent %1\n").arg(plan.changes.constLast().id);
        info += QStringLiteral("planner %1\ndate %2").arg(planner, change.date);
        if (!required.isEmpty())
            info += QStringLiteral("\nrequires\n  + ") + required.join(QStringLiteral("\n  + "));
        if (!conflicts.isEmpty())
            info += QStringLiteral("\nconflicts\n  - ") + conflicts.join(QStringLiteral("\n  - "));
        if (!note.isEmpty())
            info += QStringLiteral("\n\n") + note;
        change.id = sha1Of(QStringLiteral("change"), info);

        // A rework: the earlier version's scripts move to name@tag.sql, the tag being the
        // first (newest first, then its own) whose deploy script exists.
        if (const int earlier = latestByName.value(change.name, -1); earlier >= 0) {
            QStringList tags;
            for (int i = int(plan.changes.size()) - 1; i > earlier; --i)
                for (const SqitchTag &t : plan.changes.at(i).tags)
                    tags << t.name;
            for (const SqitchTag &t : plan.changes.at(earlier).tags)
                tags << t.name;
            reworkTags[earlier] = tags;
        }
        latestByName.insert(change.name, int(plan.changes.size()));
        namedInSection.insert(change.name, lineNo);
        plan.changes << change;
        reworkTags << QStringList();
    }
    if (plan.project.isEmpty())
        return fail(Error::input(plan.file, 0, QStringLiteral("missing %project pragma")));
    if (plan.changes.isEmpty())
        return fail(Error::input(plan.file, 0, QStringLiteral("the plan has no changes")));

    for (int i = 0; i < plan.changes.size(); ++i) {
        SqitchChange &c = plan.changes[i];
        QString base = c.name;
        c.revisionId = c.name;
        if (!reworkTags.at(i).isEmpty()) {
            QString chosen = reworkTags.at(i).constFirst();
            for (const QString &t : reworkTags.at(i)) {
                if (QFileInfo::exists(dir.filePath(QStringLiteral("deploy/%1@%2.sql").arg(c.name, t)))) {
                    chosen = t;
                    break;
                }
            }
            base = c.name + QLatin1Char('@') + chosen;
            c.revisionId = base;
        }
        c.deployFile = dir.absoluteFilePath(QStringLiteral("deploy/%1.sql").arg(base));
        c.revertFile = dir.absoluteFilePath(QStringLiteral("revert/%1.sql").arg(base));
        c.verifyFile = dir.absoluteFilePath(QStringLiteral("verify/%1.sql").arg(base));
        c.scriptHash = fileSha1(c.deployFile);
    }
    return plan;
}

} // namespace revisor
