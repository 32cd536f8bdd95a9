// Any text typed as a connection string must parse or fail with a usage error, and what
// parses must survive the trip through conninfo(), the string handed to libpq.

#include "db/connectionsettings.h"
#include "fuzzsupport.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto settings = ConnectionSettings::parse(fuzz::text(data, size));
    if (!settings) {
        fuzz::require(settings.error().kind == ErrorKind::Usage, "errors are usage errors");
        return 0;
    }
    const auto again = ConnectionSettings::parse(settings->conninfo());
    fuzz::require(again.has_value(), "conninfo() parses");
    fuzz::require(*again == *settings, "conninfo() round-trips");
    (void)settings->redacted();
    return 0;
}
