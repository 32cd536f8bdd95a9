#pragma once

class QApplication;

namespace revisor::ui {

/// Names, Fusion style and the palette (the platform's, or REVISOR_THEME=dark|light).
void setUpApplication(QApplication &app);

/// Sets up style, settings and the main window on an existing QApplication and runs it.
/// Options: --scratch (start a scratch server and connect), --set DIR.
int runMainWindow(QApplication &app);

} // namespace revisor::ui
