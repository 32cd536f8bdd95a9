#include "sharedsnapshot.h"

#include "db/session.h"

#include <QRegularExpression>

namespace revisor {

Result<std::unique_ptr<Session>> openInSnapshot(const ConnectionSettings &settings, const QString &snapshotId, const Settings &pinned)
{
    // SET TRANSACTION SNAPSHOT takes no parameter: the id (the server's, "00000003-0000001B-1")
    // goes into the text, so only that form is accepted.
    static const QRegularExpression idForm(QStringLiteral("^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$"));
    if (!idForm.match(snapshotId).hasMatch())
        return fail(Error::database(QStringLiteral("not a snapshot id: %1").arg(snapshotId)));
    auto session = Session::open(settings, QStringLiteral("revisor-capture"));
    if (!session)
        return fail(session.error());
    Session &s = **session;
    if (auto begun = s.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")); !begun)
        return fail(begun.error());
    if (auto adopted = s.exec(QStringLiteral("SET TRANSACTION SNAPSHOT '%1'").arg(snapshotId)); !adopted)
        return fail(adopted.error());
    if (auto pinnedNow = pinSettings(s, pinned); !pinnedNow)
        return fail(pinnedNow.error());
    return session;
}

} // namespace revisor
