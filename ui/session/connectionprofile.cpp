#include "ui/session/connectionprofile.h"

#include <qt6keychain/keychain.h>

#include <QSettings>

namespace revisor::ui {

namespace {
const QString kService = QStringLiteral("revisor");
QString keyOf(const QString &profile) { return QStringLiteral("profile/") + profile; }
QString groupOf(const QString &profile)
{
    // QSettings treats '/' as a group separator: keep a profile one group.
    return QStringLiteral("profiles/") + QString(profile).replace(QLatin1Char('/'), QLatin1Char('_'));
}
} // namespace

Result<ConnectionSettings> ConnectionProfile::settings(const QString &password) const
{
    auto parsed = ConnectionSettings::parse(conninfo);
    if (!parsed)
        return parsed;
    const QList<QPair<QString, QString>> fields{{QStringLiteral("host"), host}, {QStringLiteral("port"), port},
                                                 {QStringLiteral("dbname"), database}, {QStringLiteral("user"), user},
                                                 {QStringLiteral("sslmode"), sslmode}, {QStringLiteral("password"), password}};
    for (const auto &[key, value] : fields) {
        if (!value.trimmed().isEmpty())
            parsed->setValue(key, key == QLatin1String("password") ? value : value.trimmed());
    }
    return parsed;
}

QSettings &appSettings()
{
    static QSettings settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("revisor"), QStringLiteral("revisor"));
    return settings;
}

QStringList profileNames(QSettings &settings)
{
    settings.beginGroup(QStringLiteral("profiles"));
    QStringList names;
    for (const QString &group : settings.childGroups()) {
        settings.beginGroup(group);
        names << settings.value(QStringLiteral("name"), group).toString();
        settings.endGroup();
    }
    settings.endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

ConnectionProfile loadProfile(QSettings &settings, const QString &name)
{
    settings.beginGroup(groupOf(name));
    ConnectionProfile p;
    p.name = settings.value(QStringLiteral("name"), name).toString();
    p.conninfo = settings.value(QStringLiteral("conninfo")).toString();
    p.host = settings.value(QStringLiteral("host")).toString();
    p.port = settings.value(QStringLiteral("port")).toString();
    p.database = settings.value(QStringLiteral("database")).toString();
    p.user = settings.value(QStringLiteral("user")).toString();
    p.sslmode = settings.value(QStringLiteral("sslmode")).toString();
    p.savePassword = settings.value(QStringLiteral("savePassword"), false).toBool();
    settings.endGroup();
    return p;
}

Status saveProfile(QSettings &settings, const ConnectionProfile &p)
{
    // A password or other secret pasted into the connection string must not reach the
    // settings file; a string without one is kept as the user wrote it.
    const auto parsed = ConnectionSettings::parse(p.conninfo);
    if (!parsed)
        return fail(parsed.error());
    const ConnectionSettings withoutSecrets = parsed->withoutSecrets();
    const QString conninfo = withoutSecrets == *parsed ? p.conninfo : withoutSecrets.conninfo();
    settings.remove(groupOf(p.name));
    settings.beginGroup(groupOf(p.name));
    settings.setValue(QStringLiteral("name"), p.name);
    settings.setValue(QStringLiteral("conninfo"), conninfo);
    settings.setValue(QStringLiteral("host"), p.host);
    settings.setValue(QStringLiteral("port"), p.port);
    settings.setValue(QStringLiteral("database"), p.database);
    settings.setValue(QStringLiteral("user"), p.user);
    settings.setValue(QStringLiteral("sslmode"), p.sslmode);
    settings.setValue(QStringLiteral("savePassword"), p.savePassword);
    settings.endGroup();
    settings.sync();
    return {};
}

void removeProfile(QSettings &settings, const QString &name)
{
    settings.remove(groupOf(name));
    settings.sync();
}

bool needsPassword(const Error &error)
{
    return error.sqlState == QLatin1String("28P01") || error.message.contains(QLatin1String("no password supplied"))
        || error.message.contains(QLatin1String("password authentication failed"));
}

namespace keyring {

void readPassword(const QString &profile, QObject *context, std::function<void(const QString &, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(keyOf(profile));
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (read->error() != QKeychain::NoError)
            done(QString(), read->errorString());
        else
            done(read->textData(), QString());
    });
    job->start();
}

void writePassword(const QString &profile, const QString &password, QObject *context, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(keyOf(profile));
    job->setTextData(password);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void deletePassword(const QString &profile)
{
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(keyOf(profile));
    job->start();
}

} // namespace keyring

} // namespace revisor::ui
