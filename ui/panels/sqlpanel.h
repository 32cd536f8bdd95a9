#pragma once

#include "core/revisionref.h"

#include <QWidget>

#include <optional>

class QPlainTextEdit;
class QTableView;
class QLabel;
class QLineEdit;

namespace revisor {
class MigrationSet;
}

namespace revisor::ui {

class EmptyStateWidget;
class SqlHighlighter;
class SqlStatementModel;

/// The SQL panel: the statements of the next step up and the next step down, as a table
/// (file:line per statement) above the scripts in full, highlighted. Selecting a statement
/// scrolls the script to it.
class SqlPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SqlPanel(QWidget *parent = nullptr);

    void update(const MigrationSet *set, const std::optional<RevisionRef> &current);
    SqlStatementModel *model() const { return m_model; }
    SqlHighlighter *highlighter() const { return m_highlighter; }
    /// Selects the statement of `file` that holds `line` and highlights that line in the
    /// script; false when the panel does not show that file (a seed, another revision).
    bool showFailure(const QString &file, int line);
    /// Shows `revision`'s up or down section beside the next steps and highlights `line` of
    /// `file` in it (a statement the Diff tab points at); false when it has no such line.
    bool showSection(const MigrationSet *set, const std::optional<RevisionRef> &current, const QString &revision, bool up,
                     const QString &file, int line);
    /// The file line highlighted by showFailure(); 0 when none.
    int highlightedLine() const { return m_highlightedLine; }
    /// Ctrl+F: finds `text` in the scripts from the cursor on (wrapping); false when absent.
    bool find(const QString &text);
    QPlainTextEdit *editor() const { return m_editor; }

private:
    void showStatement(int row);

    SqlStatementModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_editor;
    SqlHighlighter *m_highlighter;
    EmptyStateWidget *m_stack;
    QLabel *m_summary;
    QLineEdit *m_find;
    QList<int> m_rowBlocks;  // first text block of each model row
    int m_highlightedLine = 0;
};

} // namespace revisor::ui
