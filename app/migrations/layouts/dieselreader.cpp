// Diesel: migrations/<version>_<name>/up.sql and down.sql, with an optional metadata.toml
// whose `run_in_transaction = false` makes both run statement by statement. The version is
// the folder name before its first '_' with the dashes taken out, as Diesel records it
// ("2024-01-31-120000_create_users" is 20240131120000).
#include "migrations/layouts/layoutreaders.h"
#include "migrations/layouts/layoutsupport.h"

#include "migrations/sourcefile.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace revisor {

namespace {

QDir dieselFolder(const QDir &dir)
{
    return layouts::subfolderOr(dir, QStringLiteral("migrations"));
}

// The one key of metadata.toml Diesel reads: run_in_transaction (true by default).
Result<bool> runsInTransaction(const QString &metadataPath)
{
    if (!QFileInfo::exists(metadataPath))
        return true;
    auto text = readSourceFile(metadataPath);
    if (!text)
        return fail(text.error());
    static const QRegularExpression key(QStringLiteral("^\\s*run_in_transaction\\s*=\\s*(\\S+)\\s*(?:#.*)?$"));
    int lineNo = 0;
    for (const QString &line : text->split(QLatin1Char('\n'))) {
        ++lineNo;
        const auto m = key.match(line);
        if (!m.hasMatch())
            continue;
        if (m.captured(1) == QLatin1String("true") || m.captured(1) == QLatin1String("false"))
            return m.captured(1) == QLatin1String("true");
        return fail(Error::input(metadataPath, lineNo, QStringLiteral("run_in_transaction must be true or false, got '%1'").arg(m.captured(1))));
    }
    return true;
}

} // namespace

bool isDieselFolder(const QDir &dir)
{
    const QDir folder = dieselFolder(dir);
    for (const QString &sub : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (QFileInfo::exists(folder.filePath(sub + QStringLiteral("/up.sql"))))
            return true;
    }
    return false;
}

Result<MigrationSet> readDieselSet(const QString &directory, const SetOptions &options)
{
    const QDir folder = dieselFolder(QDir(directory));
    static const QRegularExpression folderName(QStringLiteral("^([0-9][0-9-]*)_(.+)$"));
    QList<layouts::Numbered> revisions;
    for (const QString &sub : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir migration(folder.filePath(sub));
        const QString upPath = migration.absoluteFilePath(QStringLiteral("up.sql"));
        if (!QFileInfo::exists(upPath))
            continue; // not a migration folder
        const auto m = folderName.match(sub);
        if (!m.hasMatch())
            return fail(Error::input(migration.absolutePath(), 0, QStringLiteral("a Diesel migration folder is named <version>_<name>, got '%1'").arg(sub)));
        auto transactional = runsInTransaction(migration.absoluteFilePath(QStringLiteral("metadata.toml")));
        if (!transactional)
            return fail(transactional.error());
        auto up = layouts::readSection(upPath);
        if (!up)
            return fail(up.error());
        Revision r;
        r.id = m.captured(1).remove(QLatin1Char('-'));
        r.message = m.captured(2);
        r.file = upPath;
        r.upSql = up->text;
        r.upLine = 1;
        r.transactional = *transactional;
        const QString downPath = migration.absoluteFilePath(QStringLiteral("down.sql"));
        if (QFileInfo::exists(downPath)) {
            auto down = layouts::readSection(downPath);
            if (!down)
                return fail(down.error());
            r.downFile = downPath;
            r.downSql = down->text;
            r.downLine = 1;
        } else {
            r.irreversible = true;
        }
        revisions << layouts::Numbered{r.id, r};
    }
    // Diesel's column is VARCHAR(50).
    QList<Revision> all;
    for (const auto &n : revisions)
        all << n.revision;
    if (auto fits = checkIdLengths(all, 50, QStringLiteral("__diesel_schema_migrations.version (varchar(50))")); !fits)
        return fail(fits.error());
    SetOptions diesel = options;
    diesel.format = QStringLiteral("diesel");
    return layouts::chainByVersion(QDir(directory).absolutePath(), revisions, diesel);
}

} // namespace revisor
