#pragma once

// Internal to the schema module: what diffSnapshots() matches the elements of a snapshot's
// top-level lists by, and the members those keys are made of. The file diff
// (snapshotfiles.cpp) keeps only these members of an element both files hold byte for byte.

#include "schema/snapshot.h"

#include <QByteArrayView>

namespace revisor {

inline QString qualifiedKey(const QString &schema, const QString &name)
{
    return schema + QChar(0x1f) + name;
}

inline QString diffKey(const SchemaInfo &s) { return s.name; }
inline QString diffKey(const Extension &e) { return e.name; }
inline QString diffKey(const TypeDef &t) { return qualifiedKey(t.schema, t.name); }
inline QString diffKey(const Sequence &s) { return qualifiedKey(s.schema, s.name); }
inline QString diffKey(const Function &f) { return qualifiedKey(f.schema, f.name) + QChar(0x1f) + f.arguments; }
inline QString diffKey(const Table &t) { return qualifiedKey(t.schema, t.name); }
inline QString diffKey(const CatalogObject &o) { return o.kind + QChar(0x1f) + o.name; }

/// Whether member `name` (as the file spells it) of a T is part of diffKey(T): exactly the
/// members the functions above read. False for the types without a key (columns...).
template <typename T>
bool isKeyField(QByteArrayView)
{
    return false;
}
template <>
inline bool isKeyField<SchemaInfo>(QByteArrayView name) { return name == "name"; }
template <>
inline bool isKeyField<Extension>(QByteArrayView name) { return name == "name"; }
template <>
inline bool isKeyField<TypeDef>(QByteArrayView name) { return name == "schema" || name == "name"; }
template <>
inline bool isKeyField<Sequence>(QByteArrayView name) { return name == "schema" || name == "name"; }
template <>
inline bool isKeyField<Function>(QByteArrayView name) { return name == "schema" || name == "name" || name == "arguments"; }
template <>
inline bool isKeyField<Table>(QByteArrayView name) { return name == "schema" || name == "name"; }
template <>
inline bool isKeyField<CatalogObject>(QByteArrayView name) { return name == "kind" || name == "name"; }

} // namespace revisor
