#include "data/sequencefeeds.h"

#include "db/session.h"

#include <QFile>

namespace revisor {

QString SequenceFeed::describe() const
{
    const QString next = nextValue.isEmpty() ? QStringLiteral("none (exhausted)") : nextValue;
    const QString held = extreme.isEmpty() ? QStringLiteral("no rows") : extreme;
    return QStringLiteral("%1 -> %2: next value %3, column holds up to %4").arg(sequence, column, next, held);
}

Result<QList<SequenceFeed>> readSequenceFeeds(Session &session)
{
    QFile file(QStringLiteral(":/revisor/data/sql/sequencefeeds.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::of(ErrorKind::Input, QStringLiteral("data query sequencefeeds.sql is missing from the resources")));
    auto listed = session.exec(QString::fromUtf8(file.readAll()));
    if (!listed)
        return fail(listed.error());
    QList<SequenceFeed> feeds;
    for (const QStringList &row : listed->rows) {
        SequenceFeed feed;
        feed.sequence = row[0] + QLatin1Char('.') + row[1];
        feed.column = row[2] + QLatin1Char('.') + row[3] + QLatin1Char('.') + row[4];
        const bool ascending = !row[5].startsWith(QLatin1Char('-'));
        // numeric arithmetic: last_value + increment overflows bigint at the sequence's end.
        // An exhausted sequence (is_called at its limit) hands out nothing: no next value.
        const QString sql = QStringLiteral(
            "SELECT x.next::text, x.extreme::text, coalesce(x.next %1 x.extreme, false) FROM ("
            " SELECT CASE WHEN NOT s.is_called THEN s.last_value::numeric"
            "             WHEN s.last_value::numeric + p.seqincrement BETWEEN p.seqmin AND p.seqmax"
            "             THEN s.last_value::numeric + p.seqincrement END AS next,"
            "        (SELECT %2(%3)::numeric FROM %4) AS extreme"
            " FROM %5 s JOIN pg_sequence p ON p.seqrelid = $1::regclass) x")
            .arg(ascending ? QStringLiteral("<=") : QStringLiteral(">="),
                 ascending ? QStringLiteral("max") : QStringLiteral("min"), session.quoteIdent(row[4]),
                 session.quoteQualified(row[2], row[3]), session.quoteQualified(row[0], row[1]));
        auto state = session.exec(sql, {session.quoteQualified(row[0], row[1])});
        if (!state)
            return fail(state.error());
        feed.nextValue = state->value(0, 0);
        feed.extreme = state->value(0, 1);
        feed.behind = state->value(0, 2) == QLatin1String("t");
        feeds << feed;
    }
    return feeds;
}

} // namespace revisor
