#include "ui/panels/sqlpanel.h"

#include "rehearsal/scenariohazards.h"
#include "ui/widgets/emptystate.h"
#include "ui/widgets/findfield.h"
#include "ui/widgets/markededitor.h"
#include "ui/widgets/sqlhighlighter.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/widgets/uicolors.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

namespace revisor::ui {

namespace {

// One hazard as a tooltip paragraph: level, rule and table (with its rows when a capture
// gave them), what happens on a live database, and the safer way.
QString hazardHtml(const Hazard &h)
{
    QString where = h.table.toHtmlEscaped();
    if (h.rows >= 0)
        where += QObject::tr(" (%1 rows)").arg(QLocale().toString(h.rows));
    if (!h.indexes.isEmpty())
        where += QObject::tr(", indexes %1").arg(h.indexes.join(QStringLiteral(", ")).toHtmlEscaped());
    return QStringLiteral("<p style='margin:2px 0'><b style='color:%1'>%2</b> <code>[%3]</code> %4<br>%5<br><i>%6</i> %7</p>")
        .arg(MarkedEditor::levelColor(h.level).name(), h.levelName(), h.ruleId(), where, h.explanation.toHtmlEscaped(),
             QObject::tr("Safer:"), h.saferPattern.toHtmlEscaped());
}

QString statementHtml(const StatementHazards &s)
{
    QString html;
    // Most serious first, as the ranking orders them.
    QList<Hazard> hazards = s.hazards;
    std::stable_sort(hazards.begin(), hazards.end(), [](const Hazard &a, const Hazard &b) { return a.score > b.score; });
    for (const Hazard &h : hazards)
        html += hazardHtml(h);
    if (!s.locks.isEmpty()) {
        QStringList locks;
        for (const PredictedLock &l : s.locks)
            locks << QStringLiteral("%1 on %2").arg(l.mode, l.table).toHtmlEscaped();
        html += QObject::tr("<p style='margin:2px 0'>Predicted locks: %1</p>").arg(locks.join(QStringLiteral(", ")));
    }
    return html;
}

HazardLevel worstLevel(const StatementHazards &s)
{
    HazardLevel worst = HazardLevel::Note;
    for (const Hazard &h : s.hazards)
        worst = std::max(worst, h.level);
    return worst;
}

} // namespace

SqlPanel::SqlPanel(QWidget *parent)
    : QWidget(parent), m_model(new SqlStatementModel(this)), m_table(new QTableView), m_editor(new MarkedEditor),
      m_highlighter(new SqlHighlighter(m_editor->document())), m_summary(new QLabel),
      m_find(makeFindField(this, m_editor, QStringLiteral("sqlFind"))),
      m_hazardSummary(new QLabel), m_hazardDetails(new QLabel)
{
    m_hazardSummary->setObjectName(QStringLiteral("hazardSummary"));
    m_hazardSummary->setWordWrap(true);
    m_hazardDetails->setObjectName(QStringLiteral("hazardDetails"));
    m_hazardDetails->setWordWrap(true);
    m_hazardDetails->setTextFormat(Qt::RichText);
    m_hazardDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hazardDetails->setMargin(4);
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
    auto *statements = new QWidget;
    auto *statementsLayout = new QVBoxLayout(statements);
    statementsLayout->setContentsMargins(0, 0, 0, 0);
    statementsLayout->addWidget(m_table, 1);
    statementsLayout->addWidget(m_hazardDetails);
    splitter->addWidget(statements);
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_summary);
    contentLayout->addWidget(m_hazardSummary);
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
    m_set = set;
    m_current = current;
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
    refreshHazards();
}

void SqlPanel::setPoints(const SessionPoints &points)
{
    const TrackedPoint *latest = points.latest();
    const bool same = latest && m_capture && latest->label == m_capture->label && latest->point.revision == m_capture->point.revision
                      && latest->point.captureMs == m_capture->point.captureMs;
    if (same || (!latest && !m_capture))
        return;
    m_capture = latest ? std::optional<TrackedPoint>(*latest) : std::nullopt;
    refreshHazards();
}

