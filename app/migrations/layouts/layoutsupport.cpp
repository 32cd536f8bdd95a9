#include "migrations/layouts/layoutsupport.h"

#include "migrations/sourcefile.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace revisor::layouts {

int compareVersions(const QString &a, const QString &b)
{
    const auto digits = [](QStringView v) {
        qsizetype i = 0;
        while (i + 1 < v.size() && v.at(i) == QLatin1Char('0'))
            ++i;
        return v.mid(i);
    };
    const auto compareNumbers = [&](QStringView p, QStringView q) {
        const QStringView x = digits(p), y = digits(q);
        if (x.size() != y.size())
            return x.size() < y.size() ? -1 : 1;
        return x.compare(y);
    };
    // Dotted versions (Flyway's 1.2 < 1.10) part by part; a missing part counts as 0, so
    // 1 and 1.0 are the same version.
    const auto x = QStringView(a).split(QLatin1Char('.')), y = QStringView(b).split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(x.size(), y.size()); ++i) {
        const QStringView p = i < x.size() ? x.at(i) : QStringView(u"0"), q = i < y.size() ? y.at(i) : QStringView(u"0");
        if (const int c = compareNumbers(p, q); c != 0)
            return c < 0 ? -1 : 1;
    }
    return 0;
}

Result<MigrationSet> chainByVersion(const QString &directory, QList<Numbered> revisions, const SetOptions &options)
{
    if (revisions.isEmpty())
        return fail(Error::input(directory, 0, QStringLiteral("no migrations found for the %1 layout").arg(options.format)));
    std::ranges::stable_sort(revisions, [](const Numbered &a, const Numbered &b) { return compareVersions(a.version, b.version) < 0; });
    QList<Revision> chain;
    chain.reserve(revisions.size());
    for (qsizetype i = 0; i < revisions.size(); ++i) {
        if (i > 0 && compareVersions(revisions.at(i - 1).version, revisions.at(i).version) == 0)
            return fail(Error::input(revisions.at(i).revision.file, 1, QStringLiteral("version %1 is used twice (also by %2)")
                                                                          .arg(revisions.at(i).version, revisions.at(i - 1).revision.file)));
        Revision r = revisions.at(i).revision;
        r.revises = chain.isEmpty() ? RevisionRef::base() : RevisionRef(chain.constLast().id);
        chain << r;
    }
    return MigrationSet::fromRevisions(directory, chain, options);
}

Result<SectionFile> readSection(const QString &path)
{
    auto text = readSourceFile(path);
    if (!text)
        return fail(text.error());
    auto statements = splitSql(*text, path, 1);
    if (!statements)
        return fail(statements.error());
    return SectionFile{path, *text, *statements};
}

const SqlStatement *firstNonTransactional(const QList<SqlStatement> &statements)
{
    static const QRegularExpression outside(QStringLiteral(
        "^(?:(?:CREATE\\s+(?:UNIQUE\\s+)?INDEX|DROP\\s+INDEX|REINDEX\\b.*?)\\s+CONCURRENTLY\\b"
        "|VACUUM\\b|ALTER\\s+SYSTEM\\b|(?:CREATE|DROP)\\s+(?:DATABASE|TABLESPACE)\\b"
        "|CREATE\\s+SUBSCRIPTION\\b|DROP\\s+SUBSCRIPTION\\b|ALTER\\s+DATABASE\\s+\\S+\\s+SET\\s+TABLESPACE\\b)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    for (const SqlStatement &s : statements) {
        if (outside.match(s.sql).hasMatch())
            return &s;
    }
    return nullptr;
}

QDir subfolderOr(const QDir &dir, const QString &sub)
{
    return QFileInfo(dir.filePath(sub)).isDir() ? QDir(dir.filePath(sub)) : dir;
}

} // namespace revisor::layouts
