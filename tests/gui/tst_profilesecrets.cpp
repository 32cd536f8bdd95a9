// The window's connection profiles and dialog never write or show a secret libpq option
// (password, sslpassword, ...), whichever way the user typed it.
#include "ui/dialogs/connectiondialog.h"
#include "ui/session/connectionprofile.h"
#include "resultassert.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;
using namespace revisor::ui;

namespace {

QString secretFor(const QString &keyword)
{
    return QStringLiteral("S3cr3t-%1-value").arg(keyword);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestProfileSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Keep the user's settings out of the tests.
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    }

    void secretOptions_data()
    {
        QTest::addColumn<QString>("keyword");
        // Every option libpq itself marks secret.
        for (const QString &keyword : secretConnectionOptions())
            QTest::newRow(qPrintable(keyword)) << keyword;
    }

    void savedProfileHasNoSecret_data() { secretOptions_data(); }
    void savedProfileHasNoSecret()
    {
        QFETCH(QString, keyword);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("test.conf"));
        QSettings settings(path, QSettings::IniFormat);
        ConnectionProfile p;
        p.name = QStringLiteral("staging");
        p.conninfo = QStringLiteral("postgresql://alice@db.example:5433/app?sslmode=require&%1=%2").arg(keyword, secretFor(keyword));
        QVERIFY_RESULT(saveProfile(settings, p));
        QVERIFY2(!readAll(path).contains(secretFor(keyword).toUtf8()), readAll(path).constData());
        const ConnectionProfile back = loadProfile(settings, p.name);
        auto s = back.settings();
        QVERIFY(s.has_value());
        QCOMPARE(s->value(QStringLiteral("host")), QStringLiteral("db.example"));
        QCOMPARE(s->value(QStringLiteral("port")), QStringLiteral("5433"));
        QCOMPARE(s->value(QStringLiteral("dbname")), QStringLiteral("app"));
        QCOMPARE(s->value(QStringLiteral("user")), QStringLiteral("alice"));
        QCOMPARE(s->value(QStringLiteral("sslmode")), QStringLiteral("require"));
        QCOMPARE(s->value(keyword), QString());
    }

    void unparseableProfileIsNotSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("test.conf"));
        QSettings settings(path, QSettings::IniFormat);
        ConnectionProfile p;
        p.name = QStringLiteral("broken");
        p.conninfo = QStringLiteral("host=h sslpassword=S3cr3t-value bogus");
        const Status saved = saveProfile(settings, p);
        QVERIFY(!saved);
        QVERIFY2(!saved.error().message.contains(QStringLiteral("S3cr3t")), qPrintable(saved.error().message));
        QVERIFY2(!readAll(path).contains("S3cr3t"), readAll(path).constData());
        QVERIFY(profileNames(settings).isEmpty());
    }

    void profileWithoutSecretKeepsItsText()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("test.conf")), QSettings::IniFormat);
        ConnectionProfile p;
        p.name = QStringLiteral("plain");
        p.conninfo = QStringLiteral("postgresql://alice@db.example/app?sslmode=require");
        QVERIFY_RESULT(saveProfile(settings, p));
        QCOMPARE(loadProfile(settings, p.name).conninfo, p.conninfo);
    }

    void dialogNeverShowsSecret_data() { secretOptions_data(); }
    void dialogNeverShowsSecret()
    {
        QFETCH(QString, keyword);
        ConnectionDialog dialog;
        ConnectionProfile profile;
        profile.name = QStringLiteral("unreachable");
        profile.conninfo = QStringLiteral("postgresql://alice@/nodb?host=/nonexistent-socket-dir&%1=%2").arg(keyword, secretFor(keyword));
        dialog.setProfile(profile);
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        dialog.testConnection();
        QVERIFY2(!dialog.testResult().contains(secretFor(keyword)), qPrintable(dialog.testResult()));
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(!dialog.testResult().contains(secretFor(keyword)), qPrintable(dialog.testResult()));
        QVERIFY2(dialog.testResult().contains(QStringLiteral("nonexistent-socket-dir")), qPrintable(dialog.testResult()));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestProfileSecrets)
#include "tst_profilesecrets.moc"
