#include "tempset.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace revisor::test {

TempSet::TempSet(const QMap<QString, QString> &files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const bool placed = it.key().contains(QLatin1Char('/'));
        write(placed ? it.key() : QStringLiteral("versions/") + it.key(), it.value());
    }
}

TempSet::TempSet(const QString &copyFrom, const QMap<QString, QString> &files)
{
    QDirIterator walk(copyFrom, QDir::Files, QDirIterator::Subdirectories);
    while (walk.hasNext()) {
        const QString source = walk.next();
        QFile in(source);
        if (in.open(QIODevice::ReadOnly))
            write(QDir(copyFrom).relativeFilePath(source), QString::fromUtf8(in.readAll()));
    }
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        write(it.key(), it.value());
}

void TempSet::write(const QString &relative, const QString &content)
{
    const QString path = m_dir.filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile out(path);
    if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        out.write(content.toUtf8());
}

QString revisionFile(const QString &id, const QString &revises, const QString &up, const QString &down,
                     const QString &extraHeader)
{
    QString text = QStringLiteral("-- revision: %1\n").arg(id);
    if (!revises.isEmpty())
        text += QStringLiteral("-- revises: %1\n").arg(revises);
    text += QStringLiteral("-- message: test revision %1\n").arg(id);
    text += extraHeader;
    text += QStringLiteral("-- migrate:up\n") + up + QStringLiteral("\n-- migrate:down\n") + down + QStringLiteral("\n");
    return text;
}

} // namespace revisor::test
