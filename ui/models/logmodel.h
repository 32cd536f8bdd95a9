#pragma once

#include "core/error.h"
#include "runner/stepresult.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace revisor::ui {

/// Every statement run in this session, with its duration, the server notices it raised and
/// the errors, each with the file and line it came from. Appended to, never edited.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Kind { Step, Statement, Notice, Error };
    struct Entry
    {
        Kind kind = Kind::Statement;
        QDateTime time;
        QString step;       ///< the step it belongs to ("upgrade to 002")
        QString file;
        int line = 0;
        double durationMs = -1;  ///< < 0: not a timed statement
        QString text;        ///< statement SQL, notice or error message
        QString detail;      ///< SQLSTATE, DETAIL, HINT
    };
    enum Column { TimeColumn, KindColumn, LocationColumn, DurationColumn, TextColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit LogModel(QObject *parent = nullptr);

    void addStep(const QString &what);
    /// The statement and, after it, each notice it raised.
    void addStatement(const StatementRun &run);
    void addError(const Error &error);
    /// A line about the running step (who blocks it) that does not start a new step.
    void addNote(const QString &text);
    void clear();
    const QList<Entry> &entries() const { return m_entries; }
    int count(Kind kind) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void append(const QList<Entry> &entries);
    QList<Entry> m_entries;
    QString m_step;
};

} // namespace revisor::ui
