#include "pointcapture.h"

#include "data/datacapture.h"
#include "data/sequencefeeds.h"
#include "schema/catalogreader.h"

#include <QElapsedTimer>

namespace revisor {

Result<InspectionPoint> capturePoint(Session &session, const VersionStore &store, const CheckSuite &suite,
                                     const QString &pointName, const RevisionRef &revision, const CaptureObserver &observer)
{
    QElapsedTimer timer;
    timer.start();
    InspectionPoint point;
    point.name = pointName;
    point.revision = revision;
    if (auto b = session.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")); !b)
        return fail(b.error());
    auto rollbackOnError = [&session](const Error &e) {
        (void)session.exec(QStringLiteral("ROLLBACK"));
        return fail(e);
    };
    const QList<TableName> bookkeeping = store.ownTables();
    if (observer.schema)
        observer.schema();
    auto schema = captureSnapshot(session, SnapshotOptions{bookkeeping});
    if (!schema)
        return rollbackOnError(schema.error());
    DataCaptureOptions dataOptions;
    dataOptions.leaveOut = bookkeeping;
    dataOptions.progress = observer.table;
    auto data = captureData(session, dataOptions);
    if (!data)
        return rollbackOnError(data.error());
    auto feeds = readSequenceFeeds(session);
    if (!feeds)
        return rollbackOnError(feeds.error());
    point.schema = *schema;
    point.data = *data;
    point.sequenceFeeds = *feeds;
    for (const CheckSpec &spec : suite.checks) {
        if (spec.assertion != QLatin1String("query_equals") || (!pointName.isEmpty() && spec.at != pointName))
            continue;
        // A failing query must not abort the capture: each runs under its own savepoint.
        (void)session.exec(QStringLiteral("SAVEPOINT revisor_check"));
        auto value = session.exec(spec.sql);
        if (value) {
            point.queryValues.insert(spec.id, value->scalar());
            (void)session.exec(QStringLiteral("RELEASE SAVEPOINT revisor_check"));
        } else {
            point.queryErrors.insert(spec.id, value.error().toString());
            (void)session.exec(QStringLiteral("ROLLBACK TO SAVEPOINT revisor_check"));
        }
    }
    if (auto c = session.exec(QStringLiteral("COMMIT")); !c)
        return fail(c.error());
    point.captured = true;
    point.captureMs = timer.nsecsElapsed() / 1e6;
    return point;
}

} // namespace revisor
