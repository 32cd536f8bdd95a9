#pragma once

#include "rehearsal/sweep.h"

#include <QDialog>

class QLabel;
class QTableView;

namespace revisor::ui {

class SweepModel;

/// The result of "Rehearse each step": a verdict line and a row per revision (verdict,
/// failing checks, down time), copyable like every table. Not modal: the window stays usable.
class SweepDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SweepDialog(QWidget *parent = nullptr);
    void setSweep(const SweepResult &sweep);
    SweepModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString summary() const;

private:
    SweepModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
};

} // namespace revisor::ui
