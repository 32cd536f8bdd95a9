// Sqitch: sqitch.plan with deploy/, revert/ and verify/ scripts per change. Sqitch runs each
// script with psql as it is, so a script that wraps itself in BEGIN; ... COMMIT; is one
// transaction and one without the wrapper runs statement by statement. Revisor recognises the
// wrapper and runs what is inside in its own transaction (which also holds the registry
// update); without it, the step runs statement by statement, like Sqitch. A verify script
// (conventionally BEGIN; ... ROLLBACK;) is run after its deploy and must not raise an error.
#include "migrations/layouts/layoutreaders.h"
#include "migrations/layouts/sqitchplan.h"

#include "migrations/sourcefile.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace revisor {

namespace {

// Replaces text[start, end) by blanks, keeping its line breaks, so that every other statement
// stays byte for byte where it was (and on its line).
void blankOut(QString &text, qsizetype start, qsizetype end)
{
    for (qsizetype i = start; i < end; ++i) {
        if (text.at(i) != QLatin1Char('\n'))
            text[i] = QLatin1Char(' ');
    }
}

struct Script
{
    QString text;         ///< with the wrapper blanked out
    bool wrapped = false; ///< had BEGIN; ... COMMIT; (ROLLBACK; for a verify script)
};

// Finds a leading "BEGIN;" and a trailing "COMMIT;" (or "ROLLBACK;" for verify) around the
// script, after comments and blanks, and blanks them out. Transaction control anywhere else
// is left for the splitter to refuse with its line.
Script unwrap(const QString &original, bool verify)
{
    static const QRegularExpression leading(QStringLiteral(
        "\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*[\\s\\S]*?\\*/)*((?:BEGIN|START\\s+TRANSACTION)(?:\\s+(?:WORK|TRANSACTION))?\\s*;)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression trailing(QStringLiteral(
        "((?:COMMIT|END|ROLLBACK)(?:\\s+(?:WORK|TRANSACTION))?\\s*;)(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*[\\s\\S]*?\\*/)*\\z"),
        QRegularExpression::CaseInsensitiveOption);
    Script s{original, false};
    const auto begin = leading.match(original);
    if (!begin.hasMatch())
        return s;
    const auto end = trailing.match(original);
    if (!end.hasMatch() || end.capturedStart(1) < begin.capturedEnd(1))
        return s;
    const QString closing = end.captured(1).trimmed().toUpper();
    // A deploy or revert that ends in ROLLBACK would undo itself; that is not a wrapper.
    if (!verify && closing.startsWith(QLatin1String("ROLLBACK")))
        return s;
    blankOut(s.text, begin.capturedStart(1), begin.capturedEnd(1));
    blankOut(s.text, end.capturedStart(1), end.capturedEnd(1));
    s.wrapped = true;
    return s;
}

Result<Script> readScript(const QString &path, bool verify)
{
    auto text = readSourceFile(path);
    if (!text)
        return fail(text.error());
    Script s = unwrap(*text, verify);
    if (auto split = splitSql(s.text, path, 1); !split)
        return fail(split.error());
    return s;
}

} // namespace

bool isSqitchFolder(const QDir &dir)
{
    return QFileInfo(dir.filePath(QStringLiteral("sqitch.plan"))).isFile();
}

Result<MigrationSet> readSqitchSet(const QString &directory, const SetOptions &options)
{
    auto plan = readSqitchPlan(directory);
    if (!plan)
        return fail(plan.error());
    QList<Revision> revisions;
    for (const SqitchChange &c : plan->changes) {
        if (!QFileInfo::exists(c.deployFile))
            return fail(Error::input(plan->file, c.line, QStringLiteral("change %1 has no deploy script %2").arg(c.revisionId, c.deployFile)));
        auto deploy = readScript(c.deployFile, false);
        if (!deploy)
            return fail(deploy.error());
        Revision r;
        r.id = c.revisionId;
        r.revises = revisions.isEmpty() ? RevisionRef::base() : RevisionRef(revisions.constLast().id);
        r.message = c.note.isEmpty() ? c.name : c.note;
        r.file = c.deployFile;
        r.upSql = deploy->text;
        r.upLine = 1;
        r.transactional = deploy->wrapped;
        if (QFileInfo::exists(c.revertFile)) {
            auto revert = readScript(c.revertFile, false);
            if (!revert)
                return fail(revert.error());
            r.downFile = c.revertFile;
            r.downSql = revert->text;
            r.downLine = 1;
            if (revert->wrapped != r.transactional)
                r.downTransactional = revert->wrapped;
        } else {
            r.irreversible = true;
        }
        if (QFileInfo::exists(c.verifyFile)) {
            auto verify = readScript(c.verifyFile, true);
            if (!verify)
                return fail(verify.error());
            r.verifyFile = c.verifyFile;
            r.verifySql = verify->text;
            r.verifyLine = 1;
        }
        revisions << r;
    }
    SetOptions sqitch = options;
    sqitch.format = QStringLiteral("sqitch");
    return MigrationSet::fromRevisions(QDir(directory).absolutePath(), revisions, sqitch);
}

} // namespace revisor
