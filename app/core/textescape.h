#pragma once

#include <QString>

namespace revisor {

/// Text from the database or a migration set (identifiers, check ids, key values, server
/// messages) made safe for one kind of output: one function per kind, used by every writer of
/// that kind, and each leaves ordinary names unchanged.

/// Control characters (ESC, CR, BEL, C1...) and invisible direction controls (U+202E...)
/// written as "\u001B" so that they show instead of acting; newline and tab are kept.
QString visibleControls(const QString &text);

/// Plain text on one line, where only control characters act (the terminal, a name inside a
/// code block): visibleControls(), and a newline shown as "\n" so that a name cannot start a
/// line of its own. Multi-line text is split into lines first.
QString plainLine(const QString &text);

/// Markdown text in a paragraph, heading or table cell: the characters that would start
/// markup (code, links, images, HTML, emphasis, a cell break) escaped, newlines as <br>.
QString markdownText(const QString &text);
/// An inline code span no backtick in the text can end.
QString markdownCode(const QString &text);
/// A fenced code block no line of the content can close: the fence is longer than any
/// backtick run inside.
QString markdownCodeBlock(const QString &info, const QString &content);

/// XML character data or an attribute value for QXmlStreamWriter (which escapes markup but
/// writes characters XML 1.0 forbids, such as ESC, as they are).
QString xmlText(const QString &text);

} // namespace revisor
