#include "ui/panels/sqlpanel.h"

#include "ui/widgets/emptystate.h"
#include "ui/widgets/findfield.h"
#include "ui/widgets/sqlhighlighter.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/widgets/uicolors.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

namespace revisor::ui {

SqlPanel::SqlPanel(QWidget *parent)
    : QWidget(parent), m_model(new SqlStatementModel(this)), m_table(new QTableView), m_editor(new QPlainTextEdit),
      m_highlighter(new SqlHighlighter(m_editor->document())), m_summary(new QLabel),
      m_find(makeFindField(this, m_editor, QStringLiteral("sqlFind")))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_editor->setReadOnly(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_summary->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("sqlSplitter"));  // the window remembers it by name
    splitter->addWidget(m_table);
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_summary);
    contentLayout->addWidget(m_find);
    contentLayout->addWidget(splitter);

    m_stack = new EmptyStateWidget(content, tr("Open a migration set and connect to a database to see the SQL "
                                               "that the next step up and the next step down will run."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showStatement(current.row()); });
}

void SqlPanel::update(const MigrationSet *set, const std::optional<RevisionRef> &current)
{
    m_highlightedLine = 0;
    m_editor->setExtraSelections({});
    m_model->update(set, current);
    const bool known = current.has_value();
    QString text;
    QStringList summary;
    m_rowBlocks.clear();
    int lineCount = 0;
    auto add = [&](const QString &s) {
        text += s;
        lineCount += int(s.count(QLatin1Char('\n')));
    };
    const QList<SqlStatementModel::Row> &rows = m_model->rows();
    for (int i = 0; i < rows.size(); ++i) {
        const auto &r = rows.at(i);
        const bool up = r.direction == SqlStatementModel::Direction::Up;
        if (r.index == 0) {
            add(QStringLiteral("%1-- %2 %3: %4 (%5 statement(s), %6)\n\n")
                    .arg(i == 0 ? QString() : QStringLiteral("\n"),
                         r.pinned ? (up ? tr("Opened from the Diff tab: UP section of") : tr("Opened from the Diff tab: DOWN section of"))
                                  : up ? tr("Next step UP applies") : tr("Next step DOWN reverts"),
                         r.revision, r.message)
                    .arg(r.count).arg(QFileInfo(r.file).fileName()));
        }
        m_rowBlocks << lineCount;
        add(QStringLiteral("-- [%1/%2] %3:%4\n%5;\n\n").arg(r.index + 1).arg(r.count)
                .arg(QFileInfo(r.file).fileName()).arg(r.statement.line).arg(r.statement.sql));
    }
    if (!m_model->nextUp().isEmpty())
        summary << tr("Next step up applies <b>%1</b>.").arg(m_model->nextUp().toHtmlEscaped());
    else if (known && set)
        summary << tr("At head: there is no step up.");
    if (!m_model->nextDown().isEmpty())
        summary << tr("Next step down reverts <b>%1</b>.").arg(m_model->nextDown().toHtmlEscaped());
    else if (known && set)
        summary << tr("At base: there is no step down.");
    for (const QString &problem : {m_model->upProblem(), m_model->downProblem()}) {
        if (!problem.isEmpty())
            summary << tr("<span style='color:#c62828'>No SQL to show: %1</span>").arg(problem.toHtmlEscaped());
    }
    m_summary->setText(summary.join(QLatin1Char(' ')));
    m_editor->setPlainText(text);
    m_highlighter->rescan();
    const bool hasContent = !rows.isEmpty() || !m_model->upProblem().isEmpty() || !m_model->downProblem().isEmpty();
    if (!set)
        m_stack->setEmptyText(tr("Open a migration set (File > Open migration set) to see its SQL."));
    else if (!known)
        m_stack->setEmptyText(tr("Connect to a database (File > Connect, or File > Start scratch server) to see "
                                 "the SQL of the next step up and down from its current revision."));
    else
        m_stack->setEmptyText(tr("The steps from here run no statements."));
    m_stack->showContent(hasContent);
    if (!rows.isEmpty())
        m_table->resizeColumnsToContents();
}

bool SqlPanel::find(const QString &text)
{
    return findInText(m_editor, text);
}

bool SqlPanel::showFailure(const QString &file, int line)
{
    const QList<SqlStatementModel::Row> &rows = m_model->rows();
    int found = -1;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).file == file && rows.at(i).statement.line <= line)
            found = i;
    }
    if (found < 0)
        return false;
    m_table->selectRow(found);
    showStatement(found);
    // The statement's text starts one block after its "-- [i/n] file:line" comment.
    const SqlStatementModel::Row &row = rows.at(found);
    const QTextBlock block = m_editor->document()->findBlockByNumber(m_rowBlocks.at(found) + 1 + (line - row.statement.line));
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(block);
    mark.format.setBackground(colors::errorBackground());
    mark.format.setForeground(colors::errorText());
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    m_editor->setExtraSelections({mark});
    m_editor->setTextCursor(mark.cursor);
    m_editor->centerCursor();
    m_highlightedLine = line;
    return true;
}

bool SqlPanel::showSection(const MigrationSet *set, const std::optional<RevisionRef> &current, const QString &revision, bool up,
                           const QString &file, int line)
{
    m_model->setPinnedSection(revision, up ? SqlStatementModel::Direction::Up : SqlStatementModel::Direction::Down);
    update(set, current);
    return showFailure(file, line);
}

void SqlPanel::showStatement(int row)
{
    if (row < 0 || row >= m_rowBlocks.size())
        return;
    const QTextBlock block = m_editor->document()->findBlockByNumber(m_rowBlocks.at(row));
    QTextCursor cursor(block);
    m_editor->setTextCursor(cursor);
    // Put the statement at the top of the view rather than wherever ensureCursorVisible lands.
    m_editor->moveCursor(QTextCursor::End);
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
}

} // namespace revisor::ui
