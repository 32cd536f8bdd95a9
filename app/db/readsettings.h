#pragma once

#include "core/error.h"

#include <QList>
#include <QPair>
#include <QString>

namespace revisor {

class Session;

/// Settings by name and value.
using Settings = QList<QPair<QString, QString>>;

/// The settings Revisor's own reads are taken with: those that shape the text form of values
/// (hashes are taken over it, definitions are compared as text), so that the same data and
/// schema read the same whatever the server's, the role's or a migration's settings are.
/// Migrations and seeds never run with these: they get the database's own settings.
const Settings &readSettings();

/// Pins `pinned` (readSettings() unless given) for the rest of the session's open transaction
/// (set_config(..., true)) and returns the values they had, for restoreSettings(). A
/// transaction must be open.
Result<Settings> pinSettings(Session &session, const Settings &pinned = readSettings());
/// Sets the settings back to `saved`, for the rest of the transaction.
Status restoreSettings(Session &session, const Settings &saved);

} // namespace revisor
