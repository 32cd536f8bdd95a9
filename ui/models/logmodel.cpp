#include "ui/models/logmodel.h"

#include "ui/widgets/uicolors.h"

#include <QFileInfo>

namespace revisor::ui {

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LogModel::append(const QList<Entry> &entries)
{
    if (entries.isEmpty())
        return;
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + entries.size() - 1));
    m_entries << entries;
    endInsertRows();
}

void LogModel::addStep(const QString &what)
{
    m_step = what;
    append({Entry{Kind::Step, QDateTime::currentDateTime(), what, {}, 0, -1, what, {}}});
}

void LogModel::addNote(const QString &text)
{
    append({Entry{Kind::Notice, QDateTime::currentDateTime(), m_step, {}, 0, -1, text, {}}});
}

void LogModel::addStatement(const StatementRun &run)
{
    QList<Entry> entries{Entry{Kind::Statement, QDateTime::currentDateTime(), m_step, run.file, run.line,
                               run.durationMs, run.sql, run.commandTag}};
    for (const Notice &n : run.notices) {
        entries << Entry{Kind::Notice, QDateTime::currentDateTime(), m_step, run.file, run.line, -1,
                         QStringLiteral("%1: %2").arg(n.severity, n.message), n.detail};
    }
    append(entries);
}

void LogModel::addError(const Error &error)
{
    QStringList detail;
    if (!error.sqlState.isEmpty())
        detail << tr("SQLSTATE %1").arg(error.sqlState);
    if (!error.detail.isEmpty())
        detail << tr("DETAIL: %1").arg(error.detail);
    if (!error.hint.isEmpty())
        detail << tr("HINT: %1").arg(error.hint);
    append({Entry{Kind::Error, QDateTime::currentDateTime(), m_step, error.file, error.line, -1, error.message,
                  detail.join(QLatin1Char('\n'))}});
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int LogModel::count(Kind kind) const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(), [kind](const Entry &e) { return e.kind == kind; }));
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return e.time.toString(QStringLiteral("HH:mm:ss.zzz"));
        case KindColumn:
            switch (e.kind) {
            case Kind::Step: return tr("step");
            case Kind::Statement: return tr("statement");
            case Kind::Notice: return tr("notice");
            case Kind::Error: return tr("error");
            }
            return {};
        case LocationColumn:
            return e.file.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(QFileInfo(e.file).fileName()).arg(e.line);
        case DurationColumn:
            return e.durationMs < 0 ? QString() : QString::number(e.durationMs, 'f', 1);
        case TextColumn:
            // One line in the table; the whole text is in the tooltip.
            return e.text.simplified();
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = e.text;
        if (!e.detail.isEmpty())
            tip += QStringLiteral("\n\n") + e.detail;
        if (!e.file.isEmpty())
            tip += QStringLiteral("\n\n%1:%2").arg(e.file).arg(e.line);
        return tip;
    }
    case Qt::TextAlignmentRole:
        return index.column() == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        if (e.kind == Kind::Error)
            return colors::errorText();
        return {};
    case Qt::BackgroundRole:
        if (e.kind == Kind::Notice)
            return colors::noticeBackground();
        if (e.kind == Kind::Error)
            return colors::errorBackground();
        if (e.kind == Kind::Step)
            return colors::stepBackground();
        return {};
    case KindRole:
        return int(e.kind);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case KindColumn: return tr("Kind");
    case LocationColumn: return tr("File:line");
    case DurationColumn: return tr("ms");
    case TextColumn: return tr("Statement / message");
    }
    return {};
}

} // namespace revisor::ui
