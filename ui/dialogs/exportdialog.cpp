#include "ui/dialogs/exportdialog.h"

#include "ui/session/connectionprofile.h"
#include "report/reports.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

namespace revisor::ui {

namespace {

const QString DirectoryKey = QStringLiteral("export/directory");
const QString FormatsKey = QStringLiteral("export/formats");

QString describe(const QString &format)
{
    if (format == QLatin1String("json"))
        return QObject::tr("JSON (report.json, revisor-report/1, for tools)");
    if (format == QLatin1String("junit"))
        return QObject::tr("JUnit XML (report.junit.xml, for CI servers)");
    if (format == QLatin1String("md"))
        return QObject::tr("Markdown (report.md, for pull requests)");
    if (format == QLatin1String("html"))
        return QObject::tr("HTML (report.html, one self-contained page with the chart)");
    if (format == QLatin1String("pdf"))
        return QObject::tr("PDF (report.pdf, A4, for reviewers)");
    return format;
}

} // namespace

ExportDialog::ExportDialog(const RehearsalResult &result, QWidget *parent)
    : QDialog(parent), m_result(result), m_directory(new QLineEdit), m_status(new QLabel), m_buttons(new QDialogButtonBox)
{
    setWindowTitle(tr("Export report"));
    auto *intro = new QLabel(tr("Writes the report of this session's round trip (%1) into a directory.")
                                 .arg(result.passed() ? tr("passed") : tr("failed")));
    intro->setWordWrap(true);
    // What the report is about, so that an export can never be mistaken for another session's.
    const QString when = result.startedAt.isValid() ? QLocale().toString(result.startedAt.toLocalTime(), QLocale::ShortFormat) : tr("unknown");
    auto *about = new QLabel(tr("<b>Set</b> %1<br><b>Database</b> %2<br><b>Round trip</b> baseline %3 → target %4 → %5<br><b>Started</b> %6")
                                 .arg(result.setName.toHtmlEscaped(), result.database.toHtmlEscaped(), result.baselineRevision.label().toHtmlEscaped(),
                                      result.targetRevision.label().toHtmlEscaped(), result.finalRevision.label().toHtmlEscaped(), when.toHtmlEscaped()));
    about->setObjectName(QStringLiteral("exportSession"));
    about->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *browse = new QPushButton(tr("Browse…"));
    auto *dirRow = new QHBoxLayout;
    dirRow->addWidget(m_directory, 1);
    dirRow->addWidget(browse);

    auto *formatBox = new QVBoxLayout;
    for (const QString &format : reportFormats()) {
        auto *box = new QCheckBox(describe(format));
        box->setChecked(true);
        box->setObjectName(QStringLiteral("format_") + format);
        formatBox->addWidget(box);
        m_formats.insert(format, box);
        connect(box, &QCheckBox::toggled, this, &ExportDialog::updateButtons);
    }

    auto *form = new QFormLayout;
    // A row whose field is a layout gets no buddy, and its label would show the '&' itself.
    auto *dirLabel = new QLabel(tr("&Directory:"));
    dirLabel->setObjectName(QStringLiteral("directoryLabel"));
    dirLabel->setBuddy(m_directory);
    form->addRow(dirLabel, dirRow);
    form->addRow(tr("Formats:"), formatBox);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(about);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    QSettings &settings = appSettings();
    setDirectory(settings.value(DirectoryKey, defaultDirectory(result.setName)).toString());
    if (settings.contains(FormatsKey))
        setSelectedFormats(settings.value(FormatsKey).toStringList());

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_directory, &QLineEdit::textChanged, this, &ExportDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::exportAndReport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
    resize(sizeHint().expandedTo(QSize(560, 0)));
}

QString ExportDialog::defaultDirectory(const QString &setName)
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return QDir(base).filePath(QStringLiteral("revisor-reports/") + (setName.isEmpty() ? QStringLiteral("report") : setName));
}

QString ExportDialog::directory() const
{
    return m_directory->text().trimmed();
}

void ExportDialog::setDirectory(const QString &directory)
{
    m_directory->setText(QDir::toNativeSeparators(directory));
}

QStringList ExportDialog::selectedFormats() const
{
    QStringList formats;
    for (const QString &format : reportFormats()) {
        if (m_formats.value(format)->isChecked())
            formats << format;
    }
    return formats;
}

void ExportDialog::setSelectedFormats(const QStringList &formats)
{
    for (auto it = m_formats.cbegin(); it != m_formats.cend(); ++it)
        it.value()->setChecked(formats.contains(it.key()));
}

Result<QStringList> ExportDialog::exportNow()
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto written = writeReports(m_result, QDir::fromNativeSeparators(directory()), selectedFormats());
    QGuiApplication::restoreOverrideCursor();
    if (written) {
        QSettings &settings = appSettings();
        settings.setValue(DirectoryKey, QDir::fromNativeSeparators(directory()));
        settings.setValue(FormatsKey, selectedFormats());
    }
    return written;
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Export the report into"), directory());
    if (!chosen.isEmpty())
        setDirectory(chosen);
}

void ExportDialog::updateButtons()
{
    const bool ready = !directory().isEmpty() && !selectedFormats().isEmpty();
    m_buttons->buttons().constFirst()->setEnabled(ready);
    m_status->setText(selectedFormats().isEmpty() ? tr("Choose at least one format.") : QString());
}

QStringList ExportDialog::existingReports() const
{
    return QDir(QDir::fromNativeSeparators(directory())).entryList({QStringLiteral("report.*")}, QDir::Files, QDir::Name);
}

bool ExportDialog::confirmOverwrite()
{
    const QStringList existing = existingReports();
    if (existing.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Export report"),
                    tr("%1 already holds a report (%2). Replace it?").arg(directory(), existing.join(QStringLiteral(", "))),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("overwriteQuestion"));
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

void ExportDialog::exportAndReport()
{
    if (!confirmOverwrite())
        return;
    const auto written = exportNow();
    if (!written) {
        QMessageBox::critical(this, tr("Export report"), tr("The report could not be written:\n%1").arg(written.error().toString()));
        return;
    }
    QStringList names;
    for (const QString &path : *written)
        names << QDir::toNativeSeparators(path);
    QMessageBox box(QMessageBox::Information, tr("Export report"),
                    tr("Wrote %n file(s) into %1.", nullptr, int(written->size())).arg(directory()), QMessageBox::Ok, this);
    box.setDetailedText(names.join(QLatin1Char('\n')));
    QPushButton *open = box.addButton(tr("Open folder"), QMessageBox::ActionRole);
    box.exec();
    if (box.clickedButton() == open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(QDir::fromNativeSeparators(directory())));
    accept();
}

void showExportDialog(QWidget *parent, const RehearsalResult &result)
{
    ExportDialog dialog(result, parent);
    dialog.exec();
}

} // namespace revisor::ui
