#include "schema/snapshot.h"
#include "schema/snapshotfields.h"
#include "schema/snapshotreader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace revisor {

namespace {

template <typename T>
QJsonObject objectToJson(const T &value);

template <typename T>
QJsonArray listToJson(const QList<T> &list)
{
    QJsonArray out;
    for (const T &item : list)
        out.append(objectToJson(item));
    return out;
}

template <typename T>
QJsonObject objectToJson(const T &value)
{
    QJsonObject o;
    fields::Of<T>::visit(value, [&o](const char *name, const auto &member) {
        using M = std::decay_t<decltype(member)>;
        const QString key = QLatin1String(name);
        if constexpr (std::is_same_v<M, QString>) {
            // Empty strings are left out: keeps files small and diffs of files readable.
            if (!member.isEmpty())
                o.insert(key, member);
        } else if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, int>) {
            o.insert(key, member);
        } else if constexpr (std::is_same_v<M, QStringList>) {
            if (!member.isEmpty())
                o.insert(key, QJsonArray::fromStringList(member));
        } else {
            static_assert(fields::isList<M>);
            o.insert(key, listToJson(member));
        }
    });
    return o;
}

} // namespace

QJsonObject Snapshot::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), kSnapshotFormat);
    o.insert(QStringLiteral("serverVersion"), serverVersion);
    o.insert(QStringLiteral("capturedAt"), capturedAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("schemas"), listToJson(schemas));
    o.insert(QStringLiteral("extensions"), listToJson(extensions));
    o.insert(QStringLiteral("types"), listToJson(types));
    o.insert(QStringLiteral("sequences"), listToJson(sequences));
    o.insert(QStringLiteral("functions"), listToJson(functions));
    o.insert(QStringLiteral("tables"), listToJson(tables));
    o.insert(QStringLiteral("objects"), listToJson(objects));
    return o;
}

// One reader for both: the JSON text reader (snapshotreader.cpp).
Result<Snapshot> Snapshot::fromJson(const QJsonObject &json)
{
    return snapshotFromText(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QByteArray snapshotText(const Snapshot &snapshot, SnapshotLayout layout)
{
    return QJsonDocument(snapshot.toJson())
        .toJson(layout == SnapshotLayout::Pretty ? QJsonDocument::Indented : QJsonDocument::Compact);
}

Result<Snapshot> readSnapshotFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot read snapshot: %1").arg(file.errorString())));
    auto snapshot = snapshotFromText(file.readAll());
    if (!snapshot) {
        Error e = snapshot.error();
        e.file = path;
        return fail(e);
    }
    return snapshot;
}

Status writeSnapshotFile(const Snapshot &snapshot, const QString &path, SnapshotLayout layout)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot write snapshot: %1").arg(file.errorString())));
    file.write(snapshotText(snapshot, layout));
    if (!file.commit())
        return fail(Error::input(path, 0, QStringLiteral("cannot write snapshot: %1").arg(file.errorString())));
    return {};
}

} // namespace revisor
