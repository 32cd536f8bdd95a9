#pragma once

#include "core/revisionref.h"
#include "hazards/hazard.h"
#include "rehearsal/scenariotracker.h"

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
class MarkedEditor;
class SqlHighlighter;
class SqlStatementModel;

/// The SQL panel: the statements of the next step up and the next step down, as a table
/// (file:line per statement) above the scripts in full, highlighted. Selecting a statement
/// scrolls the script to it. Statements with hazards (from the engine's analysis, ranked with
/// the table sizes of the session's capture of the current state when it has one) get a marker
/// in the script's margin whose tooltip explains each hazard and its safer pattern.
class SqlPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SqlPanel(QWidget *parent = nullptr);

    void update(const MigrationSet *set, const std::optional<RevisionRef> &current);
    /// The session's captures: the latest one, when it is at the current revision, ranks the
    /// hazards of the next steps by the sizes and indexes of the tables they meet.
    void setPoints(const SessionPoints &points);
    /// The hazards of the statement in `row` of model() (none when it has none).
    StatementHazards hazardsOf(int row) const;
    /// "ranked with the capture after seed sample (005)", or why the ranking is by level only.
    QString hazardNote() const;
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
    MarkedEditor *editor() const { return m_editor; }

private:
    void showStatement(int row);
    /// Analyses the next steps again (engine) and places the markers.
    void refreshHazards();
    void showHazardDetails(int row);

    SqlStatementModel *m_model;
    QTableView *m_table;
    MarkedEditor *m_editor;
    SqlHighlighter *m_highlighter;
    EmptyStateWidget *m_stack;
    QLabel *m_summary;
    QLineEdit *m_find;
    QLabel *m_hazardSummary;
    QLabel *m_hazardDetails;
    QList<int> m_rowBlocks;  // first text block of each model row
    const MigrationSet *m_set = nullptr;
    std::optional<RevisionRef> m_current;
    std::optional<TrackedPoint> m_capture;   // the latest capture of the session
    QList<StatementHazards> m_rowHazards;    // per model row
    QList<StepHazards> m_steps;              // the next steps' analyses
    int m_highlightedLine = 0;
};

} // namespace revisor::ui
