#pragma once

#include "db/connectionsettings.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QSettings;

namespace revisor::ui {

/// A saved connection: libpq fields or a pasted URL/keyword string, never a password (that
/// lives in the system keyring when the user asks for it).
struct ConnectionProfile
{
    QString name;
    QString conninfo;   ///< pasted URL or keyword string; the fields below override it
    QString host;
    QString port;
    QString database;
    QString user;
    QString sslmode;
    bool savePassword = false;

    /// The settings to connect with; empty fields fall back to libpq (PG*, service, .pgpass).
    Result<ConnectionSettings> settings(const QString &password = {}) const;
    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

/// The application's settings file (XDG: ~/.config/revisor/revisor.conf).
QSettings &appSettings();

QStringList profileNames(QSettings &settings);
ConnectionProfile loadProfile(QSettings &settings, const QString &name);
/// Writes the profile without any secret of its connection string; refuses a connection
/// string that does not parse, since its secrets cannot be told from the rest.
Status saveProfile(QSettings &settings, const ConnectionProfile &profile);
void removeProfile(QSettings &settings, const QString &name);

/// Whether a connection error means "a password is needed or wrong" (then ask for one).
bool needsPassword(const Error &error);

/// Passwords in the system keyring (QtKeychain, service "revisor"). Asynchronous: the
/// callback runs on the GUI thread with the password, or an error text when the keyring is
/// unavailable or holds nothing.
namespace keyring {
void readPassword(const QString &profile, QObject *context, std::function<void(const QString &password, const QString &error)> done);
void writePassword(const QString &profile, const QString &password, QObject *context, std::function<void(const QString &error)> done);
void deletePassword(const QString &profile);
} // namespace keyring

} // namespace revisor::ui
