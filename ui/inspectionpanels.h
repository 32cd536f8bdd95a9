#pragma once

#include <QWidget>

namespace revisor::ui {

class EmptyStateWidget;

/// Base of the panels that show inspection results (schema snapshot, diff, checks, data):
/// until a result arrives they explain what will appear and what produces it.
class InspectionPanel : public QWidget
{
    Q_OBJECT

public:
    InspectionPanel(const QString &emptyText, QWidget *parent = nullptr);
    QString emptyText() const;

protected:
    /// Puts the panel's real view in place (shown once a result is set).
    void setContent(QWidget *content);
    EmptyStateWidget *stack() const { return m_stack; }

private:
    EmptyStateWidget *m_stack;
};

/// The current schema snapshot as a tree.
class SchemaPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit SchemaPanel(QWidget *parent = nullptr);
};

/// The changes of the last step, or between two points of the timeline.
class DiffPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit DiffPanel(QWidget *parent = nullptr);
};

/// The round-trip and declared checks with their status.
class ChecksPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit ChecksPanel(QWidget *parent = nullptr);
};

/// Row counts and fingerprints per table, before and after.
class DataPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit DataPanel(QWidget *parent = nullptr);
};

} // namespace revisor::ui