StatementHazards SqlPanel::hazardsOf(int row) const
{
    return m_rowHazards.value(row);
}

QString SqlPanel::hazardNote() const
{
    if (m_steps.isEmpty())
        return {};
    if (m_steps.first().ranked)
        return tr("ranked with the table sizes and indexes of the capture %1").arg(m_capture->label);
    return m_capture ? tr("ranked by level only: the latest capture (%1) is not of the current revision").arg(m_capture->label)
                     : tr("ranked by level only: no capture of the database yet (apply a baseline or seed to take one)");
}

void SqlPanel::refreshHazards()
{
    m_steps.clear();
    const QList<SqlStatementModel::Row> &rows = m_model->rows();
    m_rowHazards = QList<StatementHazards>(rows.size());
    // The capture stands for the state both next steps start from only when it is of the
    // current revision.
    const InspectionPoint *now = m_capture && m_current && m_capture->point.captured && m_capture->point.revision == *m_current
                                     ? &m_capture->point : nullptr;
    QStringList problems;
    for (const auto &[id, direction] : {std::pair{m_model->nextUp(), PlannedStep::Direction::Up},
                                        std::pair{m_model->nextDown(), PlannedStep::Direction::Down}}) {
        const Revision *revision = m_set && !id.isEmpty() ? m_set->find(RevisionRef(id)) : nullptr;
        if (!revision)
            continue;
        auto step = nextStepHazards(*m_set, *revision, direction, now);
        if (!step) {
            problems << step.error().toString();
            continue;
        }
        m_steps << *step;
        const auto rowDirection = direction == PlannedStep::Direction::Up ? SqlStatementModel::Direction::Up : SqlStatementModel::Direction::Down;
        for (const StatementHazards &s : step->statements) {
            for (int i = 0; i < rows.size(); ++i) {
                const SqlStatementModel::Row &r = rows.at(i);
                if (r.direction == rowDirection && r.revision == id && r.statement.line == s.line) {
                    m_rowHazards[i] = s;
                    break;
                }
            }
        }
    }
    QList<MarkedEditor::Marker> markers;
    for (int i = 0; i < rows.size() && i < m_rowBlocks.size(); ++i) {
        const StatementHazards &s = m_rowHazards.at(i);
        if (s.hazards.isEmpty())
            continue;
        // Beside the statement's first line, one block below its "-- [i/n] file:line" comment.
        markers << MarkedEditor::Marker{m_rowBlocks.at(i) + 1, worstLevel(s), statementHtml(s)};
    }
    m_editor->setMarkers(markers);

    QStringList parts;
    for (const StepHazards &step : m_steps) {
        const int errors = step.count(HazardLevel::Error), warnings = step.count(HazardLevel::Warning), notes = step.count(HazardLevel::Note);
        const QString name = step.direction == QLatin1String("up") ? tr("up to %1").arg(step.revision) : tr("down from %1").arg(step.revision);
        parts << (errors + warnings + notes == 0 ? tr("%1: none").arg(name)
                                                 : tr("%1: %2 error(s), %3 warning(s), %4 note(s)").arg(name).arg(errors).arg(warnings).arg(notes));
    }
    QString text;
    if (!parts.isEmpty())
        text = tr("<b>Hazards</b> (markers in the margin; hover one for the explanation) %1; %2.")
                   .arg(parts.join(QStringLiteral("; ")).toHtmlEscaped(), hazardNote().toHtmlEscaped());
    for (const QString &p : problems)
        text += tr(" <span style='color:%1'>Hazards not analysed: %2</span>").arg(colors::errorText().name(), p.toHtmlEscaped());
    m_hazardSummary->setText(text);
    m_hazardSummary->setVisible(!text.isEmpty());
    showHazardDetails(m_table->currentIndex().row());
}

void SqlPanel::showHazardDetails(int row)
{
    const StatementHazards hazards = hazardsOf(row);
    m_hazardDetails->setText(hazards.hazards.isEmpty() ? QString() : statementHtml(hazards));
    m_hazardDetails->setVisible(!hazards.hazards.isEmpty());
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
    showHazardDetails(row);
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
