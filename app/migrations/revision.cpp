#include "revision.h"

#include "migrations/sourcefile.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <numeric>

namespace revisor {

namespace {

struct Marker
{
    int line = 0;       // line of the marker itself
    qsizetype end = 0;  // offset just after the marker line
    qsizetype start = 0; // offset of the marker line
};

bool parseBool(const QString &value, bool *ok)
{
    const QString v = value.trimmed().toLower();
    *ok = true;
    if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off") || v == QLatin1String("0"))
        return false;
    *ok = false;
    return false;
}

const QStringList &revisionKeys()
{
    static const QStringList keys{QStringLiteral("revision"), QStringLiteral("revises"), QStringLiteral("down_revision"),
                                  QStringLiteral("message"), QStringLiteral("transactional"), QStringLiteral("irreversible"),
                                  QStringLiteral("lock-timeout"), QStringLiteral("statement-timeout")};
    return keys;
}

// "5s", "500ms", "2min" or a plain number of seconds, as milliseconds; nullopt when malformed.
std::optional<int> parseDuration(const QString &value)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+(?:\\.\\d+)?)\\s*(ms|s|min)?$"));
    const auto m = re.match(value.trimmed().toLower());
    if (!m.hasMatch())
        return std::nullopt;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    const double ms = unit == QLatin1String("ms") ? n : unit == QLatin1String("min") ? n * 60000 : n * 1000;
    if (ms < 1 || ms > 24.0 * 3600 * 1000)
        return std::nullopt;
    return int(ms);
}

// Levenshtein distance, one row at a time.
int editDistance(QStringView a, QStringView b)
{
    QList<int> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Sets the revision field a known header key names; the alias down_revision is Alembic's.
Status applyHeaderKey(Revision &rev, const HeaderKey &h, const QString &fileName, int lineNo)
{
    bool ok = true;
    if (h.key == QLatin1String("revision")) {
        if (h.value.isEmpty() || h.value.contains(QRegularExpression(QStringLiteral("\\s"))))
            return fail(Error::input(fileName, lineNo, QStringLiteral("revision id must be one non-empty word, got '%1'").arg(h.value)));
        rev.id = h.value;
        rev.headerLine = lineNo;
    } else if (h.key == QLatin1String("revises") || h.key == QLatin1String("down_revision")) {
        rev.revises = (h.value == QLatin1String("None") || h.value == QLatin1String("null")) ? RevisionRef::base() : RevisionRef(h.value);
    } else if (h.key == QLatin1String("message")) {
        rev.message = h.value;
    } else if (h.key == QLatin1String("transactional")) {
        rev.transactional = parseBool(h.value, &ok);
    } else if (h.key == QLatin1String("irreversible")) {
        rev.irreversible = parseBool(h.value, &ok);
    } else if (h.key == QLatin1String("lock-timeout") || h.key == QLatin1String("statement-timeout")) {
        const auto ms = parseDuration(h.value);
        if (!ms)
            return fail(Error::input(fileName, lineNo, QStringLiteral("'%1' must be a duration such as 5s, 500ms or 2min, got '%2'").arg(h.key, h.value)));
        (h.key == QLatin1String("lock-timeout") ? rev.lockTimeoutMs : rev.statementTimeoutMs) = *ms;
    }
    if (!ok)
        return fail(Error::input(fileName, lineNo, QStringLiteral("'%1' must be true or false, got '%2'").arg(h.key, h.value)));
    return {};
}

} // namespace

