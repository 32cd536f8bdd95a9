#pragma once

#include "rehearsal/interactivesession.h"

#include <QElapsedTimer>
#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace revisor::ui {

/// The status bar's progress: the running step, its statement (n/m, file:line), the time
/// it has been running, and a Cancel button. Hidden while idle.
class ProgressWidget : public QWidget
{
    Q_OBJECT

public:
    ProgressWidget(QAction *cancel, QWidget *parent = nullptr);

    void setBusy(bool busy);
    void showStep(const QString &what);
    /// A phase, a capture (schema, table k of M) or the probes; statements come through
    /// showStatement().
    void showProgress(const revisor::ActionProgress &progress);
    /// Statement `index` (from 0) of `count` starts; statementDone() moves the bar past it.
    void showStatement(int index, int count, const QString &file, int line, const QString &sql);
    void statementDone();
    QString text() const;
    int value() const;
    int maximum() const;

private:
    void tick();
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    QTimer *m_timer;
    QElapsedTimer m_elapsed;
    QString m_step;
    QString m_statement;
};

} // namespace revisor::ui
