#include "runner/versionstore.h"

namespace revisor {

QString DirtyState::detail() const
{
    QString text = QStringLiteral("%1 after statement %2 of %3 (%4 from %5)")
                       .arg(revision.label()).arg(statementsDone).arg(statementCount)
                       .arg(up ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), from.label());
    if (!invalidIndexes.isEmpty())
        text += QStringLiteral("; INVALID index(es) left: %1").arg(invalidIndexes.join(QStringLiteral(", ")));
    return text;
}

QString displaySql(const BoundStatement &statement)
{
    QString text = statement.sql;
    // From the highest number down, so that $1 does not eat the start of $12.
    for (qsizetype i = statement.params.size(); i >= 1; --i) {
        const QString &value = statement.params.at(i - 1);
        QString literal = QStringLiteral("NULL");
        if (!value.isNull()) {
            literal = value;
            literal.replace(QLatin1Char('\''), QStringLiteral("''"));
            // A backslash is an ordinary character in a standard string; E'' makes that
            // explicit for a server or reader that thinks otherwise.
            if (literal.contains(QLatin1Char('\\'))) {
                literal.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
                literal = QStringLiteral("E'%1'").arg(literal);
            } else {
                literal = QStringLiteral("'%1'").arg(literal);
            }
        }
        text.replace(QStringLiteral("$%1").arg(i), literal);
    }
    return text;
}

QStringList displayAll(const QList<BoundStatement> &statements)
{
    QStringList text;
    for (const BoundStatement &s : statements)
        text << displaySql(s);
    return text;
}

QStringList VersionStore::moveStatements(const PlannedStep &) const
{
    return {QStringLiteral("-- %1: the bookkeeping of this step cannot be shown without a database").arg(name())};
}

Status VersionStore::markDirty(Session &, const DirtyState &state)
{
    return fail(Error::database(QStringLiteral("%1 cannot record that revision %2 stopped half-way").arg(name(), state.revision.label())));
}

Status VersionStore::clearDirty(Session &)
{
    return {};
}

Status VersionStore::recordHistory(Session &, const HistoryEntry &)
{
    return {};
}

Result<QList<HistoryEntry>> VersionStore::appliedHistory(Session &)
{
    return QList<HistoryEntry>();
}

} // namespace revisor
