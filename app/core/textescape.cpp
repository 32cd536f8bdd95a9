#include "textescape.h"

#include <QStringList>

#include <algorithm>

namespace revisor {

namespace {

// Characters that act instead of showing: terminal escapes start with ESC, CR overwrites a
// line, the C1 range holds 8-bit CSI, and the direction controls reorder what follows them
// (a name ending in U+202E reads backwards). U+2028/U+2029 break lines in some viewers, and
// XML 1.0 forbids every C0 control but tab, newline and CR, and U+FFFE/U+FFFF.
bool actsInsteadOfShowing(char16_t c)
{
    if ((c < 0x20 && c != u'\t' && c != u'\n') || (c >= 0x7F && c <= 0x9F))
        return true;
    switch (c) {
    case 0x061C: // Arabic letter mark
    case 0x200E: // left-to-right mark
    case 0x200F: // right-to-left mark
    case 0x2028: // line separator
    case 0x2029: // paragraph separator
    case 0xFEFF: // zero-width no-break space
    case 0xFFFE:
    case 0xFFFF:
        return true;
    default:
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}

QString escapeSequence(char16_t c)
{
    return QStringLiteral("\\u") + QString::number(c, 16).toUpper().rightJustified(4, QLatin1Char('0'));
}

qsizetype longestBacktickRun(const QString &text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

} // namespace

QString visibleControls(const QString &text)
{
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return actsInsteadOfShowing(c.unicode()); }))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (actsInsteadOfShowing(c.unicode()))
            out += escapeSequence(c.unicode());
        else
            out += c;
    }
    return out;
}

QString plainLine(const QString &text)
{
    return visibleControls(text).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
}

QString markdownText(const QString &text)
{
    QString out = visibleControls(text);
    // Backslash first: it escapes the escapes added below. '`' starts code, '*' emphasis, '<'
    // raw HTML and <URL> autolinks, '|' ends a table cell. A link or an image needs "](" (a
    // reference definition would need a line of its own), so brackets alone stay as they are
    // ("real[]"). "://" and "www." are GitHub's bare autolinks.
    for (const char c : {'\\', '`', '*', '<', '|'})
        out.replace(QLatin1Char(c), QStringLiteral("\\") + QLatin1Char(c));
    out.replace(QStringLiteral("]("), QStringLiteral("\\]("));
    out.replace(QStringLiteral("://"), QStringLiteral(":\\/\\/"));
    out.replace(QStringLiteral("www."), QStringLiteral("www\\."));
    out.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return out;
}

QString markdownCode(const QString &text)
{
    const QString shown = plainLine(text);
    const QString delimiter(longestBacktickRun(shown) + 1, QLatin1Char('`'));
    // A span that starts or ends with a backtick needs a space between it and the delimiter;
    // CommonMark strips one space on each side again.
    const bool pad = shown.startsWith(QLatin1Char('`')) || shown.endsWith(QLatin1Char('`'));
    const QString space = pad ? QStringLiteral(" ") : QString();
    return delimiter + space + shown + space + delimiter;
}

QString markdownCodeBlock(const QString &info, const QString &content)
{
    QString shown = visibleControls(content);
    if (!shown.endsWith(QLatin1Char('\n')))
        shown += QLatin1Char('\n');
    const QString fence(std::max<qsizetype>(3, longestBacktickRun(shown) + 1), QLatin1Char('`'));
    return fence + info + QLatin1Char('\n') + shown + fence + QLatin1Char('\n');
}

QString xmlText(const QString &text)
{
    return visibleControls(text);
}

} // namespace revisor
