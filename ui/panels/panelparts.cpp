#include "ui/panels/panelparts.h"

#include "ui/widgets/tablecopy.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace revisor::ui {

QTreeView *makeTreeView()
{
    auto *view = new QTreeView;
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(false);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->header()->setStretchLastSection(true);
    enableCopy(view);
    return view;
}

QLabel *makeCaption()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setMargin(4);
    return label;
}

QWidget *stackedColumn(std::initializer_list<QWidget *> widgets, QWidget *stretch)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 0);
    for (QWidget *w : widgets)
        layout->addWidget(w);
    layout->addWidget(stretch, 1);
    return box;
}

} // namespace revisor::ui
