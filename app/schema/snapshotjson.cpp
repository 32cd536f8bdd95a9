#include "schema/snapshot.h"
#include "schema/snapshotfields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace revisor {

namespace {

const QString kFormat = QStringLiteral("revisor-snapshot/1");

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

template <typename T>
Result<T> objectFromJson(const QJsonValue &json, const QString &where);

template <typename T>
Status listFromJson(const QJsonValue &json, const QString &where, QList<T> &out)
{
    if (json.isUndefined() || json.isNull())
        return {};
    if (!json.isArray())
        return fail(Error::input(QString(), 0, QStringLiteral("snapshot: %1 is not an array").arg(where)));
    const QJsonArray array = json.toArray();
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto item = objectFromJson<T>(array.at(i), QStringLiteral("%1[%2]").arg(where).arg(i));
        if (!item)
            return fail(item.error());
        out.append(std::move(*item));
    }
    return {};
}

template <typename T>
Result<T> objectFromJson(const QJsonValue &json, const QString &where)
{
    if (!json.isObject())
        return fail(Error::input(QString(), 0, QStringLiteral("snapshot: %1 is not an object").arg(where)));
    const QJsonObject o = json.toObject();
    T value;
    Status status;
    fields::Of<T>::visit(value, [&](const char *name, auto &member) {
        using M = std::decay_t<decltype(member)>;
        if (!status)
            return;
        const QJsonValue v = o.value(QLatin1String(name));
        const QString path = where + QLatin1Char('.') + QLatin1String(name);
        const auto wrongType = [&](const char *expected) {
            status = fail(Error::input(QString(), 0,
                                       QStringLiteral("snapshot: %1 is not %2").arg(path, QLatin1String(expected))));
        };
        if (v.isUndefined() || v.isNull())
            return;   // absent: the default
        if constexpr (std::is_same_v<M, QString>) {
            v.isString() ? void(member = v.toString()) : wrongType("a string");
        } else if constexpr (std::is_same_v<M, bool>) {
            v.isBool() ? void(member = v.toBool()) : wrongType("a boolean");
        } else if constexpr (std::is_same_v<M, int>) {
            v.isDouble() ? void(member = v.toInt()) : wrongType("a number");
        } else if constexpr (std::is_same_v<M, QStringList>) {
            if (!v.isArray())
                return wrongType("an array of strings");
            for (const QJsonValue &s : v.toArray()) {
                if (!s.isString())
                    return wrongType("an array of strings");
                member.append(s.toString());
            }
        } else {
            status = listFromJson(v, path, member);
        }
    });
    if (!status)
        return fail(status.error());
    return value;
}

} // namespace

QJsonObject Snapshot::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormat);
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

Result<Snapshot> Snapshot::fromJson(const QJsonObject &json)
{
    const QString format = json.value(QStringLiteral("format")).toString();
    if (format != kFormat)
        return fail(Error::input(QString(), 0,
                                 QStringLiteral("not a Revisor snapshot: format is \"%1\", expected \"%2\"")
                                     .arg(format, kFormat)));
    Snapshot s;
    s.serverVersion = json.value(QStringLiteral("serverVersion")).toString();
    const QString captured = json.value(QStringLiteral("capturedAt")).toString();
    if (!captured.isEmpty()) {
        s.capturedAt = QDateTime::fromString(captured, Qt::ISODateWithMs);
        if (!s.capturedAt.isValid())
            return fail(Error::input(QString(), 0, QStringLiteral("snapshot: capturedAt \"%1\" is not an ISO date").arg(captured)));
    }
    Status st = listFromJson(json.value(QStringLiteral("schemas")), QStringLiteral("schemas"), s.schemas);
    if (st)
        st = listFromJson(json.value(QStringLiteral("extensions")), QStringLiteral("extensions"), s.extensions);
    if (st)
        st = listFromJson(json.value(QStringLiteral("types")), QStringLiteral("types"), s.types);
    if (st)
        st = listFromJson(json.value(QStringLiteral("sequences")), QStringLiteral("sequences"), s.sequences);
    if (st)
        st = listFromJson(json.value(QStringLiteral("functions")), QStringLiteral("functions"), s.functions);
    if (st)
        st = listFromJson(json.value(QStringLiteral("tables")), QStringLiteral("tables"), s.tables);
    if (st)
        st = listFromJson(json.value(QStringLiteral("objects")), QStringLiteral("objects"), s.objects);
    if (!st)
        return fail(st.error());
    return s;
}

Result<Snapshot> readSnapshotFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot read snapshot: %1").arg(file.errorString())));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(Error::input(path, 0, QStringLiteral("invalid JSON at offset %1: %2")
                                              .arg(parseError.offset).arg(parseError.errorString())));
    if (!doc.isObject())
        return fail(Error::input(path, 0, QStringLiteral("a snapshot file holds a JSON object")));
    auto snapshot = Snapshot::fromJson(doc.object());
    if (!snapshot) {
        Error e = snapshot.error();
        e.file = path;
        return fail(e);
    }
    return snapshot;
}

Status writeSnapshotFile(const Snapshot &snapshot, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::input(path, 0, QStringLiteral("cannot write snapshot: %1").arg(file.errorString())));
    file.write(QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(Error::input(path, 0, QStringLiteral("cannot write snapshot: %1").arg(file.errorString())));
    return {};
}

} // namespace revisor
