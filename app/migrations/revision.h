#pragma once

#include "core/error.h"
#include "core/revisionref.h"
#include "migrations/sqlsplitter.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace revisor {

/// One revision of a migration set (a native .sql file, an Alembic script...).
struct Revision
{
    QString id;
    RevisionRef revises;      ///< the revision below; base for the first revision
    /// A merge point's further down revisions, after `revises` (Alembic's tuple down_revision).
    QStringList mergedRevisions;
    /// Revisions that must be applied before it without being below it (Alembic's depends_on).
    QStringList dependsOn;
    /// The branch names it belongs to, its own and those it inherits (Alembic's branch_labels).
    QStringList branchLabels;
    /// Why upSql / downSql are empty for a revision whose steps are not SQL text: the reason
    /// its SQL could not be rendered offline (a migration that reads the database...).
    QString upSqlUnavailable;
    QString downSqlUnavailable;
    QString message;
    bool transactional = true;
    bool irreversible = false;
    std::optional<int> lockTimeoutMs;       ///< "-- lock-timeout: 5s": lock_timeout for its steps
    std::optional<int> statementTimeoutMs;  ///< "-- statement-timeout: 30s"
    QString upSql;
    QString downSql;
    QString file;             ///< absolute path of the .sql file
    int headerLine = 1;       ///< line of "-- revision:"
    int upLine = 0;           ///< first line of the up section's SQL (1-based)
    int downLine = 0;         ///< first line of the down section's SQL (1-based)
    /// Layouts that keep the down section in a file of its own (up/down pairs, Diesel's
    /// down.sql, Flyway's undo script, Sqitch's revert/): that file; empty when the down
    /// section is in `file`.
    QString downFile;
    /// Where the up section's statements are said to come from when that is not `file`: an
    /// Alembic revision's SQL is what Alembic renders from the Python file, and its lines
    /// count in that rendering ("l5.py (rendered upgrade SQL)"), not in the file.
    QString upFile;
    /// The down section's own transaction mode where its file decides it apart from the up
    /// section's (a `.autocommit.down.sql`); unset: `transactional`.
    std::optional<bool> downTransactional;
    /// A script that proves the up section worked (Sqitch's verify/): run after the up
    /// section inside the step, rolled back, and judged as a check of its own (verify.<id>).
    QString verifySql;
    QString verifyFile;
    int verifyLine = 0;

    /// The file a section's statements come from.
    QString sectionFile(bool up) const
    {
        const QString &own = up ? upFile : downFile;
        return own.isEmpty() ? file : own;
    }
    /// Whether the section runs in one transaction.
    bool transactionalFor(bool up) const { return up ? transactional : downTransactional.value_or(transactional); }

    /// The down revisions: `revises` (unless base) and the merged ones.
    QStringList parents() const;
    /// Parents and dependencies: every revision that must be applied before this one.
    QStringList prerequisites() const;

    friend bool operator==(const Revision &, const Revision &) = default;
};

/// The statements of the up or the down section, each with its file and line.
Result<QList<SqlStatement>> splitSection(const Revision &revision, bool up);
/// The statements of the verify script (none when there is none).
Result<QList<SqlStatement>> splitVerify(const Revision &revision);

/// Whether the down section would change nothing: no statement at all (only comments, or a
/// template whose transaction wrapper was all there was), or only plain SELECTs. Such a
/// downgrade "succeeds" and leaves everything the up section made.
bool downHasNoEffect(const Revision &revision);

/// Refuses ids that the bookkeeping column cannot hold (Alembic's version_num is
/// varchar(32)): an error at load time naming the revision's file, not at the step.
Status checkIdLengths(const QList<Revision> &revisions, int maxLength, const QString &column);

/// Parses one native revision file's text; errors name fileName and the line.
Result<Revision> parseRevision(const QString &text, const QString &fileName);
Result<Revision> readRevisionFile(const QString &path);

/// A "-- key: value" line in the header of a revision or seed file.
struct HeaderKey
{
    QString key;
    QString value;
};

/// Reads one line of a file header against the keys its format knows: the key and value of a
/// known key, nothing for a line that is not a key (an ordinary comment), an error naming file
/// and line for an unknown or misspelt key.
Result<std::optional<HeaderKey>> readHeaderKey(QStringView line, const QStringList &known, const QString &file, int lineNo);

/// The entry of `known` that `word` most likely misspells (at most two edits away, case
/// ignored), or an empty string.
QString nearMiss(const QString &word, const QStringList &known);

} // namespace revisor
