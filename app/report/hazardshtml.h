#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QString>

namespace revisor {

/// HTML sections (for the HTML and PDF reports): the slowest statements of each step with the
/// ACCESS EXCLUSIVE locks they held (those over the threshold marked), and the hazards of each
/// step, most serious first.
QString slowestStatementsHtml(const RehearsalResult &result);
QString hazardsHtml(const RehearsalResult &result);

} // namespace revisor
