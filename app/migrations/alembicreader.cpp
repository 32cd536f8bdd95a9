// The Alembic reader: the revision graph as the project's own Alembic reports it
// (`alembic history --verbose`), and each revision's SQL as Alembic renders it offline
// (`alembic upgrade A:B --sql`). No Python file is parsed here: ids, down revisions, merge
// points, dependencies, branch names, paths and messages are Alembic's answer.
#include "alembicproject.h"
#include "setreaders.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <future>
#include <vector>

namespace revisor {

namespace {

// How Alembic's offline rendering is reached: a URL naming only the dialect, so neither a
// server nor a password is involved (env.py's offline mode reads it from sqlalchemy.url or,
// in the other common style, from DATABASE_URL).
const QString OfflineUrl = QStringLiteral("postgresql://");

QProcessEnvironment offlineEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), OfflineUrl);
    return env;
}

QStringList commaList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString id = part.trimmed();
        if (!id.isEmpty() && id != QLatin1String("<base>"))
            out << id;
    }
    return out;
}

// The line of the revision's "revision = ..." assignment, for messages (1 when not found).
int revisionLine(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 1;
    static const QRegularExpression assignment(QStringLiteral("^revision\\s*(:[^=]*)?="));
    int line = 0;
    while (!f.atEnd()) {
        ++line;
        if (assignment.match(QString::fromUtf8(f.readLine())).hasMatch())
            return line;
    }
    return 1;
}

// `alembic history --verbose`: one block per revision, newest first.
Result<QList<Revision>> parseHistory(const AlembicProject &project, const QString &text)
{
    QList<Revision> revisions;
    Revision *current = nullptr;
    bool inDoc = false;
    QStringList doc;
    const auto finishDoc = [&] {
        if (current && current->message.isEmpty()) {
            // The first paragraph of the module docstring is the message Alembic shows.
            QStringList first;
            for (const QString &l : doc) {
                if (l.trimmed().isEmpty() && !first.isEmpty())
                    break;
                if (!l.trimmed().isEmpty())
                    first << l.trimmed();
            }
            current->message = first.join(QLatin1Char(' '));
        }
        doc.clear();
    };
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Rev: "))) {
            finishDoc();
            inDoc = false;
            revisions.append(Revision{});
            current = &revisions.last();
            current->id = line.mid(5).section(QLatin1Char(' '), 0, 0).trimmed();
            current->transactional = true;
            continue;
        }
        if (!current)
            continue;
        if (inDoc) {
            doc << line;
            continue;
        }
        const qsizetype colon = line.indexOf(QLatin1String(": "));
        const QString key = colon > 0 ? line.left(colon) : QString();
        const QString value = colon > 0 ? line.mid(colon + 2).trimmed() : QString();
        if (key == QLatin1String("Parent") || key == QLatin1String("Merges")) {
            const QStringList parents = commaList(value);
            current->revises = parents.isEmpty() ? RevisionRef::base() : RevisionRef(parents.first());
            current->mergedRevisions = parents.mid(1);
        } else if (key == QLatin1String("Also depends on")) {
            current->dependsOn = commaList(value);
        } else if (key == QLatin1String("Branch names")) {
            current->branchLabels = commaList(value);
        } else if (key == QLatin1String("Path")) {
            current->file = QFileInfo(value).absoluteFilePath();
            current->headerLine = revisionLine(current->file);
        } else if (line.trimmed().isEmpty()) {
            inDoc = true;
        }
    }
    finishDoc();
    if (revisions.isEmpty())
        return fail(Error::input(project.scriptLocation, 0, QStringLiteral("%1 has no revisions (alembic history printed none)").arg(project.label())));
    // Oldest first: the apply order breaks ties in the order it is given.
    std::reverse(revisions.begin(), revisions.end());
    return revisions;
}

