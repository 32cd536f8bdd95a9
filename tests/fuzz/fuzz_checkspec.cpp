// Any bytes given as a checks file must load or fail with an error; what loads is a check
// the evaluator understands.

#include "checks/checkspec.h"
#include "fuzzsupport.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto suite = parseCheckFile(json, QStringLiteral("fuzz.json"));
    if (!suite) {
        fuzz::require(suite.error().kind == ErrorKind::Input, "errors are input errors");
        fuzz::require(!suite.error().message.isEmpty(), "errors say what is wrong");
        return 0;
    }
    const QStringList known = knownAssertions();
    for (const CheckSpec &spec : suite->checks) {
        fuzz::require(!spec.id.isEmpty(), "checks have an id");
        fuzz::require(known.contains(spec.assertion), "checks have a known assertion");
        fuzz::require(!spec.title.isEmpty(), "checks have a title");
    }
    return 0;
}
