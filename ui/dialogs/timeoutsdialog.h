#pragma once

#include "runner/steptimeouts.h"

class QWidget;

namespace revisor::ui {

/// The step timeouts the window uses, as saved in the application settings (0: the server's).
StepTimeouts savedStepTimeouts();
void saveStepTimeouts(const StepTimeouts &timeouts);

/// Lets the user edit `timeouts`; true when accepted (and then saved).
bool editStepTimeouts(QWidget *parent, StepTimeouts &timeouts);

} // namespace revisor::ui
