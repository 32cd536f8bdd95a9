// What the window remembers between runs: size, docks, splitters, last tab, recent sets.
#include "ui/window/mainwindow.h"

#include "core/paths.h"
#include "ui/session/connectionprofile.h"
#include "ui/session/sessioncontroller.h"

#include <QCloseEvent>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>

namespace revisor::ui {

void MainWindow::restoreLayout()
{
    // Size, docks and tool bar, and the tab the user left open.
    QSettings &s = appSettings();
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/state")))
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (const QString key = QStringLiteral("window/splitters/") + splitter->objectName(); !splitter->objectName().isEmpty() && s.contains(key))
            splitter->restoreState(s.value(key).toByteArray());
    }
    const int tab = s.value(QStringLiteral("window/tab"), 0).toInt();
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [](int index) { appSettings().setValue(QStringLiteral("window/tab"), index); });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings &s = appSettings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            s.setValue(QStringLiteral("window/splitters/") + splitter->objectName(), splitter->saveState());
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::rememberSet(const QString &directory)
{
    QSettings &s = appSettings();
    QStringList recent = s.value(QStringLiteral("sets/recent")).toStringList();
    recent.removeAll(directory);
    recent.prepend(directory);
    s.setValue(QStringLiteral("sets/recent"), recent.mid(0, 8));
    s.setValue(QStringLiteral("sets/last"), directory);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    for (const QString &dir : appSettings().value(QStringLiteral("sets/recent")).toStringList()) {
        m_recentMenu->addAction(dir, this, [this, dir] { openSet(dir); })->setEnabled(!m_session->isBusy());
    }
    if (m_recentMenu->isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

} // namespace revisor::ui
