#include "ui/dialogs/timeoutsdialog.h"

#include "ui/session/connectionprofile.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>

namespace revisor::ui {

namespace {

const QString kLockKey = QStringLiteral("timeouts/ddlLockSeconds");
const QString kStatementKey = QStringLiteral("timeouts/statementSeconds");

QDoubleSpinBox *secondsBox(int ms, const QString &name)
{
    auto *box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setRange(0, 86400);
    box->setDecimals(1);
    box->setSuffix(QObject::tr(" s"));
    box->setSpecialValueText(QObject::tr("server default"));
    box->setValue(ms / 1000.0);
    return box;
}

} // namespace

StepTimeouts savedStepTimeouts()
{
    QSettings &settings = appSettings();
    StepTimeouts t;
    t.lockTimeoutMs = int(settings.value(kLockKey, 0).toDouble() * 1000);
    t.statementTimeoutMs = int(settings.value(kStatementKey, 0).toDouble() * 1000);
    return t;
}

void saveStepTimeouts(const StepTimeouts &timeouts)
{
    QSettings &settings = appSettings();
    settings.setValue(kLockKey, timeouts.lockTimeoutMs / 1000.0);
    settings.setValue(kStatementKey, timeouts.statementTimeoutMs / 1000.0);
    settings.sync();
}

bool editStepTimeouts(QWidget *parent, StepTimeouts &timeouts)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Step timeouts"));
    auto *lock = secondsBox(timeouts.lockTimeoutMs, QStringLiteral("ddlLockTimeout"));
    auto *statement = secondsBox(timeouts.statementTimeoutMs, QStringLiteral("statementTimeout"));
    auto *note = new QLabel(QObject::tr("Set inside each step's transaction (SET LOCAL); a revision's "
                                        "<tt>-- lock-timeout:</tt> / <tt>-- statement-timeout:</tt> header wins."));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(QObject::tr("DDL lock timeout:"), lock);
    form->addRow(QObject::tr("Statement timeout:"), statement);
    form->addRow(note);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    timeouts.lockTimeoutMs = int(lock->value() * 1000);
    timeouts.statementTimeoutMs = int(statement->value() * 1000);
    saveStepTimeouts(timeouts);
    return true;
}

} // namespace revisor::ui
