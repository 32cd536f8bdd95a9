#pragma once

#include "migrations/migrationset.h"
#include "rehearsal/scalerun.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace revisor::ui {

/// "Scale run": the seed that makes the volume, its parameter values (a comma-separated list
/// per parameter, one volume per value), a label for the run, and on a server that is not a
/// throwaway one the database name typed again, since every volume empties it.
class ScaleDialog : public QDialog
{
    Q_OBJECT

public:
    /// `database` is the name to type when `scratch` is false.
    ScaleDialog(const MigrationSet &set, bool scratch, const QString &database, QWidget *parent = nullptr);

    /// The run as chosen; valid when the dialog was accepted (or problem() is empty).
    ScaleOptions options() const;
    /// Why the values cannot run ("chunks has 3 values, ..."); empty when they can.
    QString problem() const { return m_problem; }
    QLineEdit *parameterEdit(const QString &name) const;
    QLineEdit *labelEdit() const { return m_label; }
    QLineEdit *confirmEdit() const { return m_confirm; }

private:
    void showSeed();
    void validate();

    MigrationSet m_set;
    bool m_scratch;
    QString m_database;
    QComboBox *m_seeds;
    QLabel *m_message;
    QFormLayout *m_params;
    QMap<QString, QLineEdit *> m_edits;
    QLineEdit *m_label;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_status;
    QPushButton *m_ok;
    QString m_problem;
    QList<QMap<QString, QString>> m_volumes;
};

} // namespace revisor::ui
