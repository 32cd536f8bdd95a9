#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace revisor::test {

/// One deliberately broken copy of the bundled set: revision 002's down section edited, and
/// optionally something set up at the baseline by the sample seed.
struct BrokenCopy
{
    QString name;
    QString find;      ///< replaced in 002's down section by `replace`; empty: `replace` is appended
    QString replace;
    QString setup;     ///< appended to the sample seed (run at the baseline), or empty
    QStringList expect;   ///< "checkid:needle" the rehearsal must fail with, or empty
    QString kind;         ///< the diff entry the rollback must leave: its kind,
    QString object;       ///< a part of its name,
    QString attribute;    ///< and its attribute (empty for an object added or removed)
};

/// The copies whose rollback tst_rehearsal expects caught, schema and data.
QList<BrokenCopy> rehearsalBrokenCopies();
/// A copy per catalog kind outside tables, columns, functions and types (tst_catalogkinds);
/// rows the scratch server's version cannot have are left out.
QList<BrokenCopy> catalogKindCopies();
/// Every broken copy of the suite: both lists above.
QList<BrokenCopy> allBrokenCopies();

/// The files that make `copy` out of the bundled set (for TempSet).
QMap<QString, QString> brokenCopyFiles(const BrokenCopy &copy);

/// Statements each broken copy of the catalog kinds needs on a server before its setup:
/// the tablespace ts_det, the cluster's (created once per process).
void prepareClusterForCatalogKinds();

} // namespace revisor::test
