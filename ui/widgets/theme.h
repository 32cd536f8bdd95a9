#pragma once

#include <QString>

namespace revisor::ui {

/// The window's colours: the system's palette, or Revisor's own light or dark one.
enum class Theme { System, Light, Dark };

QString themeName(Theme theme);   ///< "system", "light", "dark"
Theme themeFromName(const QString &name);
/// Sets the application's palette (and the Fusion style for Light and Dark, whose palettes
/// the platform styles may ignore). The first call keeps the system palette to go back to.
void applyTheme(Theme theme);

} // namespace revisor::ui
