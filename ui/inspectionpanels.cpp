#include "inspectionpanels.h"

#include "emptystate.h"

#include <QVBoxLayout>

namespace revisor::ui {

InspectionPanel::InspectionPanel(const QString &emptyText, QWidget *parent)
    : QWidget(parent), m_stack(new EmptyStateWidget(new QWidget, emptyText))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

QString InspectionPanel::emptyText() const
{
    return m_stack->emptyText();
}

void InspectionPanel::setContent(QWidget *content)
{
    QWidget *old = m_stack->widget(1);
    m_stack->removeWidget(old);
    delete old;
    m_stack->addWidget(content);
}

SchemaPanel::SchemaPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Schema</b><br><br>The tables, columns, constraints and indexes of the database "
                         "at its current revision, as a tree.<br><br>A snapshot is taken after every step "
                         "of a rehearsal; run a rehearsal to see it here."), parent)
{
}

DiffPanel::DiffPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Diff</b><br><br>What the last step changed in the schema (added, removed and "
                         "changed objects, with before and after values), and the difference between the "
                         "baseline and the database after the rollback.<br><br>Run a rehearsal to see the diffs."), parent)
{
}

ChecksPanel::ChecksPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Checks</b><br><br>Every check of the round trip (columns, constraints and "
                         "indexes removed, tables restored, row counts preserved...) with its status, "
                         "failing checks first.<br><br>Run a rehearsal to see the checks."), parent)
{
}

DataPanel::DataPanel(QWidget *parent)
    : InspectionPanel(tr("<b>Data</b><br><br>Rows per table before and after each step, and whether each "
                         "table's content fingerprint still matches.<br><br>Seed the database and run a "
                         "rehearsal to compare its data."), parent)
{
}

} // namespace revisor::ui
