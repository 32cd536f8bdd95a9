#include "ui/models/sweepmodel.h"

#include "report/reportheader.h"
#include "ui/widgets/uicolors.h"

namespace revisor::ui {

SweepModel::SweepModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void SweepModel::setSweep(const SweepResult &sweep)
{
    beginResetModel();
    m_sweep = sweep;
    endResetModel();
}

int SweepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sweep.rows.size());
}

int SweepModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SweepModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SweepRow &r = m_sweep.rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RevisionColumn: return r.revision.label();
        case FromColumn: return r.from.label();
        case VerdictColumn: return r.passed ? tr("pass") : tr("FAIL");
        case FailingColumn: {
            QString text = r.failing.join(QStringLiteral(", "));
            if (r.warnings > 0)
                text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + tr("%n warning(s)", nullptr, r.warnings);
            // What stopped the scenario comes first: it explains the failing checks.
            if (!r.error.isEmpty())
                text = r.error.section(QLatin1Char('\n'), 0, 0) + (text.isEmpty() ? QString() : QStringLiteral(" — ") + text);
            return text;
        }
        case DownColumn: return r.downMs < 0 ? tr("did not run") : durationText(r.downMs);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FailingColumn)
            return r.error.isEmpty() ? r.result.headline() : r.error;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn)
            return r.passed ? colors::passColor() : colors::failColor();
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == DownColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    return {};
}

QVariant SweepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RevisionColumn: return tr("Revision");
    case FromColumn: return tr("From");
    case VerdictColumn: return tr("Verdict");
    case FailingColumn: return tr("Failing checks");
    case DownColumn: return tr("Down time");
    }
    return {};
}

} // namespace revisor::ui
