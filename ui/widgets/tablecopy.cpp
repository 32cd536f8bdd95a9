#include "ui/widgets/tablecopy.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>
#include <QTreeView>

#include <map>
#include <set>
#include <vector>

namespace revisor::ui {

namespace {

bool columnHidden(const QAbstractItemView *view, int column)
{
    if (const auto *table = qobject_cast<const QTableView *>(view))
        return table->isColumnHidden(column);
    if (const auto *tree = qobject_cast<const QTreeView *>(view))
        return tree->isColumnHidden(column);
    return false;
}

// Header and rows of the selection: whole rows when rows are selected, the selected cells'
// columns otherwise; rows in the order the view shows them.
std::pair<QStringList, QList<QStringList>> selectedTable(const QAbstractItemView *view)
{
    const QAbstractItemModel *model = view->model();
    if (!model || !view->selectionModel())
        return {};
    std::map<std::vector<int>, QModelIndex> rows;  // keyed by the path of rows from the root: view order
    std::set<int> columns;
    for (const QModelIndex &index : view->selectionModel()->selectedIndexes()) {
        std::vector<int> path;
        for (QModelIndex i = index; i.isValid(); i = i.parent())
            path.insert(path.begin(), i.row());
        rows.emplace(path, index.siblingAtColumn(0));
        columns.insert(index.column());
    }
    QStringList header;
    std::vector<int> shown;
    for (const int c : columns) {
        if (columnHidden(view, c))
            continue;
        shown.push_back(c);
        header << model->headerData(c, Qt::Horizontal).toString();
    }
    QList<QStringList> lines;
    for (const auto &[key, first] : rows) {
        QStringList cells;
        for (const int c : shown)
            cells << first.siblingAtColumn(c).data().toString();
        lines << cells;
    }
    return {header, lines};
}

QString oneLine(QString text)
{
    return text.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

} // namespace

QString selectionAsTsv(const QAbstractItemView *view)
{
    const auto [header, rows] = selectedTable(view);
    if (rows.isEmpty())
        return {};
    QStringList out;
    QStringList line;
    for (const QString &h : header)
        line << oneLine(h);
    out << line.join(QLatin1Char('\t'));
    for (const QStringList &cells : rows) {
        line.clear();
        for (const QString &c : cells)
            line << oneLine(c);
        out << line.join(QLatin1Char('\t'));
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString selectionAsMarkdown(const QAbstractItemView *view)
{
    const auto [header, rows] = selectedTable(view);
    if (rows.isEmpty())
        return {};
    const auto cell = [](QString text) { return oneLine(text.replace(QLatin1Char('|'), QStringLiteral("\\|"))); };
    QStringList out;
    QStringList line, rule;
    for (const QString &h : header) {
        line << cell(h);
        rule << QStringLiteral("---");
    }
    out << QStringLiteral("| %1 |").arg(line.join(QStringLiteral(" | "))) << QStringLiteral("| %1 |").arg(rule.join(QStringLiteral(" | ")));
    for (const QStringList &cells : rows) {
        line.clear();
        for (const QString &c : cells)
            line << cell(c);
        out << QStringLiteral("| %1 |").arg(line.join(QStringLiteral(" | ")));
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void enableCopy(QAbstractItemView *view)
{
    auto *copy = new QAction(QObject::tr("&Copy"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] { QApplication::clipboard()->setText(selectionAsTsv(view)); });
    auto *markdown = new QAction(QObject::tr("Copy as &Markdown"), view);
    QObject::connect(markdown, &QAction::triggered, view, [view] { QApplication::clipboard()->setText(selectionAsMarkdown(view)); });
    view->addAction(copy);
    view->addAction(markdown);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace revisor::ui
