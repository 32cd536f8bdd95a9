#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QString>
#include <QTemporaryDir>

namespace revisor::test {

/// A temporary folder of files given by path relative to it, written byte for byte (so a test
/// can write a Latin-1 file), for the layouts of other tools.
class TempTree
{
public:
    explicit TempTree(const QMap<QString, QByteArray> &files = {})
    {
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            write(it.key(), it.value());
    }
    QString path() const { return m_dir.path(); }
    QString file(const QString &relative) const { return QDir(m_dir.path()).absoluteFilePath(relative); }
    void write(const QString &relative, const QByteArray &bytes) const
    {
        const QString target = file(relative);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile out(target);
        if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            out.write(bytes);
    }

private:
    QTemporaryDir m_dir;
};

/// The sample projects of tests/samples/<name>.
inline QString samplePath(const QString &sourceDir, const QString &name)
{
    return QDir(sourceDir).filePath(QStringLiteral("tests/samples/") + name);
}

} // namespace revisor::test
