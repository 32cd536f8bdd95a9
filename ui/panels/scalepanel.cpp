#include "ui/panels/scalepanel.h"

#include "rehearsal/interactivesession.h"
#include "ui/dialogs/scaledialog.h"
#include "ui/session/connectionprofile.h"
#include "ui/session/sessioncontroller.h"
#include "ui/widgets/emptystate.h"
#include "ui/widgets/scalechart.h"

#include <qcustomplot.h>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace revisor::ui {

namespace {

Result<ScaleRun> readRun(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::input(path, 0, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (doc.isNull())
        return fail(Error::input(path, 0, error.errorString()));
    auto run = ScaleRun::fromJson(doc.object());
    if (!run)
        return fail(Error::input(path, 0, run.error().message));
    return run;
}

QString runTitle(const ScaleRun &run)
{
    QString title = QStringLiteral("%1  %2").arg(run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), run.setName);
    if (!run.label.isEmpty())
        title += QStringLiteral(" (%1)").arg(run.label);
    return title + QObject::tr(", %n volume(s)", nullptr, int(run.points.size()));
}

// logError is the root mean square of ln(predicted / measured): e^x - 1 is the typical miss.
QString fitError(const GrowthFit &fit)
{
    return QStringLiteral("±%1 %").arg((std::exp(fit.logError) - 1) * 100, 0, 'f', 0);
}

} // namespace

