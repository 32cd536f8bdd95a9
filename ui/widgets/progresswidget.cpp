#include "ui/widgets/progresswidget.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace revisor::ui {

ProgressWidget::ProgressWidget(QAction *cancel, QWidget *parent)
    : QWidget(parent), m_label(new QLabel), m_bar(new QProgressBar), m_cancel(new QToolButton), m_timer(new QTimer(this))
{
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(true);
    m_label->setMinimumWidth(320);
    m_cancel->setDefaultAction(cancel);
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_timer->setInterval(200);
    connect(m_timer, &QTimer::timeout, this, &ProgressWidget::tick);
    setVisible(false);
}

void ProgressWidget::setBusy(bool busy)
{
    setVisible(busy);
    if (busy) {
        m_step = tr("working");
        m_statement.clear();
        m_bar->setRange(0, 0);  // busy indicator until a statement count is known
        m_elapsed.start();
        m_timer->start();
        tick();
    } else {
        m_timer->stop();
    }
}

void ProgressWidget::showStep(const QString &what)
{
    m_step = what;
    m_statement.clear();
    m_bar->setRange(0, 0);
    m_elapsed.start();
    tick();
}

void ProgressWidget::showProgress(const ActionProgress &p)
{
    switch (p.kind) {
    case ActionProgress::Kind::Phase:
    case ActionProgress::Kind::Statement:
        showStep(p.text);
        return;
    case ActionProgress::Kind::Schema:
        showStep(tr("capturing schema %1").arg(p.text));
        return;
    case ActionProgress::Kind::Probe:
        showStep(tr("running probe: %1").arg(p.text));
        return;
    case ActionProgress::Kind::Table:
        // The capture's own clock goes on (started with the schema); the bar counts tables.
        m_step = tr("fingerprinting table %1 (%2 of %3)").arg(p.text).arg(p.index).arg(p.count);
        m_statement.clear();
        m_bar->setRange(0, p.count);
        m_bar->setValue(p.index);
        m_bar->setFormat(QStringLiteral("%v/%m"));
        tick();
        return;
    }
}

void ProgressWidget::showStatement(int index, int count, const QString &file, int line, const QString &sql)
{
    m_bar->setRange(0, count);
    m_bar->setValue(index);
    m_bar->setFormat(QStringLiteral("%v/%m"));
    m_statement = tr("running statement %1 of %2 (%3:%4)  %5").arg(index + 1).arg(count)
                      .arg(QFileInfo(file).fileName()).arg(line).arg(sql.simplified().left(60));
    tick();
}

void ProgressWidget::statementDone()
{
    if (m_bar->maximum() > 0)
        m_bar->setValue(std::min(m_bar->value() + 1, m_bar->maximum()));
}

int ProgressWidget::value() const
{
    return m_bar->value();
}

int ProgressWidget::maximum() const
{
    return m_bar->maximum();
}

QString ProgressWidget::text() const
{
    return m_label->text();
}

void ProgressWidget::tick()
{
    const QString elapsed = QString::number(m_elapsed.elapsed() / 1000.0, 'f', 1);
    m_label->setText(m_statement.isEmpty() ? tr("%1 (%2 s)").arg(m_step, elapsed)
                                           : tr("%1 (%2 s): %3").arg(m_step, elapsed, m_statement));
}

} // namespace revisor::ui
