// The window's dialogs on their own (issue 10, item 9): Export's directory label and its
// question before replacing a report.
#include "core/paths.h"
#include "ui/dialogs/confirmations.h"
#include "ui/dialogs/connectiondialog.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/dialogs/seeddialog.h"
#include "ui/session/connectionprofile.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace revisor;
using namespace revisor::ui;

namespace {

RehearsalResult smallResult()
{
    RehearsalResult r;
    r.setName = QStringLiteral("dialog_set");
    r.database = QStringLiteral("postgresql:///dialog_db");
    r.baselineRevision = RevisionRef(QStringLiteral("001"));
    r.targetRevision = RevisionRef(QStringLiteral("002"));
    r.finalRevision = RevisionRef(QStringLiteral("001"));
    r.startedAt = QDateTime::currentDateTimeUtc();
    return r;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Answers every message box that opens: the overwrite question with `answer`, anything else
// with its default; keeps the object names of the boxes seen.
struct MessageBoxes
{
    explicit MessageBoxes(QMessageBox::StandardButton answer)
    {
        timer.setInterval(30);
        QObject::connect(&timer, &QTimer::timeout, [this, answer] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            seen << box->objectName();
            if (box->objectName() == QLatin1String("overwriteQuestion"))
                box->button(answer)->click();
            else
                box->accept();
        });
        timer.start();
    }
    QTimer timer;
    QStringList seen;
};

} // namespace

