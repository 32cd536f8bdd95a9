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
/// Diff rows: added, removed, changed (backgrounds that keep the palette's text readable).
QColor addedBackground();
QColor removedBackground();
QColor changedBackground();
/// Check status: pass, fail, warn, skip (icon fill and summary text).
QColor passColor();
QColor failColor();
QColor warnColor();
QColor skipColor();

} // namespace revisor::ui::colors
