#pragma once

#include <QWidget>

class QTableView;

namespace revisor::ui {

class EmptyStateWidget;
class LockModel;
class LogModel;

/// The Log panel: every statement, notice and error of this session.
class LogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LogPanel(LogModel *model, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }

private:
    QTableView *m_view;
};

/// The Locks panel: the relation locks each step held before it committed.
class LocksPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LocksPanel(LockModel *model, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }

private:
    QTableView *m_view;
};

/// A read-only, row-selecting table view as every list panel uses it.
QTableView *makeTableView(QWidget *parent = nullptr);

} // namespace revisor::ui
