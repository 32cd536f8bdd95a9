#include "ui/dialogs/seeddialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace revisor::ui {

SeedDialog::SeedDialog(const MigrationSet &set, QWidget *parent)
    : QDialog(parent), m_set(set), m_seeds(new QComboBox), m_message(new QLabel), m_params(new QFormLayout)
{
    setWindowTitle(tr("Seed the database"));
    m_seeds->addItems(set.seedNames());
    m_message->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Seed:"), m_seeds);
    form->addRow(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Seed"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(m_params);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(480);
    connect(m_seeds, &QComboBox::currentIndexChanged, this, &SeedDialog::showSeed);
    if (m_seeds->findText(QStringLiteral("sample")) >= 0)
        m_seeds->setCurrentText(QStringLiteral("sample"));
    showSeed();
}

void SeedDialog::selectSeed(const QString &name)
{
    m_seeds->setCurrentText(name);
}

Result<Seed> SeedDialog::seed() const
{
    return readSeed(m_set, m_seeds->currentText());
}

QMap<QString, QString> SeedDialog::values() const
{
    QMap<QString, QString> values;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it)
        values.insert(it.key(), it.value()->text().isEmpty() ? it.value()->placeholderText() : it.value()->text());
    return values;
}

void SeedDialog::showSeed()
{
    while (m_params->rowCount() > 0)
        m_params->removeRow(0);
    m_edits.clear();
    auto s = seed();
    if (!s) {
        m_message->setText(s.error().toString().toHtmlEscaped());
        return;
    }
    m_message->setText(s->message.isEmpty() ? tr("(no description)") : s->message);
    if (s->parameters.isEmpty()) {
        m_params->addRow(new QLabel(tr("This seed takes no parameters.")));
        return;
    }
    for (auto it = s->parameters.cbegin(); it != s->parameters.cend(); ++it) {
        auto *edit = new QLineEdit(it.value());
        edit->setPlaceholderText(it.value());
        m_edits.insert(it.key(), edit);
        m_params->addRow(it.key() + QLatin1Char(':'), edit);
    }
}

} // namespace revisor::ui
