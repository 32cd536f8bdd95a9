// The window's dialogs on their own (issue 10, item 9): Export's directory label and its
// question before replacing a report.
#include "core/paths.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/session/connectionprofile.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
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

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        appSettings().remove(QStringLiteral("export"));
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
