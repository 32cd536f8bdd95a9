#include "revision.h"

#include <QFile>
#include <QRegularExpression>

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

} // namespace

Result<Revision> parseRevision(const QString &text, const QString &fileName)
{
    static const QRegularExpression header(QStringLiteral("^--\\s*([a-z_]+)\\s*:\\s*(.*?)\\s*$"));
    static const QRegularExpression marker(QStringLiteral("^--\\s*migrate:(up|down)\\s*$"));

    Revision rev;
    rev.file = fileName;
    Marker up, down;
    bool seenRevision = false;
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
        if (up.line)
            continue; // header keys are only read before the up marker
        const auto h = header.match(line);
        if (!h.hasMatch())
            continue;
        const QString key = h.captured(1);
        const QString value = h.captured(2);
        bool ok = true;
        if (key == QLatin1String("revision")) {
            if (value.isEmpty() || value.contains(QRegularExpression(QStringLiteral("\\s"))))
                return fail(Error::input(fileName, lineNo, QStringLiteral("revision id must be one non-empty word, got '%1'").arg(value)));
            if (seenRevision)
                return fail(Error::input(fileName, lineNo, QStringLiteral("second '-- revision:' header")));
            rev.id = value;
            rev.headerLine = lineNo;
            seenRevision = true;
        } else if (key == QLatin1String("revises") || key == QLatin1String("down_revision")) {
            rev.revises = (value == QLatin1String("None") || value == QLatin1String("null")) ? RevisionRef::base() : RevisionRef(value);
        } else if (key == QLatin1String("message")) {
            rev.message = value;
        } else if (key == QLatin1String("transactional")) {
            rev.transactional = parseBool(value, &ok);
        } else if (key == QLatin1String("irreversible")) {
            rev.irreversible = parseBool(value, &ok);
        }
        if (!ok)
            return fail(Error::input(fileName, lineNo, QStringLiteral("'%1' must be true or false, got '%2'").arg(key, value)));
    }
    if (!seenRevision)
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
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot read: %1").arg(file.errorString())));
    return parseRevision(QString::fromUtf8(file.readAll()), path);
}

} // namespace revisor
