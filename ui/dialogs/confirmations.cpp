#include "ui/dialogs/confirmations.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace revisor::ui {

bool confirmReset(QWidget *parent, const QString &database, bool scratch, const QStringList &plan)
{
    if (scratch) {
        return QMessageBox::question(parent, QObject::tr("Reset"),
                                     QObject::tr("Drop and re-create the scratch database %1? Its data is lost.").arg(database))
            == QMessageBox::Yes;
    }
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Reset database %1").arg(database));
    auto *text = new QLabel(QObject::tr("This empties <b>%1</b> in one transaction, under the migration lock:")
                                .arg(database.toHtmlEscaped()));
    // The plan's first line names the database, already said above.
    QStringList items;
    for (const QString &line : plan.mid(1))
        items << QStringLiteral("• ") + line.trimmed();
    auto *list = new QPlainTextEdit(items.join(QLatin1Char('\n')));
    list->setReadOnly(true);
    list->setLineWrapMode(QPlainTextEdit::NoWrap);
    list->setObjectName(QStringLiteral("resetPlan"));
    auto *prompt = new QLabel(QObject::tr("Type the database name to confirm:"));
    text->setWordWrap(true);
    auto *edit = new QLineEdit;
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(QObject::tr("Reset"));
    ok->setEnabled(false);
    QObject::connect(edit, &QLineEdit::textChanged, ok, [ok, database](const QString &t) { ok->setEnabled(t == database); });
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(list);
    layout->addWidget(prompt);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    dialog.resize(720, 340);
    return dialog.exec() == QDialog::Accepted && edit->text() == database;
}

bool confirmMove(QWidget *parent, const MovePlan &plan, const ServerInfo &server)
{
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("moveConfirmation"));
    dialog.setWindowTitle(QObject::tr("Go from %1 to %2?").arg(plan.from.label(), plan.to.label()));
    qint64 rows = 0;
    for (const MovePlan::DroppedTable &t : plan.droppedTables)
        rows += std::max<qint64>(0, t.rows);
    const QLocale locale;
    const QString where = server.scratch ? QObject::tr("the scratch database <b>%1</b>").arg(server.database.toHtmlEscaped())
                                         : QObject::tr("<b>%1</b> on a real server (%2)").arg(server.database.toHtmlEscaped(), server.display.toHtmlEscaped());
    QString text = QObject::tr("This runs %n down step(s) on %1", nullptr, plan.downSteps).arg(where);
    if (!plan.droppedTables.isEmpty())
        text += QObject::tr(" and drops %n table(s) holding %1 row(s) now", nullptr, int(plan.droppedTables.size())).arg(locale.toString(rows));
    text += QObject::tr(". Their data is lost unless the down scripts keep it.");
    auto *summary = new QLabel(text);
    summary->setObjectName(QStringLiteral("moveSummary"));
    summary->setWordWrap(true);
    auto *details = new QPlainTextEdit(plan.describe().join(QLatin1Char('\n')));
    details->setObjectName(QStringLiteral("movePlan"));
    details->setReadOnly(true);
    details->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(QObject::tr("Go to %1").arg(plan.to.label()));
    // A destructive move is never the default answer.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(summary);
    layout->addWidget(details, 1);
    layout->addWidget(buttons);
    dialog.resize(760, 420);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace revisor::ui
