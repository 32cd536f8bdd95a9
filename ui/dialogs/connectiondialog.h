#pragma once

#include "ui/session/connectionprofile.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace revisor::ui {

/// What the user chose in the connection dialog.
struct ConnectionChoice
{
    bool scratch = false;           ///< start a throwaway server instead
    ConnectionSettings settings;    ///< password included when one was typed or read
    QString profile;                ///< the profile it came from, if any
};

/// Choose where to connect: a one-click scratch server, or a server through a saved profile,
/// fields, or a pasted URL/keyword string. "Test connection" runs on a pool thread and shows
/// the server version and whether pgvector is available, or the server's own message.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    ConnectionChoice choice() const;
    /// The fields as a profile (name from the profile box).
    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    /// Starts the test; testFinished() fires when the answer is shown.
    void testConnection();
    QString testResult() const;

signals:
    void testFinished(bool ok);

private:
    void loadSelectedProfile();
    void saveCurrentProfile();
    void deleteCurrentProfile();
    void updateEnabled();
    void refreshProfiles(const QString &select = {});
    void accept() override;

    QRadioButton *m_scratch;
    QRadioButton *m_server;
    QComboBox *m_profiles;
    QLineEdit *m_conninfo;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QComboBox *m_sslmode;
    QLineEdit *m_password;
    QCheckBox *m_savePassword;
    QPushButton *m_test;
    QPushButton *m_save;
    QPushButton *m_delete;
    QLabel *m_result;
    QWidget *m_serverBox;
    bool m_testing = false;
};

} // namespace revisor::ui
