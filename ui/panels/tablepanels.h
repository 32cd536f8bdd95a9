#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
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
    QLineEdit *filter() const { return m_filter; }

private:
    QTableView *m_view;
    QLineEdit *m_filter;
};

/// The Locks panel: the relation locks each step held before it committed.
class LocksPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LocksPanel(LockModel *model, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }
    QLineEdit *filter() const { return m_filter; }

private:
    QTableView *m_view;
    QLineEdit *m_filter;
};

/// A read-only, row-selecting table view as every list panel uses it (Ctrl+C and a context
/// menu copy the selection).
QTableView *makeTableView(QWidget *parent = nullptr);

/// A filter field over `proxy` (any column, case-insensitive, plain text); Ctrl+F in
/// `panel` focuses it.
QLineEdit *makeFilterField(QWidget *panel, QSortFilterProxyModel *proxy, const QString &objectName);

} // namespace revisor::ui