ScalePanel::ScalePanel(SessionController *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_runAction(new QAction(tr("Scale &run..."), this)), m_runs(new QComboBox),
      m_overlayBox(new QComboBox), m_rows(new QLineEdit), m_extrapolation(new QLabel), m_about(new QLabel), m_plot(new QCustomPlot),
      m_fits(new QTableWidget)
{
    m_runAction->setObjectName(QStringLiteral("scaleRunAction"));
    m_runAction->setToolTip(tr("Time the upgrade and downgrade at several data volumes, fit time against rows and extrapolate"));
    connect(m_runAction, &QAction::triggered, this, &ScalePanel::startRun);
    auto *runButton = new QToolButton;
    runButton->setDefaultAction(m_runAction);
    runButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_runs->setObjectName(QStringLiteral("scaleRuns"));
    m_overlayBox->setObjectName(QStringLiteral("scaleOverlay"));
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_overlayBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *bar = new QHBoxLayout;
    bar->addWidget(runButton);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Run:")));
    bar->addWidget(m_runs);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Compare with:")));
    bar->addWidget(m_overlayBox);
    bar->addStretch();

    m_about->setWordWrap(true);
    m_extrapolation->setObjectName(QStringLiteral("scaleExtrapolation"));
    m_extrapolation->setWordWrap(true);
    m_extrapolation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rows->setObjectName(QStringLiteral("scaleRows"));
    m_rows->setPlaceholderText(tr("e.g. 40,000,000"));
    m_rows->setMaximumWidth(180);
    auto *extrapolate = new QHBoxLayout;
    extrapolate->addWidget(new QLabel(tr("Extrapolate to rows:")));
    extrapolate->addWidget(m_rows);
    extrapolate->addWidget(m_extrapolation, 1);
    m_fits->setObjectName(QStringLiteral("scaleFits"));
    m_fits->setColumnCount(5);
    m_fits->setHorizontalHeaderLabels({tr("What"), tr("Model"), tr("Formula"), tr("Fit error"), tr("ms per volume")});
    m_fits->verticalHeader()->hide();
    m_fits->horizontalHeader()->setStretchLastSection(true);
    m_fits->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fits->setWordWrap(false);
    m_plot->setMinimumHeight(220);

    auto *lower = new QWidget;
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(extrapolate);
    lowerLayout->addWidget(m_fits);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("scaleSplitter"));  // the window remembers it by name
    splitter->addWidget(m_plot);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Scaled to the splitter's height: the chart gets three fifths.
    splitter->setSizes({3000, 2000});
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_about);
    contentLayout->addWidget(splitter, 1);
    m_stack = new EmptyStateWidget(content, tr("No scale run kept yet.<br><br>Database &gt; Scale run times the upgrade and the "
                                               "downgrade at several data volumes (a fresh baseline and seed for each), fits "
                                               "time against rows per step and extrapolates to the row count you type. "
                                               "Runs are kept in %1, so two of them can be compared here.")
                                                .arg(scaleRunsDirectory().toHtmlEscaped()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    connect(m_runs, &QComboBox::activated, this, [this](int index) {
        if (index < 0 || index >= m_files.size())
            return;
        auto run = readRun(m_files.at(index));
        if (run)
            showRun(*run);
        else
            m_about->setText(run.error().toString().toHtmlEscaped());
    });
    connect(m_overlayBox, &QComboBox::activated, this, &ScalePanel::setOverlay);
    connect(m_rows, &QLineEdit::returnPressed, this, [this] { extrapolateTo(m_rows->text()); });
    connect(m_rows, &QLineEdit::editingFinished, this, [this] { extrapolateTo(m_rows->text()); });
    connect(m_session, &SessionController::actionFinished, this, &ScalePanel::onActionFinished);
    connect(m_session, &SessionController::busyChanged, this, &ScalePanel::updateAction);
    connect(m_session, &SessionController::connectionChanged, this, &ScalePanel::updateAction);
    connect(m_session, &SessionController::setChanged, this, &ScalePanel::updateAction);
    updateAction();
    reloadRuns();
    // The row count of production is typed once and kept.
    if (const QString rows = appSettings().value(QStringLiteral("scale/rows")).toString(); !rows.isEmpty())
        extrapolateTo(rows);
}

void ScalePanel::updateAction()
{
    m_runAction->setEnabled(m_session->isConnected() && m_session->hasSet() && !m_session->isBusy());
}

void ScalePanel::startRun()
{
    if (!m_session->set() || !m_session->server())
        return;
    const ServerInfo server = *m_session->server();
    ScaleDialog dialog(*m_session->set(), server.scratch, server.database, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->scale(dialog.options());
}

void ScalePanel::onActionFinished(const ActionResult &result)
{
    if (result.scaleRun)
        reloadRuns(result.scaleRunFile);
}

void ScalePanel::reloadRuns(const QString &select)
{
    m_files.clear();
    m_runs->clear();
    m_overlayBox->clear();
    m_overlayBox->addItem(tr("(none)"));
    QDir dir(scaleRunsDirectory());
    // Named after their start time: newest first by name.
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::Reversed);
    int chosen = 0;
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        auto run = readRun(path);
        // A file another version wrote or a user edited: listed elsewhere, not here.
        if (!run)
            continue;
        if (QFileInfo(path) == QFileInfo(select))
            chosen = int(m_files.size());
        m_files << path;
        m_runs->addItem(runTitle(*run), path);
        m_overlayBox->addItem(runTitle(*run), path);
    }
    m_overlay.reset();
    if (m_files.isEmpty()) {
        m_run.reset();
        m_stack->showContent(false);
        return;
    }
    m_runs->setCurrentIndex(chosen);
    auto run = readRun(m_files.at(chosen));
    if (run)
        showRun(*run);
}

void ScalePanel::showRun(const ScaleRun &run)
{
    m_run = run;
    QStringList volumes;
    for (const ScalePoint &p : run.points)
        volumes << QLocale().toString(p.rows);
    m_about->setText(tr("<b>%1</b>%2: baseline %3 → %4 and back, seed <code>%5</code>, PostgreSQL %6 (pgvector: %7); "
                        "rows of %8 per volume: %9.")
                         .arg(run.setName.toHtmlEscaped(), run.label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(run.label.toHtmlEscaped()),
                              run.baseline.label().toHtmlEscaped(), run.target.label().toHtmlEscaped(), run.seed.toHtmlEscaped(),
                              run.serverVersion.toHtmlEscaped(), run.pgvector ? tr("yes") : tr("no"),
                              run.points.isEmpty() ? QString() : run.points.constLast().rowsTable.toHtmlEscaped(), volumes.join(QStringLiteral(", "))));
    m_stack->showContent(true);
    fillFits();
    rebuild();
}

