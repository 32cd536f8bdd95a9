#pragma once

#include <QString>

class QAbstractItemView;

namespace revisor::ui {

/// The selected cells of a table or tree view, row by row in view order, as tab-separated
/// text with a header line (what spreadsheets paste), or as a Markdown table.
QString selectionAsTsv(const QAbstractItemView *view);
QString selectionAsMarkdown(const QAbstractItemView *view);

/// Ctrl+C copies the selection as tab-separated text, and a context menu offers Copy and
/// Copy as Markdown.
void enableCopy(QAbstractItemView *view);

} // namespace revisor::ui
