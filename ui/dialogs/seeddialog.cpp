#include "ui/dialogs/seeddialog.h"

#include "ui/session/connectionprofile.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace revisor::ui {

QStringList SeedDialog::seedsAt(const MigrationSet &set, const QString &at)
{
    QStringList names;
    for (const QString &name : set.seedNames()) {
        auto seed = readSeed(set, name);
        if (seed ? seed->at == at : at == QLatin1String("baseline"))
            names << name;
    }
    return names;
}

SeedDialog::SeedDialog(const MigrationSet &set, const QString &at, QWidget *parent)
    : QDialog(parent), m_set(set), m_seeds(new QComboBox), m_message(new QLabel), m_params(new QFormLayout)
{
    const bool upgraded = at == QLatin1String("upgraded");
    setWindowTitle(upgraded ? tr("Seed after the upgrade") : tr("Seed the database"));
    m_seeds->addItems(seedsAt(set, at));
    m_message->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Seed:"), m_seeds);
    form->addRow(m_message);
    if (upgraded) {
        auto *why = new QLabel(tr("Rows an application writes once the upgrade is live: the rollback must keep them "
                                  "(checked as data.after-upgrade when you step back down to the baseline)."));
        why->setWordWrap(true);
        why->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(why);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Seed"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(m_params);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(560);
    connect(m_seeds, &QComboBox::currentIndexChanged, this, &SeedDialog::showSeed);
    const QString last = appSettings().value(QStringLiteral("seed/last")).toString();
    if (m_seeds->findText(last) >= 0)
        m_seeds->setCurrentText(last);
    else if (m_seeds->findText(QStringLiteral("sample")) >= 0)
        m_seeds->setCurrentText(QStringLiteral("sample"));
    showSeed();
}

void SeedDialog::accept()
{
    QSettings &settings = appSettings();
    const QString name = m_seeds->currentText();
    settings.setValue(QStringLiteral("seed/last"), name);
    const QMap<QString, QString> chosen = values();
    for (auto it = chosen.cbegin(); it != chosen.cend(); ++it)
        settings.setValue(QStringLiteral("seed/values/%1/%2").arg(name, it.key()), it.value());
    QDialog::accept();
}

QString SeedDialog::estimate() const
{
    return m_estimate ? m_estimate->text() : QString();
}

void SeedDialog::updateEstimate()
{
    auto s = seed();
    if (m_estimate && s)
        m_estimate->setText(s->estimateText(values()));
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
    m_estimate = nullptr;
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
    QSettings &settings = appSettings();
    for (auto it = s->parameters.cbegin(); it != s->parameters.cend(); ++it) {
        const QString remembered = settings.value(QStringLiteral("seed/values/%1/%2").arg(s->name, it.key()), it.value()).toString();
        auto *edit = new QLineEdit(remembered);
        edit->setPlaceholderText(it.value());
        edit->setObjectName(QStringLiteral("param_") + it.key());
        m_edits.insert(it.key(), edit);
        connect(edit, &QLineEdit::textChanged, this, &SeedDialog::updateEstimate);
        auto *field = new QWidget;
        auto *column = new QVBoxLayout(field);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(edit);
        if (const QString effect = s->descriptions.value(it.key()); !effect.isEmpty()) {
            auto *help = new QLabel(tr("%1 (default %2)").arg(effect, it.value()));
            help->setObjectName(QStringLiteral("help_") + it.key());
            help->setWordWrap(true);
            help->setForegroundRole(QPalette::PlaceholderText);
            column->addWidget(help);
        }
        m_params->addRow(it.key() + QLatin1Char(':'), field);
    }
    if (!s->estimateFactors.isEmpty()) {
        m_estimate = new QLabel;
        m_estimate->setObjectName(QStringLiteral("seedEstimate"));
        m_estimate->setWordWrap(true);
        m_params->addRow(tr("Rows:"), m_estimate);
        updateEstimate();
    }
}

} // namespace revisor::ui
