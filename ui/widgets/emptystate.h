#pragma once

#include <QStackedWidget>

class QAbstractItemModel;
class QLabel;

namespace revisor::ui {

/// Shows `content` while `model` has rows, else a centred explanation of what will appear
/// there and how to get it. Every panel uses it so that no panel is ever a blank rectangle.
class EmptyStateWidget : public QStackedWidget
{
    Q_OBJECT

public:
    EmptyStateWidget(QWidget *content, const QString &emptyText, QWidget *parent = nullptr);

    /// Follows the model's row count; without a model the empty text stays until showContent().
    void trackModel(QAbstractItemModel *model);
    void setEmptyText(const QString &text);
    QString emptyText() const;
    void showContent(bool show);
    bool isShowingContent() const { return currentIndex() == 1; }

private:
    QLabel *m_label;
};

/// A centred, word-wrapped, muted explanation label.
QLabel *makeExplanationLabel(const QString &text, QWidget *parent = nullptr);

} // namespace revisor::ui
