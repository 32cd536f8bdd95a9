#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

/// What the statement analysis judges parse-tree nodes by: lock modes and their order, which
/// defaults are volatile, how a type is spelled and which type changes keep the stored values.
namespace revisor::statementfacts {

extern const QString kAccessExclusive;
extern const QString kShare;
extern const QString kShareRowExclusive;
extern const QString kShareUpdateExclusive;
extern const QString kRowExclusive;

/// The lock modes by strength, as PostgreSQL's conflict table orders them (-1: unknown).
int lockStrength(const QString &mode);
/// A function whose value changes from row to row (random, nextval, clock_timestamp...).
bool isVolatile(const QString &function);
/// "varchar(50)", "text", "int4": a type name as written in a TypeName node.
QString typeText(const QJsonObject &typeName);
/// Whether changing a column from `from` to `to` leaves the stored values valid as they are.
bool binaryCompatible(const QString &from, const QString &to);
/// A WHERE clause that only pairs columns with columns (it filters nothing out of the target).
bool onlyJoins(const QJsonValue &where);

} // namespace revisor::statementfacts