// What one revision renders to: per revision id, the SQL Alembic printed for it (its own
// statements, without Alembic's BEGIN/COMMIT and its version-table bookkeeping).
QHash<QString, QString> splitRendered(const QString &script, bool up, const QString &versionTable)
{
    static const QRegularExpression marker(QStringLiteral("^-- Running (upgrade|downgrade) (.*) -> (.*)$"));
    QHash<QString, QString> out;
    QString owner;
    QStringList blocks;
    const auto flush = [&] {
        if (!owner.isEmpty())
            out.insert(owner, blocks.join(QStringLiteral("\n\n")).trimmed() + QLatin1Char('\n'));
        blocks.clear();
    };
    const QRegularExpression bookkeeping(QStringLiteral("^(INSERT INTO|UPDATE|DELETE FROM) %1\\b").arg(QRegularExpression::escape(versionTable)));
    for (const QString &block : script.split(QStringLiteral("\n\n"))) {
        const QString b = block.trimmed();
        if (const auto m = marker.match(b); m.hasMatch()) {
            flush();
            owner = (up ? m.captured(3) : m.captured(2)).trimmed();
            continue;
        }
        if (b.isEmpty() || b == QLatin1String("BEGIN;") || b == QLatin1String("COMMIT;") || bookkeeping.match(b).hasMatch())
            continue;
        blocks << b;
    }
    flush();
    return out;
}

struct Rendered
{
    QString sql;
    QString unavailable;
    std::optional<Error> broken; ///< env.py itself cannot load: no step of the project can run
};

// Whether a failed run stopped because env.py cannot even be loaded (a syntax error, a
// missing import), rather than because one revision cannot render offline.
bool envPyBroken(const AlembicProject &project, const AlembicRun &run)
{
    const QString file = failingScriptFrame(run.output, project.scriptLocation).first;
    static const QRegularExpression loadError(QStringLiteral("^(SyntaxError|IndentationError|ImportError|ModuleNotFoundError|NameError)\\b"));
    return file == QDir(project.scriptLocation).filePath(QStringLiteral("env.py"))
        && loadError.match(lastAlembicMessage(run.output)).hasMatch();
}

// Renders one direction of one revision by itself.
Rendered renderStep(const AlembicProject &project, const QString &config, const Revision &r, bool up)
{
    const QString below = r.parents().isEmpty() ? QStringLiteral("base") : r.parents().first();
    const QStringList args = up ? QStringList{QStringLiteral("upgrade"), QStringLiteral("%1:%2").arg(below, r.id), QStringLiteral("--sql")}
                                : QStringList{QStringLiteral("downgrade"), QStringLiteral("%1:%2").arg(r.id, below), QStringLiteral("--sql")};
    const AlembicRun run = runAlembic(project, config, args, offlineEnvironment());
    if (!run.ok() && envPyBroken(project, run))
        return {{}, {}, alembicRunError(project, args, run)};
    if (!run.ok())
        return {{}, QStringLiteral("Alembic cannot render it offline ('%1' failed: %2)")
                        .arg(args.join(QLatin1Char(' ')), lastAlembicMessage(run.output)), std::nullopt};
    const auto parts = splitRendered(run.standardOutput, up, project.versionTable);
    if (!parts.contains(r.id))
        return {{}, QStringLiteral("Alembic's offline rendering ('%1') has no section for it").arg(args.join(QLatin1Char(' '))), std::nullopt};
    return {parts.value(r.id), QString(), std::nullopt};
}

