#pragma once

#include "core/error.h"

#include <QString>

namespace revisor {

class Session;

/// What a user needs to know about the server a session is connected to.
struct ServerInfo
{
    QString version;           ///< e.g. "15.18"
    bool hasPgvector = false;  ///< 'vector' in pg_available_extensions
    QString database;
    QString display;           ///< redacted URL, or "scratch server (...)"
    bool scratch = false;      ///< a throwaway server Revisor started; anything else is real
};

/// Reads what ServerInfo holds from an open session (scratch = false).
Result<ServerInfo> probeServer(Session &session);

} // namespace revisor
