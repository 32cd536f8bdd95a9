// Any script must split into statements or fail with an error on one of its lines; every
// statement is non-empty and starts on a line of the script.

#include "fuzzsupport.h"
#include "migrations/sqlsplitter.h"

using namespace revisor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    constexpr int firstLine = 7; // as for a section that starts below a revision header
    const QString script = fuzz::text(data, size);
    const int lastLine = firstLine + int(script.count(QLatin1Char('\n')));
    const auto statements = splitSql(script, QStringLiteral("fuzz.sql"), firstLine);
    if (!statements) {
        fuzz::require(statements.error().line >= firstLine && statements.error().line <= lastLine,
                      "error line inside the script");
        return 0;
    }
    int previous = firstLine;
    for (const SqlStatement &st : *statements) {
        fuzz::require(!st.sql.isEmpty(), "statements are not empty");
        fuzz::require(st.line >= previous && st.line <= lastLine, "statements in order, inside the script");
        fuzz::require(st.keyword == st.keyword.toUpper(), "keyword in upper case");
        previous = st.line;
    }
    return 0;
}
