#include "ui/dialogs/sweepdialog.h"

#include "ui/models/sweepmodel.h"
#include "ui/panels/tablepanels.h"
#include "ui/widgets/uicolors.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace revisor::ui {

SweepDialog::SweepDialog(QWidget *parent)
    : QDialog(parent), m_model(new SweepModel(this)), m_view(makeTableView()), m_summary(new QLabel)
{
    setObjectName(QStringLiteral("sweepResults"));
    setWindowTitle(tr("Rehearse each step"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_view->setModel(m_model);
    m_view->horizontalHeader()->resizeSection(SweepModel::RevisionColumn, 110);
    m_view->horizontalHeader()->resizeSection(SweepModel::FromColumn, 110);
    m_view->horizontalHeader()->resizeSection(SweepModel::VerdictColumn, 80);
    m_view->horizontalHeader()->resizeSection(SweepModel::FailingColumn, 420);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    auto *hint = new QLabel(tr("Each step was rehearsed on its own from an emptied database: upgrade, downgrade, probes and "
                               "the generic checks. Ctrl+C copies the rows."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    resize(900, 360);
}

void SweepDialog::setSweep(const SweepResult &sweep)
{
    m_model->setSweep(sweep);
    const qsizetype passed = std::count_if(sweep.rows.cbegin(), sweep.rows.cend(), [](const SweepRow &r) { return r.passed; });
    const QString range = sweep.rows.isEmpty() ? QString()
                                               : tr(" %1 → %2").arg(sweep.rows.first().from.label(), sweep.rows.last().revision.label());
    QString text = tr("<span style=\"color:%1\"><b>%2</b></span> — steps%3: %4 of %5 passed.")
                       .arg((sweep.passed() ? colors::passColor() : colors::failColor()).name(),
                            sweep.passed() ? tr("PASS") : tr("FAIL"), range)
                       .arg(passed).arg(sweep.rows.size());
    if (sweep.stoppedEarly)
        text += tr(" Stopped before the end of the range.");
    m_summary->setText(text);
}

QString SweepDialog::summary() const
{
    return m_summary->text();
}

} // namespace revisor::ui