void ScalePanel::setOverlay(int index)
{
    m_overlay.reset();
    if (index > 0 && index <= m_files.size()) {
        auto run = readRun(m_files.at(index - 1));
        if (run)
            m_overlay = *run;
    }
    if (m_overlayBox->currentIndex() != index)
        m_overlayBox->setCurrentIndex(index);
    rebuild();
}

bool ScalePanel::extrapolateTo(const QString &rows)
{
    QString digits = rows;
    digits.remove(QLatin1Char(',')).remove(QLatin1Char('_')).remove(QLatin1Char(' ')).remove(QLocale().groupSeparator());
    bool ok = false;
    const double n = digits.toDouble(&ok);
    if (rows.trimmed().isEmpty()) {
        m_extrapolateRows = 0;
    } else if (!ok || n <= 0) {
        m_extrapolation->setText(tr("<span style='color:#c62828'>'%1' is not a number of rows</span>").arg(rows.toHtmlEscaped()));
        return false;
    } else {
        m_extrapolateRows = n;
    }
    appSettings().setValue(QStringLiteral("scale/rows"), rows.trimmed());
    if (m_rows->text() != rows)
        m_rows->setText(rows);
    rebuild();
    return true;
}

QString ScalePanel::extrapolation() const
{
    return m_run && m_extrapolateRows > 0 ? m_run->extrapolate(m_extrapolateRows) : QString();
}

void ScalePanel::rebuild()
{
    const QString text = extrapolation();
    if (!text.isEmpty() || m_extrapolateRows <= 0)
        m_extrapolation->setText(text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    if (!m_run)
        return;
    buildScaleChart(m_plot, *m_run, m_overlay ? &*m_overlay : nullptr, m_session->state().budgets.rollbackMs, m_extrapolateRows);
}

void ScalePanel::fillFits()
{
    m_fits->setRowCount(0);
    if (!m_run)
        return;
    const auto addRow = [this](const QString &what, const GrowthFit &fit, const QList<double> &ms, const QString &tip = {}) {
        const int row = m_fits->rowCount();
        m_fits->insertRow(row);
        QStringList values;
        for (double v : ms)
            values << QString::number(v, 'f', v < 10 ? 2 : 0);
        const QStringList cells{what, fit.growthName(), fit.formula(), fitError(fit), values.join(QStringLiteral(" / "))};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(tip.isEmpty() ? cells.at(c) : tip);
            m_fits->setItem(row, c, item);
        }
    };
    const auto series = [this](auto member) {
        QList<double> ms;
        for (const ScalePoint &p : m_run->points)
            ms << p.*member;
        return ms;
    };
    addRow(tr("upgrade"), m_run->upgradeFit, series(&ScalePoint::upgradeMs));
    addRow(tr("downgrade"), m_run->downgradeFit, series(&ScalePoint::downgradeMs));
    addRow(tr("upgrade holds ACCESS EXCLUSIVE"), m_run->upgradeExclusiveFit, series(&ScalePoint::upgradeExclusiveMs));
    addRow(tr("downgrade holds ACCESS EXCLUSIVE"), m_run->downgradeExclusiveFit, series(&ScalePoint::downgradeExclusiveMs));
    int shown = 0;
    for (const StatementFit &s : m_run->statements) {
        if (++shown > 12)
            break;
        addRow(QStringLiteral("%1 %2:%3  %4").arg(s.direction, QFileInfo(s.file).fileName()).arg(s.line).arg(s.sql.simplified().left(50)), s.fit, s.ms,
               s.sql);
    }
    m_fits->resizeColumnsToContents();
    // A long statement must not push the model and formula out of sight (its tooltip has it all).
    m_fits->setColumnWidth(0, std::min(m_fits->columnWidth(0), 420));
}

} // namespace revisor::ui
