#include "paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace revisor {

QString versionString()
{
    return QStringLiteral(REVISOR_VERSION);
}

QString bundledMigrationsDir()
{
    const QByteArray overridden = qgetenv("REVISOR_MIGRATIONS_DIR");
    if (!overridden.isEmpty())
        return QString::fromLocal8Bit(overridden);
    // Relocatable install: <prefix>/bin/revisor -> <prefix>/share/revisor/migrations.
    if (QCoreApplication::instance()) {
        const QDir bin(QCoreApplication::applicationDirPath());
        const QString relative = bin.absoluteFilePath(QStringLiteral("../share/revisor/migrations"));
        if (QFileInfo::exists(relative))
            return QDir::cleanPath(relative);
    }
    // A build tree: the sources it was built from.
    const QString source = QStringLiteral(REVISOR_SOURCE_DIR "/migrations");
    if (QFileInfo::exists(source))
        return source;
    return QStringLiteral(REVISOR_INSTALL_DATADIR "/migrations");
}

QString defaultMigrationSetDir()
{
    return bundledMigrationsDir() + QStringLiteral("/codebase_mcp");
}

} // namespace revisor
