#include "ui/dialogs/scaledialog.h"

#include "runner/seedrunner.h"
#include "ui/widgets/uicolors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace revisor::ui {

ScaleDialog::ScaleDialog(const MigrationSet &set, bool scratch, const QString &database, QWidget *parent)
    : QDialog(parent), m_set(set), m_scratch(scratch), m_database(database), m_seeds(new QComboBox), m_message(new QLabel),
      m_params(new QFormLayout), m_label(new QLineEdit), m_status(new QLabel)
{
    setWindowTitle(tr("Scale run"));
    m_seeds->addItems(set.seedNames());
    if (m_seeds->findText(QStringLiteral("scale")) >= 0)
        m_seeds->setCurrentText(QStringLiteral("scale"));
    m_message->setWordWrap(true);
    m_status->setWordWrap(true);
    m_label->setPlaceholderText(tr("optional: names the run when runs are compared (\"before index\")"));
    auto *intro = new QLabel(tr("For each volume: the database is emptied, the baseline applied, the seed run with that "
                                "volume's values, then the upgrade to head and the downgrade back, each timed per statement. "
                                "Give a parameter several comma-separated values (one volume per value); a parameter with "
                                "one value keeps it for every volume."));
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Seed:"), m_seeds);
    form->addRow(m_message);
    auto *after = new QFormLayout;
    after->addRow(tr("Label:"), m_label);
    if (!scratch) {
        m_confirm = new QLineEdit;
        m_confirm->setObjectName(QStringLiteral("scaleConfirm"));
        after->addRow(tr("Every volume empties database <b>%1</b> on a real server. Type its name to proceed:").arg(database.toHtmlEscaped()),
                      m_confirm);
        connect(m_confirm, &QLineEdit::textChanged, this, &ScaleDialog::validate);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Run"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(m_params);
    layout->addLayout(after);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(600);
    connect(m_seeds, &QComboBox::currentIndexChanged, this, &ScaleDialog::showSeed);
    showSeed();
}

QLineEdit *ScaleDialog::parameterEdit(const QString &name) const
{
    return m_edits.value(name);
}

void ScaleDialog::showSeed()
{
    while (m_params->rowCount() > 0)
        m_params->removeRow(0);
    m_edits.clear();
    auto seed = readSeed(m_set, m_seeds->currentText());
    if (!seed) {
        m_message->setText(tr("<span style='color:%1'>%2</span>").arg(colors::errorText().name(), seed.error().toString().toHtmlEscaped()));
        validate();
        return;
    }
    m_message->setText(seed->message.toHtmlEscaped());
    for (auto it = seed->parameters.cbegin(); it != seed->parameters.cend(); ++it) {
        auto *edit = new QLineEdit;
        edit->setObjectName(QStringLiteral("scaleParam_") + it.key());
        QString values = it.value();
        // The last factor of the row count varies by default: a tenth, a third and all of
        // its declared value, three volumes a decade apart end to end.
        bool whole = false;
        const qint64 n = it.value().toLongLong(&whole);
        if (whole && n >= 10 && !seed->estimateFactors.isEmpty() && seed->estimateFactors.last() == it.key())
            values = QStringLiteral("%1,%2,%3").arg(n / 10).arg(n / 3).arg(n);
        edit->setText(values);
        edit->setToolTip(seed->descriptions.value(it.key()));
        m_params->addRow(it.key() + QLatin1Char(':'), edit);
        m_edits.insert(it.key(), edit);
        connect(edit, &QLineEdit::textChanged, this, &ScaleDialog::validate);
    }
    validate();
}

void ScaleDialog::validate()
{
    m_problem.clear();
    m_volumes.clear();
    QStringList params;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it)
        params << it.key() + QLatin1Char('=') + it.value()->text();
    auto volumes = scaleVolumes(params);
    if (m_seeds->count() == 0)
        m_problem = tr("The migration set has no seed to make the volumes with.");
    else if (!volumes)
        m_problem = volumes.error().message;
    else
        m_volumes = *volumes;
    if (m_problem.isEmpty() && m_confirm && m_confirm->text() != m_database)
        m_problem = tr("Type the database name to allow emptying it.");
    QString status;
    if (!m_problem.isEmpty()) {
        status = tr("<span style='color:%1'>%2</span>").arg(colors::errorText().name(), m_problem.toHtmlEscaped());
    } else if (auto seed = readSeed(m_set, m_seeds->currentText())) {
        QStringList sizes;
        for (const auto &volume : m_volumes) {
            const QString estimate = seed->estimateText(volume);
            sizes << (estimate.isEmpty() ? tr("a volume") : estimate.toHtmlEscaped());
        }
        status = tr("%n volume(s): %1", nullptr, int(m_volumes.size())).arg(sizes.join(QStringLiteral("; ")));
    }
    m_status->setText(status);
    m_ok->setEnabled(m_problem.isEmpty());
}

ScaleOptions ScaleDialog::options() const
{
    ScaleOptions o;
    o.seed = m_seeds->currentText();
    o.volumes = m_volumes;
    o.label = m_label->text().trimmed();
    return o;
}

} // namespace revisor::ui
