#include "ui/widgets/findfield.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QShortcut>

namespace revisor::ui {

void bindFindKey(QWidget *panel, QLineEdit *field)
{
    auto *find = new QShortcut(QKeySequence::Find, panel, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    QObject::connect(find, &QShortcut::activated, field, [field] {
        field->show();
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    });
}

bool findInText(QPlainTextEdit *editor, const QString &text)
{
    if (text.isEmpty())
        return false;
    if (editor->find(text))
        return true;
    // From the top again.
    editor->moveCursor(QTextCursor::Start);
    return editor->find(text);
}

QLineEdit *makeFindField(QWidget *panel, QPlainTextEdit *editor, const QString &objectName)
{
    auto *field = new QLineEdit;
    field->setObjectName(objectName);
    field->setPlaceholderText(QObject::tr("Find (Enter: next, Esc: close)"));
    field->setClearButtonEnabled(true);
    field->hide();
    QObject::connect(field, &QLineEdit::returnPressed, editor, [field, editor] { findInText(editor, field->text()); });
    auto *hide = new QShortcut(QKeySequence(Qt::Key_Escape), field, nullptr, nullptr, Qt::WidgetShortcut);
    QObject::connect(hide, &QShortcut::activated, field, &QWidget::hide);
    bindFindKey(panel, field);
    return field;
}

} // namespace revisor::ui
