#include "serverinfo.h"

#include "db/session.h"

namespace revisor {

Result<ServerInfo> probeServer(Session &session)
{
    ServerInfo info;
    info.version = session.serverVersion();
    info.database = session.databaseName();
    info.display = session.settings().redacted();
    auto vector = session.extensionAvailable(QStringLiteral("vector"));
    if (!vector)
        return fail(vector.error());
    info.hasPgvector = *vector;
    return info;
}

} // namespace revisor
