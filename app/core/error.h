#pragma once

#include <QString>
#include <QJsonObject>

#include <expected>

namespace revisor {

/// What went wrong, in the terms the CLI's exit codes use.
enum class ErrorKind {
    Usage,       ///< bad command line or option value (exit 2)
    Input,       ///< malformed migration set, seed, check or snapshot file (exit 2)
    Database,    ///< connection, failed statement, server-side error (exit 3)
    LockTimeout, ///< another migrator held the lock for too long (exit 3)
    Cancelled,   ///< the user or a deadline cancelled the running statement (exit 3)
};

/// An error as a value: everything the user needs to find the cause.
struct Error
{
    ErrorKind kind = ErrorKind::Database;
    QString message;
    QString sqlState;   ///< SQLSTATE for server errors
    QString detail;     ///< server DETAIL
    QString hint;       ///< server HINT
    QString revision;   ///< revision being applied, if any
    QString file;       ///< migration, seed or check file
    int line = 0;       ///< 1-based line in file of the statement or the bad header
    int position = 0;   ///< 1-based character position inside the statement (server's)
    QString statement;  ///< the statement that failed, as sent

    static Error of(ErrorKind kind, const QString &message);
    static Error usage(const QString &message);
    static Error input(const QString &file, int line, const QString &message);
    static Error database(const QString &message, const QString &sqlState = {});

    /// One or more lines: "file:line: message (SQLSTATE x)\nDETAIL: ...".
    QString toString() const;
    int exitCode() const;
    QJsonObject toJson() const;
    static Error fromJson(const QJsonObject &o);

    friend bool operator==(const Error &, const Error &) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

/// Result of an operation that produces nothing but may fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

} // namespace revisor
