#pragma once

#include "db/serverinfo.h"
#include "rehearsal/moveplan.h"

#include <QStringList>

class QWidget;

namespace revisor::ui {

/// Asks the user to type the database name before a destructive reset of a real server,
/// showing what the reset drops and keeps (ResetPlan::describe()).
bool confirmReset(QWidget *parent, const QString &database, bool scratch, const QStringList &plan = {});

/// Shows what a move will do (its revisions, the tables it drops with their rows, the
/// statements of its down steps) and asks for a yes. The dialog is "moveConfirmation".
bool confirmMove(QWidget *parent, const MovePlan &plan, const ServerInfo &server);

} // namespace revisor::ui
