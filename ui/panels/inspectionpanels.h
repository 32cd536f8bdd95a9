#pragma once

#include "checks/checkresult.h"
#include "rehearsal/diffcauses.h"
#include "rehearsal/rehearsal.h"
#include "rehearsal/scenariotracker.h"

#include <QWidget>

class QComboBox;
class QDialog;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace revisor::ui {

class ChecksModel;
class DataComparisonModel;
class DiffTreeModel;
class EmptyStateWidget;
class SchemaTreeModel;
class SessionController;

/// Base of the panels that show inspection results (schema snapshot, diff, checks, data):
/// until a result arrives they explain what will appear and what produces it.
class InspectionPanel : public QWidget
{
    Q_OBJECT

public:
    InspectionPanel(const QString &emptyText, QWidget *parent = nullptr);
    QString emptyText() const;
    /// True while the explanation is shown instead of the content.
    bool isShowingEmptyState() const;

protected:
    /// Puts the panel's real view in place (shown once a result is set).
    void setContent(QWidget *content);
    EmptyStateWidget *stack() const { return m_stack; }

private:
    EmptyStateWidget *m_stack;
};

/// The current schema snapshot as a tree, refreshed after every step.
class SchemaPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit SchemaPanel(QWidget *parent = nullptr);
    void follow(SessionController *session);
    void showPoint(const TrackedPoint *point);
    SchemaTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

private:
    SchemaTreeModel *m_model;
    QTreeView *m_view;
    QLabel *m_caption;
    QLineEdit *m_filter;
};

/// The changes of the last step, or between any two captures of the session (baseline vs
/// after rollback once the round trip is complete), each with the statements that caused it;
/// "Copy repair SQL" once a round trip left differences.
class DiffPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit DiffPanel(QWidget *parent = nullptr);
    void follow(SessionController *session);
    void setPoints(const SessionPoints &points);
    /// The set whose scripts the causes are found in; none: no causes.
    void setMigrationSet(const MigrationSet *set);
    /// The repair script of the checked round trip (empty: nothing to repair) and its summary.
    void setRepairSql(const QString &sql, const QString &summary = {});
    QString repairSql() const { return m_repairSql; }
    QPushButton *copyRepairButton() const { return m_copyRepair; }
    /// Selects the capture before the latest and the latest.
    void showLastStep();
    /// Selects baseline and rolled back; false when the round trip is not complete.
    bool showBaselineVsRollback();
    /// Compares the captures at these positions of the points list.
    void compare(int from, int to);

    DiffTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QComboBox *fromBox() const { return m_from; }
    QComboBox *toBox() const { return m_to; }
    bool isShowingNoDifferences() const;
    QString summary() const;

signals:
    /// A difference was double-clicked: the first statement that caused it.
    void causeActivated(const revisor::DiffCause &cause);

private:
    void recompute();
    QList<QList<DiffCause>> causesOf(const SchemaDiff &diff, const RevisionRef &from, const RevisionRef &to) const;
    SessionPoints m_points;
    std::optional<MigrationSet> m_set;
    QString m_repairSql;
    DiffTreeModel *m_model;
    QTreeView *m_view;
    QComboBox *m_from, *m_to;
    QPushButton *m_lastStep, *m_roundTrip, *m_copyRepair;
    QLineEdit *m_filter;
    QLabel *m_summary, *m_noDifferences;
    QStackedWidget *m_result;
};

/// The round-trip and declared checks with their status, failing first; double-click for the
/// objects involved.
class ChecksPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit ChecksPanel(QWidget *parent = nullptr);
    void follow(SessionController *session);
    void setOutcome(const std::optional<RehearsalOutcome> &outcome, bool fromRehearsal);
    void setState(const QString &state);
    ChecksModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString summary() const;

    /// The dialog a double-click opens: status, the full detail and the objects involved.
    static QDialog *detailsDialog(const CheckResult &check, QWidget *parent = nullptr);

private:
    void showDetails(const QModelIndex &index);
    ChecksModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_view;
    QLabel *m_summary, *m_state;
    QString m_stateText;
};

/// Row counts and fingerprints per table, baseline vs the latest capture, with the changed rows.
class DataPanel : public InspectionPanel
{
    Q_OBJECT
public:
    explicit DataPanel(QWidget *parent = nullptr);
    void follow(SessionController *session);
    void setPoints(const SessionPoints &points);
    DataComparisonModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

private:
    DataComparisonModel *m_model;
    QTreeView *m_view;
    QLabel *m_caption;
};

} // namespace revisor::ui
