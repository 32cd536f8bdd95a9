// Any text given as a native revision file must parse or fail with an error on one of its
// lines, and a parsed revision's sections must be pieces of that text.

#include "fuzzsupport.h"
#include "migrations/revision.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    const auto lines = int(text.count(QLatin1Char('\n'))) + 1;
    const auto rev = parseRevision(text, QStringLiteral("fuzz.sql"));
    if (!rev) {
        fuzz::require(rev.error().kind == ErrorKind::Input, "errors are input errors");
        fuzz::require(rev.error().line >= 1 && rev.error().line <= lines, "error line inside the file");
        return 0;
    }
    fuzz::require(!rev->id.isEmpty(), "a parsed revision has an id");
    fuzz::require(rev->headerLine >= 1 && rev->headerLine <= lines, "header line inside the file");
    fuzz::require(rev->upLine >= 2 && rev->upLine <= lines + 1, "up section after its marker");
    fuzz::require(text.contains(rev->upSql), "up SQL taken from the text");
    fuzz::require(text.contains(rev->downSql), "down SQL taken from the text");
    fuzz::require(rev->downLine == 0 || rev->downLine > rev->upLine, "down section after the up section");
    return 0;
}
