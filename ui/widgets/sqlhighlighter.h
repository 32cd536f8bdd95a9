#pragma once

#include "ui/widgets/sqlscanner.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace revisor::ui {

/// Colours SQL in a read-only document from PostgreSQL's scanner (scanSql): keywords,
/// strings (dollar-quoted bodies included), numbers, comments, quoted identifiers. The whole
/// document is scanned once per rescan() because tokens span lines (dollar quotes, block
/// comments); highlightBlock() only applies the stored tokens.
class SqlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit SqlHighlighter(QTextDocument *document);

    /// Scans the document again; call after setting its text.
    void rescan();
    const QList<SqlToken> &tokens() const { return m_tokens; }

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat format(SqlTokenClass cls) const;
    QList<SqlToken> m_tokens;  // sorted by start
};

} // namespace revisor::ui
