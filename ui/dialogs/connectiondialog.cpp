#include "ui/dialogs/connectiondialog.h"

#include "db/serverinfo.h"
#include "db/session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace revisor::ui {

namespace {

// Runs on a pool thread: the session is opened, used and closed there.
Result<ServerInfo> testServer(const ConnectionSettings &settings)
{
    auto session = Session::open(settings, QStringLiteral("revisor-test"));
    if (!session)
        return fail(session.error());
    return probeServer(**session);
}

} // namespace

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect"));
    m_scratch = new QRadioButton(tr("&Scratch server (a throwaway PostgreSQL, removed when Revisor closes)"));
    m_scratch->setToolTip(tr("initdb in a temporary directory, served on a private unix socket only"));
    m_server = new QRadioButton(tr("&Existing server"));
    m_profiles = new QComboBox;
    m_profiles->setEditable(true);
    m_profiles->setInsertPolicy(QComboBox::NoInsert);
    m_profiles->lineEdit()->setPlaceholderText(tr("profile name"));
    m_save = new QPushButton(tr("Save profile"));
    m_delete = new QPushButton(tr("Delete"));
    m_conninfo = new QLineEdit;
    m_conninfo->setPlaceholderText(tr("postgresql://user@host:5432/db or host=... dbname=... or service=name"));
    m_host = new QLineEdit;
    m_port = new QLineEdit;
    m_port->setPlaceholderText(QStringLiteral("5432"));
    m_database = new QLineEdit;
    m_user = new QLineEdit;
    m_sslmode = new QComboBox;
    m_sslmode->addItems({QString(), QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                         QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")});
    m_password = new QLineEdit;
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("asked when the server wants one"));
    m_savePassword = new QCheckBox(tr("Remember the password in the system keyring"));

    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profiles, 1);
    profileRow->addWidget(m_save);
    profileRow->addWidget(m_delete);
    auto *form = new QFormLayout;
    form->addRow(tr("Profile:"), profileRow);
    form->addRow(tr("URL or keywords:"), m_conninfo);
    form->addRow(tr("Host:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Database:"), m_database);
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("SSL mode:"), m_sslmode);
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_savePassword);
    auto *hint = new QLabel(tr("Fields override the URL. Empty fields fall back to the PG* environment, the "
                               "service file and ~/.pgpass. Passwords are never written to the settings file."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(hint);
    m_serverBox = new QWidget;
    m_serverBox->setLayout(form);

    m_test = new QPushButton(tr("&Test connection"));
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumHeight(m_result->fontMetrics().height() * 3);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_result, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scratch);
    layout->addWidget(m_server);
    layout->addWidget(m_serverBox);
    layout->addLayout(testRow);
    layout->addWidget(buttons);
    setMinimumWidth(620);

    connect(m_scratch, &QRadioButton::toggled, this, &ConnectionDialog::updateEnabled);
    connect(m_profiles, &QComboBox::activated, this, &ConnectionDialog::loadSelectedProfile);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveCurrentProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteCurrentProfile);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);

    refreshProfiles(appSettings().value(QStringLiteral("connection/lastProfile")).toString());
    m_server->setChecked(true);
    if (m_profiles->count() > 0 && !m_profiles->currentText().isEmpty())
        loadSelectedProfile();
    else
        m_scratch->setChecked(true);
    updateEnabled();
}

void ConnectionDialog::refreshProfiles(const QString &select)
{
    m_profiles->clear();
    m_profiles->addItems(profileNames(appSettings()));
    m_profiles->setCurrentIndex(m_profiles->findText(select));
    if (m_profiles->currentIndex() < 0)
        m_profiles->setEditText(select);
}

void ConnectionDialog::updateEnabled()
{
    const bool server = !m_scratch->isChecked();
    m_serverBox->setEnabled(server);
    m_test->setEnabled(!m_testing);
    m_delete->setEnabled(server && m_profiles->findText(m_profiles->currentText()) >= 0);
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_profiles->currentText().trimmed();
    p.conninfo = m_conninfo->text().trimmed();
    p.host = m_host->text().trimmed();
    p.port = m_port->text().trimmed();
    p.database = m_database->text().trimmed();
    p.user = m_user->text().trimmed();
    p.sslmode = m_sslmode->currentText();
    p.savePassword = m_savePassword->isChecked();
    return p;
}

