#pragma once

#include "core/error.h"

#include <QString>

/// Internals of ScratchCluster: the cached initdb'ed template a cluster starts from, and the
/// ready copies of it that spare a cluster the copy on its way to the first statement.
namespace revisor::scratch {

struct RunAs;

/// Names the cached template directories ("revisor-template-<uid>-<version>-<layout>").
inline const QString kTemplatePrefix = QStringLiteral("revisor-template-");
/// Names the ready copies of a template ("revisor-copy-<uid>-<version>-<layout>.<pid>").
inline const QString kCopyPrefix = QStringLiteral("revisor-copy-");
/// The database a template carries for the first createDatabase() of a cluster to rename.
inline const QString kSpareDatabase = QStringLiteral("revisor_spare");

/// A value quoted for postgresql.conf.
QString quoteConf(const QString &value);

/// The full version of the binaries in binDir ("15.20"), asked once per directory and process.
QString versionOf(const QString &binDir);

/// initdb as the server user: trust, UTF8, C locale, 1 MB WAL segments, no sync.
Status runInitdb(const RunAs &as, const QString &binDir, const QString &dataDir, const QString &workDir);

/// The cached initdb'ed data directory in cacheDir for this user and server version, built on
/// first use (with a spare database, shut down cleanly).
Result<QString> ensureTemplate(const RunAs &as, const QString &binDir, const QString &cacheDir);

/// Moves a ready copy of templ from baseDir to dataDir: a rename, where copying the template
/// costs tens to hundreds of milliseconds. False when there is none (or none we can trust).
bool takeCopy(const QString &templ, const RunAs &as, const QString &baseDir, const QString &dataDir);

/// Starts detached processes that make ready copies of templ in baseDir for the next clusters,
/// up to two; they outlive this process, and an unfinished copy is swept once its process
/// died. Copies of other templates (another version) are removed.
void prepareCopies(const QString &templ, const RunAs &as, const QString &baseDir);

/// Removes every ready copy of templ in baseDir (the template turned out damaged).
void removeCopies(const QString &templ, const RunAs &as, const QString &baseDir);

/// Whether name (a directory in a base directory) is an unfinished template or copy whose
/// builder process is gone.
bool isAbandonedBuild(const QString &name);

} // namespace revisor::scratch
