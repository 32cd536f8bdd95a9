#include "ui/widgets/sqlhighlighter.h"

#include "ui/widgets/uicolors.h"

#include <QTextDocument>

#include <algorithm>

namespace revisor::ui {

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
}

void SqlHighlighter::rescan()
{
    m_tokens = document() ? scanSql(document()->toPlainText()) : QList<SqlToken>();
    rehighlight();
}

QTextCharFormat SqlHighlighter::format(SqlTokenClass cls) const
{
    const bool dark = colors::isDarkPalette();
    QTextCharFormat f;
    switch (cls) {
    case SqlTokenClass::Keyword:
        f.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x33, 0xb3));
        f.setFontWeight(QFont::Bold);
        break;
    case SqlTokenClass::String:
        f.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x06, 0x7d, 0x17));
        break;
    case SqlTokenClass::Number:
        f.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0x17, 0x50, 0xeb));
        break;
    case SqlTokenClass::Comment:
        f.setForeground(dark ? QColor(0x8a, 0x93, 0xa6) : QColor(0x6a, 0x73, 0x7d));
        f.setFontItalic(true);
        break;
    case SqlTokenClass::QuotedIdentifier:
        f.setForeground(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x87, 0x10, 0x94));
        break;
    case SqlTokenClass::Parameter:
        f.setForeground(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x87, 0x10, 0x94));
        f.setFontWeight(QFont::Bold);
        break;
    }
    return f;
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    const int blockStart = currentBlock().position();
    const int blockEnd = blockStart + int(text.size());
    // First token that ends after this block starts.
    auto it = std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), blockStart,
                               [](const SqlToken &t, int pos) { return t.start + t.length <= pos; });
    for (; it != m_tokens.cend() && it->start < blockEnd; ++it) {
        const int from = std::max(it->start, blockStart);
        const int to = std::min(it->start + it->length, blockEnd);
        if (to > from)
            setFormat(from - blockStart, to - from, format(it->cls));
    }
}

} // namespace revisor::ui
