#include "pointcapture.h"

#include "data/datacapture.h"
#include "data/sequencefeeds.h"
#include "schema/catalogreader.h"
#include "schema/snapshot.h"

#include <QElapsedTimer>

namespace revisor {

namespace {

// Which tables' fingerprints were taken over from `from`, and why the others were not.
QString describeReuse(const DataCapture &data, const QString &from, const QString &notReused)
{
    if (!notReused.isEmpty())
        return QStringLiteral("every table fingerprinted again, none taken over from the %1: %2").arg(from, notReused);
    QStringList reused;
    for (auto it = data.stats.cbegin(); it != data.stats.cend(); ++it) {
        if (!it->reusedFrom.isEmpty())
            reused << it.key();
    }
    if (reused.isEmpty())
        return QStringLiteral("every table fingerprinted again: the steps since the %1 wrote or replaced every table").arg(from);
    return QStringLiteral("%1 of %2 table(s) not written since the %3 (no lock above ACCESS SHARE, same relfilenode): "
                          "their fingerprints taken over from it: %4")
        .arg(reused.size()).arg(data.tables.size()).arg(from, reused.join(QStringLiteral(", ")));
}

} // namespace

Result<InspectionPoint> capturePoint(Session &session, const VersionStore &store, const CheckSuite &suite,
                                     const QString &pointName, const RevisionRef &revision, const CaptureObserver &observer,
                                     const PointCaptureOptions &options)
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
    QElapsedTimer part;
    part.start();
    auto schema = captureSnapshot(session, SnapshotOptions{bookkeeping, store.ownSchemas()});
    if (!schema)
        return rollbackOnError(schema.error());
    point.schemaMs = part.nsecsElapsed() / 1e6;
    part.restart();
    DataCaptureOptions dataOptions;
    dataOptions.leaveOut = bookkeeping;
    dataOptions.progress = observer.table;
    // This transaction was begun just above, REPEATABLE READ READ ONLY, without savepoints.
    dataOptions.parallelInCallersTransaction = true;
    dataOptions.rowsOnly = options.rowsOnly;
    QString notReused = options.notReused;
    if (options.reuseFrom && notReused.isEmpty()) {
        if (!options.reuseFrom->captured)
            notReused = QStringLiteral("the %1 point was not captured").arg(options.reuseFrom->name);
        else if (!sameSchema(options.reuseFrom->schema, *schema))
            notReused = QStringLiteral("the schema differs from the %1's").arg(options.reuseFrom->name);
    }
    if (options.reuseFrom && notReused.isEmpty()) {
        dataOptions.reuse = &options.reuseFrom->data;
        dataOptions.reuseFrom = options.reuseFrom->name;
        dataOptions.writtenRelations = options.writtenRelations;
    }
    auto data = captureData(session, dataOptions);
    if (!data)
        return rollbackOnError(data.error());
    point.dataMs = part.nsecsElapsed() / 1e6;
    if (options.rowsOnly)
        point.dataNote = QStringLiteral("row counts only: no check compares the content at this point");
    else if (options.reuseFrom)
        point.dataNote = describeReuse(*data, options.reuseFrom->name, notReused);
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
