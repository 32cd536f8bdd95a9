#pragma once

#include <QMap>
#include <QString>
#include <QTemporaryDir>

namespace revisor::test {

/// A migration set written to a temporary directory: file name -> content under versions/
/// (and seeds/, checks/ when the name starts with that folder).
class TempSet
{
public:
    explicit TempSet(const QMap<QString, QString> &files);
    /// Copies an existing set, then overwrites or adds `files` (paths relative to the set).
    TempSet(const QString &copyFrom, const QMap<QString, QString> &files);
    QString path() const { return m_dir.path(); }
    bool isValid() const { return m_dir.isValid(); }

private:
    void write(const QString &relative, const QString &content);
    QTemporaryDir m_dir;
};

/// A native revision file's text.
QString revisionFile(const QString &id, const QString &revises, const QString &up, const QString &down,
                     const QString &extraHeader = {});

} // namespace revisor::test
