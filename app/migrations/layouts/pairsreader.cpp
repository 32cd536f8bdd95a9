// Up/down file pairs (golang-migrate, sqlx and the like): <version>_<name>.up.sql and
// <version>_<name>.down.sql, ordered by the number. A dialect part before .up/.down
// (".postgres") picks the file for PostgreSQL over the generic one; ".autocommit", sqlx's
// "-- no-transaction" first line, or a statement PostgreSQL refuses in a transaction block
// makes that file run statement by statement.
#include "migrations/layouts/layoutreaders.h"
#include "migrations/layouts/layoutsupport.h"

#include <QHash>
#include <QRegularExpression>

#include <limits>

namespace revisor {

namespace {

struct PairFile
{
    QString path;
    QString name;
    bool autocommit = false;
};

// One version's files: [dialect-specific?][down?].
struct Versioned
{
    std::optional<PairFile> files[2][2];
};

const QRegularExpression &pairName()
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)_([^.]*)((?:\\.[A-Za-z0-9_-]+)*)\\.(up|down)\\.sql$"));
    return re;
}

bool isPostgresDialect(const QString &d)
{
    return d == QLatin1String("postgres") || d == QLatin1String("postgresql") || d == QLatin1String("pg");
}

QDir pairsFolder(const QDir &dir)
{
    return layouts::subfolderOr(dir, QStringLiteral("migrations"));
}

// A section of one direction: the file read and split, and whether it runs statement by statement.
struct Section
{
    layouts::SectionFile file;
    bool transactional = true;
};

Result<Section> readPairSection(const PairFile &f)
{
    auto read = layouts::readSection(f.path);
    if (!read)
        return fail(read.error());
    static const QRegularExpression noTransaction(QStringLiteral("^--\\s*no-transaction\\s*$"));
    const bool sqlxMarker = noTransaction.match(read->text.section(QLatin1Char('\n'), 0, 0).trimmed()).hasMatch();
    return Section{*read, !(f.autocommit || sqlxMarker || layouts::firstNonTransactional(read->statements))};
}

} // namespace

bool isPairsFolder(const QDir &dir)
{
    const QDir folder = pairsFolder(dir);
    return !folder.entryList({QStringLiteral("*.up.sql")}, QDir::Files).isEmpty();
}

Result<MigrationSet> readPairsSet(const QString &directory, const SetOptions &options)
{
    const QDir folder = pairsFolder(QDir(directory));
    QHash<QString, Versioned> byVersion;
    for (const QString &name : folder.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        const auto m = pairName().match(name);
        if (!m.hasMatch())
            continue; // not a migration (a README.sql, a seed...)
        bool autocommit = false, postgres = false, otherDialect = false;
        for (const QString &part : m.captured(3).split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
            if (part.compare(QLatin1String("autocommit"), Qt::CaseInsensitive) == 0)
                autocommit = true;
            else if (isPostgresDialect(part.toLower()))
                postgres = true;
            else
                otherDialect = true; // a file for another database: not ours to run
        }
        if (otherDialect)
            continue;
        const bool down = m.captured(4) == QLatin1String("down");
        auto &slot = byVersion[m.captured(1)].files[postgres][down];
        const QString path = folder.absoluteFilePath(name);
        if (slot)
            return fail(Error::input(path, 1, QStringLiteral("version %1 has two %2 files (also %3)")
                                                  .arg(m.captured(1), down ? QStringLiteral("down") : QStringLiteral("up"), slot->path)));
        slot = PairFile{path, m.captured(2), autocommit};
    }

    QList<layouts::Numbered> revisions;
    for (auto it = byVersion.cbegin(); it != byVersion.cend(); ++it) {
        const auto &files = it->files;
        const std::optional<PairFile> &up = files[1][0] ? files[1][0] : files[0][0];
        const std::optional<PairFile> &down = files[1][1] ? files[1][1] : files[0][1];
        if (!up)
            return fail(Error::input(down->path, 1, QStringLiteral("down file without an up file for version %1").arg(it.key())));
        bool fits = false;
        const qlonglong number = it.key().toLongLong(&fits);
        // golang-migrate keeps the version in a bigint column.
        if (!fits || number > std::numeric_limits<qint64>::max())
            return fail(Error::input(up->path, 1, QStringLiteral("version %1 does not fit the version table's bigint column").arg(it.key())));
        auto upSection = readPairSection(*up);
        if (!upSection)
            return fail(upSection.error());
        Revision r;
        r.id = QString::number(number);
        r.message = up->name;
        r.file = up->path;
        r.upSql = upSection->file.text;
        r.upLine = 1;
        r.transactional = upSection->transactional;
        if (down) {
            auto downSection = readPairSection(*down);
            if (!downSection)
                return fail(downSection.error());
            r.downFile = down->path;
            r.downSql = downSection->file.text;
            r.downLine = 1;
            if (downSection->transactional != r.transactional)
                r.downTransactional = downSection->transactional;
        } else {
            r.irreversible = true; // golang-migrate allows an up without its down
        }
        revisions << layouts::Numbered{it.key(), r};
    }
    SetOptions pairs = options;
    pairs.format = QStringLiteral("pairs");
    return layouts::chainByVersion(QDir(directory).absolutePath(), revisions, pairs);
}

} // namespace revisor
