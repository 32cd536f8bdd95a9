#pragma once

#include <QString>

class QLineEdit;
class QPlainTextEdit;
class QWidget;

namespace revisor::ui {

/// Ctrl+F, the one find key of every panel: anywhere in `panel` it shows `field`, focuses it
/// and selects its text. Filter fields (Log, Locks, Checks, Diff) and find fields (SQL, a
/// check's detail) are bound by it alike.
void bindFindKey(QWidget *panel, QLineEdit *field);

/// Finds `text` in `editor` from its cursor on, wrapping to the top; false when absent.
bool findInText(QPlainTextEdit *editor, const QString &text);

/// A find field over `editor`, hidden until Ctrl+F in `panel`: Enter finds the next match,
/// Escape hides the field again.
QLineEdit *makeFindField(QWidget *panel, QPlainTextEdit *editor, const QString &objectName);

} // namespace revisor::ui
