#pragma once

#include "runner/seedrunner.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace revisor::ui {

/// Choose a seed of the migration set and its declared parameters (readSeed()).
class SeedDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SeedDialog(const MigrationSet &set, QWidget *parent = nullptr);

    void selectSeed(const QString &name);
    /// The chosen seed, read from its file; an error when it cannot be read.
    Result<Seed> seed() const;
    /// Parameter values that differ from nothing: every declared parameter with its value.
    QMap<QString, QString> values() const;

private:
    void showSeed();

    const MigrationSet &m_set;
    QComboBox *m_seeds;
    QLabel *m_message;
    QFormLayout *m_params;
    QMap<QString, QLineEdit *> m_edits;
};

} // namespace revisor::ui
