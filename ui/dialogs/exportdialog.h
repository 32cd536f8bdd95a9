#pragma once

#include "rehearsal/rehearsalresult.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace revisor::ui {

/// File > Export report: a directory and the formats to write (json, junit, md, html, pdf;
/// all checked the first time, then as last used). Exports the result it was given when
/// the user presses Export, and reports the files written or the error.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ExportDialog(const RehearsalResult &result, QWidget *parent = nullptr);

    QString directory() const;
    void setDirectory(const QString &directory);
    QStringList selectedFormats() const;
    void setSelectedFormats(const QStringList &formats);

    /// Writes the selected formats into directory() without asking anything; remembers the
    /// choice (QSettings) when it succeeds.
    Result<QStringList> exportNow();

    /// The directory offered when nothing was remembered: ~/Documents/revisor-reports/<set>.
    static QString defaultDirectory(const QString &setName);

private:
    void browse();
    void updateButtons();
    void exportAndReport();
    /// The report.* files already in directory().
    QStringList existingReports() const;
    /// Asks before replacing a report already in the directory ("overwriteQuestion").
    bool confirmOverwrite();

    RehearsalResult m_result;
    QLineEdit *m_directory;
    QMap<QString, QCheckBox *> m_formats;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

/// Shows the export dialog for `result`, modal over `parent`. The window's menu action calls
/// it with the session's result.
void showExportDialog(QWidget *parent, const RehearsalResult &result);

} // namespace revisor::ui