void ConnectionDialog::setProfile(const ConnectionProfile &p)
{
    m_profiles->setEditText(p.name);
    m_conninfo->setText(p.conninfo);
    m_host->setText(p.host);
    m_port->setText(p.port);
    m_database->setText(p.database);
    m_user->setText(p.user);
    m_sslmode->setCurrentText(p.sslmode);
    m_savePassword->setChecked(p.savePassword);
    m_password->clear();
    m_server->setChecked(true);
    updateEnabled();
}

void ConnectionDialog::loadSelectedProfile()
{
    const QString name = m_profiles->currentText();
    setProfile(loadProfile(appSettings(), name));
    if (!m_savePassword->isChecked())
        return;
    keyring::readPassword(name, this, [this, name](const QString &password, const QString &error) {
        if (m_profiles->currentText() != name)
            return;
        if (error.isEmpty())
            m_password->setText(password);
        else
            m_result->setText(tr("No password from the system keyring (%1).").arg(error));
    });
}

void ConnectionDialog::saveCurrentProfile()
{
    ConnectionProfile p = profile();
    if (p.name.isEmpty()) {
        p.name = QInputDialog::getText(this, tr("Save profile"), tr("Profile name:"));
        if (p.name.trimmed().isEmpty())
            return;
        p.name = p.name.trimmed();
    }
    if (auto saved = saveProfile(appSettings(), p); !saved) {
        m_result->setText(tr("The profile is not saved: %1").arg(saved.error().message.toHtmlEscaped()));
        return;
    }
    if (p.savePassword && !m_password->text().isEmpty()) {
        keyring::writePassword(p.name, m_password->text(), this, [this](const QString &error) {
            if (!error.isEmpty())
                m_result->setText(tr("The profile is saved, but the system keyring did not take the password: %1").arg(error));
        });
    } else if (!p.savePassword) {
        keyring::deletePassword(p.name);
    }
    refreshProfiles(p.name);
    m_result->setText(tr("Profile \"%1\" saved.").arg(p.name.toHtmlEscaped()));
    updateEnabled();
}

void ConnectionDialog::deleteCurrentProfile()
{
    const QString name = m_profiles->currentText();
    removeProfile(appSettings(), name);
    keyring::deletePassword(name);
    refreshProfiles();
    updateEnabled();
}

ConnectionChoice ConnectionDialog::choice() const
{
    ConnectionChoice c;
    c.scratch = m_scratch->isChecked();
    if (!c.scratch) {
        c.profile = profile().name;
        if (auto s = profile().settings(m_password->text()))
            c.settings = *s;
    }
    return c;
}

void ConnectionDialog::accept()
{
    if (!m_scratch->isChecked()) {
        auto s = profile().settings(m_password->text());
        if (!s) {
            m_result->setText(s.error().message.toHtmlEscaped());
            return;
        }
        const ConnectionProfile p = profile();
        if (!p.name.isEmpty())
            appSettings().setValue(QStringLiteral("connection/lastProfile"), p.name);
    }
    QDialog::accept();
}

QString ConnectionDialog::testResult() const
{
    return m_result->text();
}

void ConnectionDialog::testConnection()
{
    if (m_testing)
        return;
    if (m_scratch->isChecked()) {
        m_result->setText(tr("The scratch server is started when you connect (about a second)."));
        emit testFinished(true);
        return;
    }
    auto settings = profile().settings(m_password->text());
    if (!settings) {
        m_result->setText(settings.error().message.toHtmlEscaped());
        emit testFinished(false);
        return;
    }
    m_testing = true;
    updateEnabled();
    m_result->setText(tr("Connecting to %1 ...").arg(settings->redacted().toHtmlEscaped()));
    auto *watcher = new QFutureWatcher<Result<ServerInfo>>(this);
    connect(watcher, &QFutureWatcher<Result<ServerInfo>>::finished, this, [this, watcher] {
        const Result<ServerInfo> r = watcher->result();
        watcher->deleteLater();
        m_testing = false;
        updateEnabled();
        if (!r) {
            QString text = tr("<b>Failed:</b> %1").arg(r.error().message.toHtmlEscaped());
            if (needsPassword(r.error())) {
                text += tr("<br>Enter the password and test again.");
                m_password->setFocus();
            }
            m_result->setText(text);
            emit testFinished(false);
            return;
        }
        m_result->setText(tr("<b>Connected:</b> PostgreSQL %1, database %2. pgvector is %3.")
                              .arg(r->version.toHtmlEscaped(), r->database.toHtmlEscaped(),
                                   r->hasPgvector ? tr("available") : tr("not available (embeddings fall back to real[])")));
        emit testFinished(true);
    });
    watcher->setFuture(QtConcurrent::run(testServer, *settings));
}

} // namespace revisor::ui