// Fills upSql/downSql with what Alembic renders offline, or the reason it does not: first the
// whole history in one run per direction, then, for what that did not cover (a revision that
// reads the database stops the whole rendering), revision by revision, a few at a time.
Status renderSql(const AlembicProject &project, const QString &config, QList<Revision> &revisions)
{
    const auto whole = [&](bool up) {
        const QStringList args = up ? QStringList{QStringLiteral("upgrade"), QStringLiteral("base:heads"), QStringLiteral("--sql")}
                                    : QStringList{QStringLiteral("downgrade"), QStringLiteral("heads:base"), QStringLiteral("--sql")};
        const AlembicRun run = runAlembic(project, config, args, offlineEnvironment());
        return run.ok() ? splitRendered(run.standardOutput, up, project.versionTable) : QHash<QString, QString>();
    };
    auto ups = std::async(std::launch::async, whole, true);
    const QHash<QString, QString> downs = whole(false);
    const QHash<QString, QString> upsDone = ups.get();
    QList<std::pair<qsizetype, bool>> missing;
    for (qsizetype i = 0; i < revisions.size(); ++i) {
        Revision &r = revisions[i];
        if (upsDone.contains(r.id))
            r.upSql = upsDone.value(r.id);
        else
            missing.append({i, true});
        if (downs.contains(r.id))
            r.downSql = downs.value(r.id);
        else
            missing.append({i, false});
    }
    constexpr int Parallel = 4;
    for (qsizetype start = 0; start < missing.size(); start += Parallel) {
        std::vector<std::future<Rendered>> running;
        for (qsizetype k = start; k < std::min<qsizetype>(start + Parallel, missing.size()); ++k) {
            const auto [i, up] = missing.at(k);
            running.push_back(std::async(std::launch::async, renderStep, std::cref(project), std::cref(config), std::cref(revisions.at(i)), up));
        }
        for (qsizetype k = start; k < std::min<qsizetype>(start + Parallel, missing.size()); ++k) {
            const auto [i, up] = missing.at(k);
            const Rendered rendered = running[k - start].get();
            if (rendered.broken)
                return fail(*rendered.broken);
            Revision &r = revisions[i];
            (up ? r.upSql : r.downSql) = rendered.sql;
            (up ? r.upSqlUnavailable : r.downSqlUnavailable) = rendered.unavailable;
        }
    }
    for (Revision &r : revisions) {
        // Rendered SQL has no line in the revision's own file: its lines count from 1 in the
        // rendering, and its statements say so where they say where they come from.
        r.upLine = 1;
        r.downLine = 1;
        r.upFile = QStringLiteral("%1 (rendered upgrade SQL)").arg(r.file);
        r.downFile = QStringLiteral("%1 (rendered downgrade SQL)").arg(r.file);
    }
    return {};
}

} // namespace

Result<MigrationSet> readAlembicSet(const QString &directory, const SetOptions &options)
{
    auto project = locateAlembicProject(directory, options.alembicCommand);
    if (!project)
        return fail(project.error());
    if (!options.versionTable.isEmpty())
        project->versionTable = options.versionTable;
    auto config = AlembicConfig::create(*project, OfflineUrl);
    if (!config)
        return fail(config.error());
    const QStringList historyArgs{QStringLiteral("history"), QStringLiteral("--verbose")};
    const AlembicRun history = runAlembic(*project, (*config)->path(), historyArgs, offlineEnvironment());
    if (!history.ok())
        return fail(alembicRunError(*project, historyArgs, history));
    auto revisions = parseHistory(*project, history.standardOutput);
    if (!revisions)
        return fail(revisions.error());
    if (auto rendered = renderSql(*project, (*config)->path(), *revisions); !rendered)
        return fail(rendered.error());

    SetOptions alembic = options;
    alembic.format = QStringLiteral("alembic");
    alembic.versionTable = project->versionTable;
    // Revisor's own seeds and checks for a project that is not Revisor's: revisor/ beside
    // alembic.ini, unless --seeds / --checks say otherwise.
    const QDir extras(QDir(project->root).filePath(QStringLiteral("revisor")));
    if (alembic.seedsDirectory.isEmpty())
        alembic.seedsDirectory = extras.filePath(QStringLiteral("seeds"));
    if (alembic.checksDirectory.isEmpty())
        alembic.checksDirectory = extras.filePath(QStringLiteral("checks"));
    return MigrationSet::fromGraph(project->root, *revisions, alembic);
}

} // namespace revisor
