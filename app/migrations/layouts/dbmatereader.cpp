// dbmate: db/migrations/<version>_<name>.sql, one file per migration with "-- migrate:up" and
// "-- migrate:down" sections; "transaction:false" after a marker runs that section statement
// by statement. The version is the file name's leading digits, recorded as text.
#include "migrations/layouts/layoutreaders.h"
#include "migrations/layouts/layoutsupport.h"

#include "migrations/sourcefile.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace revisor {

namespace {

QDir dbmateFolder(const QDir &dir)
{
    return layouts::subfolderOr(dir, QStringLiteral("db/migrations"));
}

struct Marker
{
    int line = 0;            // 1-based line of the marker
    qsizetype start = 0;     // offset of the marker line
    qsizetype end = 0;       // offset after the marker line
    bool transactional = true;
};

// Splits one dbmate file into its sections; errors name the file and line.
Result<Revision> parseDbmateFile(const QString &text, const QString &path)
{
    static const QRegularExpression marker(QStringLiteral("^--\\s*migrate:(up|down)((?:\\s+\\S+)*)\\s*$"));
    Marker up, down;
    qsizetype offset = 0;
    int lineNo = 0;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNo;
        const qsizetype lineStart = offset;
        offset += line.size() + 1;
        const auto m = marker.match(line.trimmed());
        if (!m.hasMatch())
            continue;
        Marker &slot = m.captured(1) == QLatin1String("up") ? up : down;
        if (slot.line)
            return fail(Error::input(path, lineNo, QStringLiteral("second '-- migrate:%1' (the first is on line %2)").arg(m.captured(1)).arg(slot.line)));
        slot = {lineNo, lineStart, qMin(offset, text.size()), true};
        for (const QString &option : m.captured(2).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (option == QLatin1String("transaction:false"))
                slot.transactional = false;
            else if (option != QLatin1String("transaction:true"))
                return fail(Error::input(path, lineNo, QStringLiteral("unknown dbmate option '%1' (known: transaction:false)").arg(option)));
        }
    }
    if (!up.line)
        return fail(Error::input(path, 1, QStringLiteral("no '-- migrate:up' section")));
    if (down.line && down.line < up.line)
        return fail(Error::input(path, down.line, QStringLiteral("'-- migrate:down' comes before '-- migrate:up' (line %1)").arg(up.line)));
    Revision r;
    r.file = path;
    r.upLine = up.line + 1;
    r.upSql = text.mid(up.end, (down.line ? down.start : text.size()) - up.end);
    r.transactional = up.transactional;
    if (down.line) {
        r.downLine = down.line + 1;
        r.downSql = text.mid(down.end);
        if (down.transactional != up.transactional)
            r.downTransactional = down.transactional;
    } else {
        r.irreversible = true;
    }
    return r;
}

} // namespace

bool isDbmateFolder(const QDir &dir)
{
    const QDir folder(dir.filePath(QStringLiteral("db/migrations")));
    return folder.exists() && !folder.entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty();
}

Result<MigrationSet> readDbmateSet(const QString &directory, const SetOptions &options)
{
    const QDir folder = dbmateFolder(QDir(directory));
    static const QRegularExpression fileName(QStringLiteral("^(\\d+)_?(.*)\\.sql$"));
    QList<layouts::Numbered> revisions;
    QList<Revision> all;
    for (const QFileInfo &fi : folder.entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        const auto m = fileName.match(fi.fileName());
        if (!m.hasMatch())
            continue; // dbmate ignores files without a leading version
        auto text = readSourceFile(fi.absoluteFilePath());
        if (!text)
            return fail(text.error());
        auto r = parseDbmateFile(*text, fi.absoluteFilePath());
        if (!r)
            return fail(r.error());
        // Split now: a file that cannot run is refused when the set is read.
        for (const bool up : {true, false}) {
            if (auto split = splitSection(*r, up); !split)
                return fail(split.error());
        }
        r->id = m.captured(1);
        r->message = m.captured(2);
        revisions << layouts::Numbered{r->id, *r};
        all << *r;
    }
    if (auto fits = checkIdLengths(all, 128, QStringLiteral("schema_migrations.version (varchar(128))")); !fits)
        return fail(fits.error());
    SetOptions dbmate = options;
    dbmate.format = QStringLiteral("dbmate");
    return layouts::chainByVersion(QDir(directory).absolutePath(), revisions, dbmate);
}

} // namespace revisor