class TestDialogs : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Keep the user's settings out of the tests.
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        appSettings().remove(QStringLiteral("export"));
        appSettings().remove(QStringLiteral("connection"));
        appSettings().remove(QStringLiteral("seed"));
    }

    void exportDirectoryLabelHasItsShortcut()
    {
        ExportDialog dialog(smallResult());
        QLabel *label = nullptr;
        for (QLabel *l : dialog.findChildren<QLabel *>()) {
            if (l->text() == QLatin1String("&Directory:"))
                label = l;
        }
        QVERIFY(label);
        // With a buddy the '&' marks the shortcut (Alt+D) and is not drawn.
        QVERIFY(label->buddy());
        QVERIFY(qobject_cast<QLineEdit *>(label->buddy()));
        // And the dialog says which session it exports.
        auto *about = dialog.findChild<QLabel *>(QStringLiteral("exportSession"));
        QVERIFY(about);
        QVERIFY2(about->text().contains(QLatin1String("dialog_set")) && about->text().contains(QLatin1String("dialog_db"))
                     && about->text().contains(QLatin1String("baseline 001")),
                 qPrintable(about->text()));
    }

    // Item 6: the Connect dialog comes back with the last connection, never its password;
    // item 9: a password pasted in a URL is masked.
    void connectDialogRemembersWithoutThePassword()
    {
        {
            ConnectionDialog dialog;
            for (QRadioButton *b : dialog.findChildren<QRadioButton *>()) {
                if (b->text().contains(QLatin1String("Existing server")))
                    b->setChecked(true);
            }
            QLineEdit *url = nullptr;
            for (QLineEdit *e : dialog.findChildren<QLineEdit *>()) {
                if (e->placeholderText().startsWith(QLatin1String("postgresql://")))
                    url = e;
            }
            QVERIFY(url);
            url->setText(QStringLiteral("postgresql://alice:s3cret-pw@db.example.org:5433/orders"));
            QVERIFY2(!dialog.conninfoText().contains(QLatin1String("s3cret-pw")), qPrintable(dialog.conninfoText()));
            QVERIFY2(dialog.conninfoText().contains(QLatin1String("orders")), qPrintable(dialog.conninfoText()));
            QCOMPARE(dialog.passwordText(), QStringLiteral("s3cret-pw"));
            QCOMPARE(dialog.choice().settings.value(QStringLiteral("password")), QStringLiteral("s3cret-pw"));
            QCOMPARE(dialog.choice().settings.value(QStringLiteral("host")), QStringLiteral("db.example.org"));
            static_cast<QDialog &>(dialog).accept();
        }
        ConnectionDialog again;
        QVERIFY2(again.conninfoText().contains(QLatin1String("orders")) && again.conninfoText().contains(QLatin1String("db.example.org")),
                 qPrintable(again.conninfoText()));
        QVERIFY(again.passwordText().isEmpty());
        QVERIFY(!again.choice().scratch);
        appSettings().sync();
        QFile file(appSettings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("s3cret-pw"));
    }

    void passwordPromptKeepsASensibleWidth()
    {
        int width = 0;
        QTimer::singleShot(100, [&width] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                width = dialog->width();
                dialog->reject();
            }
        });
        const QString longMessage = QStringLiteral("connection to server at \"db.example.org\" (203.0.113.7), port 5433 failed: FATAL:  "
                                                   "password authentication failed for user \"alice\" ") .repeated(4);
        QVERIFY(!askPassword(nullptr, longMessage).has_value());
        QVERIFY(width >= 300);
        QVERIFY2(width <= 600, qPrintable(QString::number(width)));
    }

    // Item 9: the seed's parameters explained, the total rows and size, the last choice kept.
    void seedDialogExplainsAndRemembers()
    {
        auto set = MigrationSet::load(defaultMigrationSetDir());
        QVERIFY(set.has_value());
        {
            SeedDialog dialog(*set);
            dialog.selectSeed(QStringLiteral("scale"));
            auto *help = dialog.findChild<QLabel *>(QStringLiteral("help_chunks"));
            QVERIFY(help);
            QVERIFY2(help->text().contains(QLatin1String("per repository")), qPrintable(help->text()));
            QVERIFY(help->wordWrap());
            QCOMPARE(dialog.estimate(), QStringLiteral("total rows = 100 x 100 = 10,000, about 61 MB"));
            dialog.findChild<QLineEdit *>(QStringLiteral("param_chunks"))->setText(QStringLiteral("20"));
            QCOMPARE(dialog.estimate(), QStringLiteral("total rows = 100 x 20 = 2,000, about 12 MB"));
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            if (const QString dir = qEnvironmentVariable("REVISOR_SHOT_DIR"); !dir.isEmpty())
                dialog.grab().save(dir + QStringLiteral("/seed-dialog.png"));
            // No clipped text: every label gets the width it asks for.
            for (QLabel *l : dialog.findChildren<QLabel *>()) {
                if (l->isVisible() && !l->wordWrap())
                    QVERIFY2(l->width() >= l->sizeHint().width(), qPrintable(l->text()));
            }
            dialog.accept();
        }
        SeedDialog again(*set);
        QCOMPARE(again.seed()->name, QStringLiteral("scale"));
        QCOMPARE(again.values().value(QStringLiteral("chunks")), QStringLiteral("20"));
        QCOMPARE(again.values().value(QStringLiteral("repositories")), QStringLiteral("100"));
    }

    void exportAsksBeforeReplacingAReport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString old = dir.filePath(QStringLiteral("report.json"));
        {
            QFile f(old);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("an earlier report");
        }
        ExportDialog dialog(smallResult());
        dialog.setDirectory(dir.path());
        dialog.setSelectedFormats({QStringLiteral("json")});
        QAbstractButton *exportButton = nullptr;
        for (QAbstractButton *b : dialog.findChild<QDialogButtonBox *>()->buttons()) {
            if (b->text() == QLatin1String("&Export"))
                exportButton = b;
        }
        QVERIFY(exportButton);
        {
            MessageBoxes boxes(QMessageBox::No);
            exportButton->click();
            QCOMPARE(boxes.seen, QStringList{QStringLiteral("overwriteQuestion")});
        }
        QCOMPARE(readAll(old), QByteArray("an earlier report"));
        {
            MessageBoxes boxes(QMessageBox::Yes);
            exportButton->click();
            QCOMPARE(boxes.seen.first(), QStringLiteral("overwriteQuestion"));
        }
        QVERIFY(readAll(old).contains("revisor-report/1"));
    }
};

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
