// Flyway: V<version>__<description>.sql versioned scripts and U<version>__<description>.sql
// undo scripts, in the folder or its sql/, db/migration/ or src/main/resources/db/migration/.
// The version's parts are separated by '.' or '_' ("V1_1" is 1.1) and compared as numbers;
// the description is the name with '_' read as a space, as Flyway records it. A versioned
// script without an undo is irreversible. Repeatable R__ scripts are refused: they run again
// whenever their checksum changes, which has no place in a linear up/down chain.
#include "migrations/layouts/layoutreaders.h"
#include "migrations/layouts/layoutsupport.h"

#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSettings>

namespace revisor {

namespace {

QDir flywayFolder(const QDir &dir)
{
    for (const QString &sub : {QStringLiteral("src/main/resources/db/migration"), QStringLiteral("db/migration"), QStringLiteral("sql")}) {
        const QDir candidate(dir.filePath(sub));
        if (candidate.exists() && !candidate.entryList({QStringLiteral("V*__*.sql")}, QDir::Files).isEmpty())
            return candidate;
    }
    return dir;
}

// A script's own "<script>.conf" beside it may say executeInTransaction=false.
Result<bool> executesInTransaction(const QString &script)
{
    const QString conf = script + QStringLiteral(".conf");
    if (!QFileInfo::exists(conf))
        return true;
    const QSettings settings(conf, QSettings::IniFormat);
    const QString value = settings.value(QStringLiteral("executeInTransaction"), QStringLiteral("true")).toString().trimmed().toLower();
    if (value != QLatin1String("true") && value != QLatin1String("false"))
        return fail(Error::input(conf, 0, QStringLiteral("executeInTransaction must be true or false, got '%1'").arg(value)));
    return value == QLatin1String("true");
}

struct Script
{
    QString path;
    QString version;
    QString description;
};

} // namespace

bool isFlywayFolder(const QDir &dir)
{
    return !flywayFolder(dir).entryList({QStringLiteral("V*__*.sql")}, QDir::Files).isEmpty();
}

Result<MigrationSet> readFlywaySet(const QString &directory, const SetOptions &options)
{
    const QDir folder = flywayFolder(QDir(directory));
    static const QRegularExpression name(QStringLiteral("^([VUR])([0-9][0-9._]*)?__(.*)\\.sql$"));
    QHash<QString, Script> versioned, undo;
    for (const QFileInfo &fi : folder.entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        const auto m = name.match(fi.fileName());
        if (!m.hasMatch())
            continue;
        const QString kind = m.captured(1);
        if (kind == QLatin1String("R"))
            return fail(Error::input(fi.absoluteFilePath(), 0, QStringLiteral("repeatable migration %1 is not supported: Flyway re-runs it whenever it changes, "
                                                                              "outside the versioned chain Revisor steps through; move it into a versioned script")
                                                                   .arg(fi.fileName())));
        if (m.captured(2).isEmpty())
            return fail(Error::input(fi.absoluteFilePath(), 0, QStringLiteral("%1 has no version (V<version>__<description>.sql)").arg(fi.fileName())));
        QString version = m.captured(2);
        version.replace(QLatin1Char('_'), QLatin1Char('.'));
        auto &into = kind == QLatin1String("V") ? versioned : undo;
        // Same version spelt differently ("1.0" and "1"): compared as Flyway does.
        for (auto it = into.cbegin(); it != into.cend(); ++it) {
            if (layouts::compareVersions(it.key(), version) == 0)
                return fail(Error::input(fi.absoluteFilePath(), 0, QStringLiteral("version %1 is used twice (also by %2)").arg(version, it->path)));
        }
        into.insert(version, Script{fi.absoluteFilePath(), version, m.captured(3).replace(QLatin1Char('_'), QLatin1Char(' '))});
    }
    for (auto it = undo.cbegin(); it != undo.cend(); ++it) {
        if (!versioned.contains(it.key()))
            return fail(Error::input(it->path, 0, QStringLiteral("undo script for version %1, which has no versioned script").arg(it.key())));
    }
    QList<layouts::Numbered> revisions;
    QList<Revision> all;
    for (const Script &v : std::as_const(versioned)) {
        auto up = layouts::readSection(v.path);
        if (!up)
            return fail(up.error());
        auto inTransaction = executesInTransaction(v.path);
        if (!inTransaction)
            return fail(inTransaction.error());
        Revision r;
        r.id = v.version;
        r.message = v.description;
        r.file = v.path;
        r.upSql = up->text;
        r.upLine = 1;
        // Flyway runs a script that holds a statement PostgreSQL refuses in a transaction
        // block outside one.
        r.transactional = *inTransaction && !layouts::firstNonTransactional(up->statements);
        if (const auto u = undo.constFind(v.version); u != undo.cend()) {
            auto down = layouts::readSection(u->path);
            if (!down)
                return fail(down.error());
            auto undoInTransaction = executesInTransaction(u->path);
            if (!undoInTransaction)
                return fail(undoInTransaction.error());
            r.downFile = u->path;
            r.downSql = down->text;
            r.downLine = 1;
            const bool downTransactional = *undoInTransaction && !layouts::firstNonTransactional(down->statements);
            if (downTransactional != r.transactional)
                r.downTransactional = downTransactional;
        } else {
            r.irreversible = true;
        }
        revisions << layouts::Numbered{v.version, r};
        all << r;
    }
    if (auto fits = checkIdLengths(all, 50, QStringLiteral("flyway_schema_history.version (varchar(50))")); !fits)
        return fail(fits.error());
    SetOptions flyway = options;
    flyway.format = QStringLiteral("flyway");
    return layouts::chainByVersion(QDir(directory).absolutePath(), revisions, flyway);
}

} // namespace revisor
