#pragma once

#include "hazards/hazard.h"

#include <QByteArray>

namespace revisor {

/// The hazards as a SARIF 2.1.0 log (one run, tool "revisor", one rule per hazard rule), so
/// that code review tools annotate the migration files' lines. Files under `baseDirectory`
/// are named relative to it (uriBaseId SRCROOT, which code-scanning uploads resolve against
/// the checkout); others by absolute file: URI.
QByteArray sarifReport(const QList<Hazard> &hazards, const QString &baseDirectory);

} // namespace revisor
