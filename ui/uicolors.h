#pragma once

#include <QColor>

/// Colours for states (error, notice, warning, added, removed), chosen for the current
/// palette so that they stay readable in dark and light themes.
namespace revisor::ui::colors {

bool isDarkPalette();
QColor errorText();
QColor errorBackground();
QColor noticeBackground();
QColor warningBackground();
QColor stepBackground();
QColor upgradeBar();
QColor downgradeBar();
QColor seedBar();

} // namespace revisor::ui::colors
