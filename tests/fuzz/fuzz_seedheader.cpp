// Any text given as a seed file must parse its header or fail with an error on one of its
// lines; the SQL is kept as given.

#include "fuzzsupport.h"
#include "runner/seedrunner.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    const auto seed = parseSeed(text, QStringLiteral("fuzz.sql"));
    if (!seed) {
        const int lines = int(text.count(QLatin1Char('\n'))) + 1;
        fuzz::require(seed.error().line >= 1 && seed.error().line <= lines, "error line inside the file");
        return 0;
    }
    fuzz::require(seed->sql == text, "the seed's SQL is the file's text");
    for (auto it = seed->parameters.cbegin(); it != seed->parameters.cend(); ++it)
        fuzz::require(!it.key().isEmpty(), "parameters have names");
    return 0;
}
