#pragma once

#include <QWidget>

#include <initializer_list>

class QLabel;
class QTreeView;

namespace revisor::ui {

/// The parts the inspection panels are built from, so that they look and behave alike.

/// A read-only tree of whole rows that copies its selection (Ctrl+C, context menu).
QTreeView *makeTreeView();
/// A word-wrapped rich-text caption above a panel's view.
QLabel *makeCaption();
/// `widgets` stacked at the top, `stretch` taking the rest of the height.
QWidget *stackedColumn(std::initializer_list<QWidget *> widgets, QWidget *stretch);

} // namespace revisor::ui
