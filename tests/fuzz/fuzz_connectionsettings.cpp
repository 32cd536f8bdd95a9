// Any text typed as a connection string must parse or fail with a usage error that echoes
// none of it (it may hold a password), and what parses must survive the trip through
// conninfo(), the string handed to libpq.

#include "db/connectionsettings.h"
#include "fuzzsupport.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto settings = ConnectionSettings::parse(fuzz::text(data, size));
    if (!settings) {
        fuzz::require(settings.error().kind == ErrorKind::Usage, "errors are usage errors");
        // libpq quotes what it echoes and parse() masks each quoted span as "...", so a quote
        // left over means part of the input got through.
        QString unmasked = settings.error().message;
        unmasked.remove(QStringLiteral("\"...\""));
        fuzz::require(!unmasked.contains(QLatin1Char('"')), "errors echo no part of the input");
        return 0;
    }
    const auto again = ConnectionSettings::parse(settings->conninfo());
    fuzz::require(again.has_value(), "conninfo() parses");
    fuzz::require(*again == *settings, "conninfo() round-trips");
    (void)settings->redacted();
    return 0;
}