QString nearMiss(const QString &word, const QStringList &known)
{
    const QString lower = word.toLower();
    QString best;
    int bestDistance = 3; // more than two edits is a different word, not a typo
    for (const QString &k : known) {
        const int d = editDistance(lower, k.toLower());
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

// A header key line is "--", blanks, a word (a letter, then letters, '_' or '-'), blanks and a
// ':' that does not start "://" (so a URL stays a comment). A lower-case word is always taken
// as a key, so a misspelt key is an error rather than a comment that silently changes nothing.
// A word with capitals is prose ("-- NOTE: ...") unless it is a known key, in any case, or
// within two edits of one ("-- Transactional: false" is a key spelt wrong).
Result<std::optional<HeaderKey>> readHeaderKey(QStringView line, const QStringList &known, const QString &file, int lineNo)
{
    static const QRegularExpression shape(QStringLiteral("^--\\s*([A-Za-z][A-Za-z_-]*)\\s*:(?!//)\\s*(.*?)\\s*$"));
    const auto m = shape.match(line.trimmed());
    if (!m.hasMatch())
        return std::optional<HeaderKey>();
    const QString key = m.captured(1);
    if (known.contains(key))
        return HeaderKey{key, m.captured(2)};
    const QString guess = nearMiss(key, known);
    if (guess.isEmpty() && key != key.toLower())
        return std::optional<HeaderKey>();
    const QString advice = guess.isEmpty() ? QStringLiteral("known: %1").arg(known.join(QStringLiteral(", ")))
                                           : QStringLiteral("did you mean '%1'?").arg(guess);
    return fail(Error::input(file, lineNo, QStringLiteral("unknown header key '%1' (%2)").arg(key, advice)));
}

Result<Revision> parseRevision(const QString &text, const QString &fileName)
{
    static const QRegularExpression marker(QStringLiteral("^--\\s*migrate:(up|down)\\s*$"));
    // Anything else that starts like a marker ("-- migrate: up", "-- migrate:Down") would be a
    // comment, and the section after it would silently belong to the one before.
    static const QRegularExpression looseMarker(QStringLiteral("^--\\s*migrate\\s*:"), QRegularExpression::CaseInsensitiveOption);

    Revision rev;
    rev.file = fileName;
    Marker up, down;
    QHash<QString, int> keyLines; // canonical key -> line of its first occurrence
    qsizetype offset = 0;
    int lineNo = 0;
    const auto lines = QStringView(text).split(QLatin1Char('\n'));
    for (const QStringView rawLine : lines) {
        ++lineNo;
        const qsizetype lineStart = offset;
        offset += rawLine.size() + 1;
        const QString line = rawLine.trimmed().toString();
        if (const auto m = marker.match(line); m.hasMatch()) {
            Marker &slot = m.captured(1) == QLatin1String("up") ? up : down;
            if (slot.line)
                return fail(Error::input(fileName, lineNo, QStringLiteral("second '-- migrate:%1' marker (the first is on line %2)")
                                                               .arg(m.captured(1)).arg(slot.line)));
            if (&slot == &up && down.line)
                return fail(Error::input(fileName, lineNo, QStringLiteral("'-- migrate:up' must come before '-- migrate:down' (line %1)").arg(down.line)));
            slot = {lineNo, qMin(offset, text.size()), lineStart};
            continue;
        }
        if (looseMarker.match(line).hasMatch())
            return fail(Error::input(fileName, lineNo, QStringLiteral("malformed marker '%1'; markers are written '-- migrate:up' and '-- migrate:down'").arg(line)));
        if (up.line)
            continue; // header keys are only read before the up marker
        auto header = readHeaderKey(line, revisionKeys(), fileName, lineNo);
        if (!header)
            return fail(header.error());
        if (!*header)
            continue;
        const QString canonical = (*header)->key == QLatin1String("down_revision") ? QStringLiteral("revises") : (*header)->key;
        if (const int first = keyLines.value(canonical))
            return fail(Error::input(fileName, lineNo, QStringLiteral("second '-- %1:' header (the first is on line %2)").arg((*header)->key).arg(first)));
        keyLines.insert(canonical, lineNo);
        if (auto applied = applyHeaderKey(rev, **header, fileName, lineNo); !applied)
            return fail(applied.error());
    }
    if (!keyLines.contains(QStringLiteral("revision")))
        return fail(Error::input(fileName, 1, QStringLiteral("missing '-- revision: <id>' header")));
    if (!up.line)
        return fail(Error::input(fileName, 1, QStringLiteral("missing '-- migrate:up' marker")));
    if (!down.line && !rev.irreversible)
        return fail(Error::input(fileName, up.line, QStringLiteral("missing '-- migrate:down' marker (add one, or declare '-- irreversible: true')")));

    rev.upLine = up.line + 1;
    rev.upSql = text.mid(up.end, (down.line ? down.start : text.size()) - up.end);
    if (down.line) {
        rev.downLine = down.line + 1;
        rev.downSql = text.mid(down.end);
    }
    return rev;
}

Result<Revision> readRevisionFile(const QString &path)
{
    auto text = readSourceFile(path);
    if (!text)
        return fail(text.error());
    return parseRevision(*text, path);
}

Result<QList<SqlStatement>> splitSection(const Revision &revision, bool up)
{
    return splitSql(up ? revision.upSql : revision.downSql, revision.sectionFile(up), up ? revision.upLine : revision.downLine);
}

Result<QList<SqlStatement>> splitVerify(const Revision &revision)
{
    if (revision.verifySql.isEmpty())
        return QList<SqlStatement>();
    return splitSql(revision.verifySql, revision.verifyFile, revision.verifyLine);
}

bool downHasNoEffect(const Revision &revision)
{
    // Only a down section read from SQL text can be judged: a step that is not SQL (an
    // Alembic migration in Python, whose SQL is rendered later or not at all) has no text here.
    if (revision.irreversible || !revision.downSqlUnavailable.isEmpty() || revision.downLine <= 0)
        return false;
    auto statements = splitSection(revision, false);
    if (!statements)
        return false; // not "no effect": an error that the plan's validation reports
    // A SELECT ... INTO creates a table; a SELECT that calls a function may do anything, but
    // a down section of nothing but SELECTs is the template or a leftover check, not a revert.
    static const QRegularExpression selectInto(QStringLiteral("\\bINTO\\b"), QRegularExpression::CaseInsensitiveOption);
    return std::ranges::all_of(*statements, [](const SqlStatement &s) {
        return (s.keyword == QLatin1String("SELECT") || s.keyword == QLatin1String("VALUES") || s.keyword == QLatin1String("TABLE"))
            && !selectInto.match(s.sql).hasMatch();
    });
}

Status checkIdLengths(const QList<Revision> &revisions, int maxLength, const QString &column)
{
    for (const Revision &r : revisions) {
        if (r.id.size() > maxLength)
            return fail(Error::input(r.file, r.headerLine, QStringLiteral("revision id '%1' is %2 characters long; %3 holds at most %4")
                                                               .arg(r.id).arg(r.id.size()).arg(column).arg(maxLength)));
    }
    return {};
}

} // namespace revisor

namespace revisor {

QStringList Revision::parents() const
{
    QStringList out;
    if (!revises.isBase())
        out << revises.id();
    return out + mergedRevisions;
}

QStringList Revision::prerequisites() const
{
    return parents() + dependsOn;
}

} // namespace revisor
