#include "ui/widgets/emptystate.h"

#include <QAbstractItemModel>
#include <QLabel>

namespace revisor::ui {

QLabel *makeExplanationLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setMargin(24);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

EmptyStateWidget::EmptyStateWidget(QWidget *content, const QString &emptyText, QWidget *parent)
    : QStackedWidget(parent), m_label(makeExplanationLabel(emptyText, this))
{
    addWidget(m_label);
    addWidget(content);
    setCurrentIndex(0);
}

void EmptyStateWidget::trackModel(QAbstractItemModel *model)
{
    auto update = [this, model] { showContent(model->rowCount() > 0); };
    connect(model, &QAbstractItemModel::rowsInserted, this, update);
    connect(model, &QAbstractItemModel::rowsRemoved, this, update);
    connect(model, &QAbstractItemModel::modelReset, this, update);
    update();
}

void EmptyStateWidget::setEmptyText(const QString &text)
{
    m_label->setText(text);
}

QString EmptyStateWidget::emptyText() const
{
    return m_label->text();
}

void EmptyStateWidget::showContent(bool show)
{
    setCurrentIndex(show ? 1 : 0);
}

} // namespace revisor::ui
