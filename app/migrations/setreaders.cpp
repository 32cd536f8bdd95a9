#include "setreaders.h"

#include "migrations/layouts/layoutreaders.h"
#include "alembicproject.h"

#include <QFileInfo>

namespace revisor {

const QList<SetReader> &setReaders()
{
    static const QList<SetReader> readers{
        {QStringLiteral("native"), QStringLiteral("a versions/ folder of Revisor .sql revisions"),
         [](const QDir &dir) { return QFileInfo(dir.filePath(QStringLiteral("versions"))).isDir() && !looksLikeAlembicProject(dir); }, readNativeSet},
        {QStringLiteral("alembic"), QStringLiteral("an Alembic project: alembic.ini, or env.py + script.py.mako + versions/"),
         looksLikeAlembicProject, readAlembicSet},
        {QStringLiteral("sqitch"), QStringLiteral("a sqitch.plan (Sqitch)"), isSqitchFolder, readSqitchSet},
        {QStringLiteral("flyway"), QStringLiteral("V<version>__<description>.sql scripts (Flyway)"), isFlywayFolder, readFlywaySet},
        {QStringLiteral("dbmate"), QStringLiteral("a db/migrations/ folder of dbmate files"), isDbmateFolder, readDbmateSet},
        {QStringLiteral("diesel"), QStringLiteral("migrations/<version>_<name>/up.sql folders (Diesel)"), isDieselFolder, readDieselSet},
        {QStringLiteral("pairs"), QStringLiteral("<version>_<name>.up.sql / .down.sql files (golang-migrate, sqlx)"), isPairsFolder, readPairsSet},
    };
    return readers;
}

Result<MigrationSet> readMigrationSet(const QString &directory, const SetOptions &options)
{
    const QDir dir(directory);
    if (!dir.exists())
        return fail(Error::input(directory, 0, QStringLiteral("migration set directory does not exist")));
    const auto &readers = setReaders();
    if (!options.format.isEmpty()) {
        QStringList names;
        for (const SetReader &reader : readers) {
            if (reader.name == options.format)
                return reader.read(dir.absolutePath(), options);
            names << reader.name;
        }
        return fail(Error::usage(QStringLiteral("unknown format '%1' (known: %2)").arg(options.format, names.join(QStringLiteral(", ")))));
    }
    QStringList tried;
    for (const SetReader &reader : readers) {
        if (reader.recognises(dir)) {
            SetOptions detected = options;
            detected.format = reader.name;
            return reader.read(dir.absolutePath(), detected);
        }
        tried << QStringLiteral("%1 (%2)").arg(reader.name, reader.recognisedBy);
    }
    return fail(Error::input(directory, 0, QStringLiteral("not a migration set: no layout recognised; looked for %1")
                                               .arg(tried.join(QStringLiteral("; ")))));
}

Result<MigrationSet> readNativeSet(const QString &directory, const SetOptions &options)
{
    const QDir dir(directory);
    const QDir versions(dir.filePath(QStringLiteral("versions")));
    if (!versions.exists())
        return fail(Error::input(directory, 0, QStringLiteral("not a migration set: no versions/ directory")));
    QList<Revision> revisions;
    const auto files = versions.entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QFileInfo &fi : files) {
        auto rev = readRevisionFile(fi.absoluteFilePath());
        if (!rev)
            return fail(rev.error());
        revisions << *rev;
    }
    if (revisions.isEmpty())
        return fail(Error::input(versions.absolutePath(), 0, QStringLiteral("no revision files (*.sql)")));
    // Alembic's version_num is varchar(32): a longer id could never be recorded.
    if (auto fits = checkIdLengths(revisions, 32, QStringLiteral("alembic_version.version_num (varchar(32))")); !fits)
        return fail(fits.error());
    SetOptions native = options;
    native.format = QStringLiteral("native");
    return MigrationSet::fromRevisions(dir.absolutePath(), revisions, native);
}

} // namespace revisor
