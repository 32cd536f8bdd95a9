#pragma once

#include "rehearsal/scalerun.h"

#include <QWidget>

class QAction;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace revisor {
struct ActionResult;
}

namespace revisor::ui {

class EmptyStateWidget;
class SessionController;

/// The Scale tab: a scale run's step times against rows (log-log chart with the fitted model
/// of each step and the budget line), the table of fitted models, the extrapolation to a row
/// count the user types, and a second kept run to overlay. Runs are read from the directory
/// where every run is kept (scaleRunsDirectory()); runAction() starts a new one on the session's
/// worker (ScaleDialog first).
class ScalePanel : public QWidget
{
    Q_OBJECT

public:
    explicit ScalePanel(SessionController *session, QWidget *parent = nullptr);

    /// "Scale run...": enabled while connected with a set open and nothing running.
    QAction *runAction() const { return m_runAction; }
    /// Re-reads the kept runs; the one kept at `select` (a path) is shown, else the newest.
    void reloadRuns(const QString &select = {});
    /// Shows `run` (not necessarily kept).
    void showRun(const ScaleRun &run);
    /// Overlays the kept run at `index` of overlayBox() (0: none).
    void setOverlay(int index);
    /// Extrapolates to `rows` typed as the user would ("40,000,000", "4e7"); false when not a number.
    bool extrapolateTo(const QString &rows);

    const std::optional<ScaleRun> &run() const { return m_run; }
    QComboBox *runBox() const { return m_runs; }
    QComboBox *overlayBox() const { return m_overlayBox; }
    QLineEdit *rowsEdit() const { return m_rows; }
    /// The extrapolation in words: "at 40,000,000 rows of public.code_chunks: upgrade about ...".
    QString extrapolation() const;
    QCustomPlot *plot() const { return m_plot; }
    QTableWidget *fitTable() const { return m_fits; }

private:
    void startRun();
    void onActionFinished(const ActionResult &result);
    void updateAction();
    void rebuild();
    void fillFits();

    SessionController *m_session;
    QAction *m_runAction;
    QComboBox *m_runs;
    QComboBox *m_overlayBox;
    QLineEdit *m_rows;
    QLabel *m_extrapolation;
    QLabel *m_about;
    QCustomPlot *m_plot;
    QTableWidget *m_fits;
    EmptyStateWidget *m_stack;
    QStringList m_files;                  // kept runs, newest first (index + 1 in the boxes' overlay)
    std::optional<ScaleRun> m_run;
    std::optional<ScaleRun> m_overlay;
    double m_extrapolateRows = 0;
};

} // namespace revisor::ui
