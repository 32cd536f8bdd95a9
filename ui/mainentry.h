#pragma once

class QApplication;

namespace revisor::ui {

/// Sets up style, settings and the main window on an existing QApplication and runs it.
int runMainWindow(QApplication &app);

} // namespace revisor::ui
