#pragma once

#include "runner/seedrunner.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace revisor::ui {

/// Choose a seed of the migration set and its declared parameters (readSeed()), each with
/// what it does, and the rows and size the values give; opens with the last seed and values.
/// Lists the seeds declared for one point: the baseline, or "upgraded" (rows written once the
/// upgrade is live).
class SeedDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SeedDialog(const MigrationSet &set, const QString &at = QStringLiteral("baseline"), QWidget *parent = nullptr);
    /// The set's seeds declared for `at` ("baseline" or "upgraded"); a seed whose file cannot
    /// be read counts as a baseline seed (choosing it shows the error).
    static QStringList seedsAt(const MigrationSet &set, const QString &at);

    void selectSeed(const QString &name);
    /// The chosen seed, read from its file; an error when it cannot be read.
    Result<Seed> seed() const;
    /// Parameter values that differ from nothing: every declared parameter with its value.
    QMap<QString, QString> values() const;
    /// "total rows = ..., about N MB" for the values typed now; empty without an estimate.
    QString estimate() const;
    /// Remembers the seed and its values (QSettings) for the next time.
    void accept() override;

private:
    void showSeed();
    void updateEstimate();

    const MigrationSet &m_set;
    QComboBox *m_seeds;
    QLabel *m_message;
    QFormLayout *m_params;
    QMap<QString, QLineEdit *> m_edits;
    QLabel *m_estimate = nullptr;
};

} // namespace revisor::ui
