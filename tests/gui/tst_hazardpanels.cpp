// The SQL panel's hazard markers and the Timing panel's captures, probes and slowest
// statements, fed by a real InteractiveSession on the test server with the bundled set.
#include "hazards/schemamodel.h"
#include "rehearsal/interactivesession.h"
#include "resultassert.h"
#include "testserver.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/panels/sqlpanel.h"
#include "ui/panels/timingpanel.h"
#include "ui/widgets/markededitor.h"

#include <qcustomplot.h>

#include <QHelpEvent>
#include <QTest>
#include <QTextBlock>
#include <QToolTip>
#include <QTreeWidget>

using namespace revisor;
using namespace revisor::ui;

namespace {

MigrationSet bundled()
{
    auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
    if (!set)
        qFatal("%s", qPrintable(set.error().toString()));
    return *set;
}

QString errorText(const ActionResult &r)
{
    return r.error ? r.error->toString() : QString();
}

// The model row of the next step's statement that starts with `prefix`, or -1.
int rowStarting(const SqlPanel &panel, const QString &prefix)
{
    const auto &rows = panel.model()->rows();
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).direction == SqlStatementModel::Direction::Up && rows.at(i).statement.sql.trimmed().startsWith(prefix))
            return i;
    }
    return -1;
}

const Hazard *findRule(const StatementHazards &s, HazardRule rule)
{
    for (const Hazard &h : s.hazards) {
        if (h.rule == rule)
            return &h;
    }
    return nullptr;
}

} // namespace

class TestHazardPanels : public QObject
{
    Q_OBJECT

    MigrationSet m_set = bundled();
    InteractiveSession m_session;
    ActionResult m_seeded;

    void feed(TimingPanel &panel, const ActionResult &r)
    {
        for (const StepResult &s : r.steps)
            panel.addStep(s);
        panel.addAction(r);
    }

private slots:
    void initTestCase()
    {
        auto settings = test::freshDatabase(QStringLiteral("hazardpanels"));
        QVERIFY_RESULT(settings);
        ActionResult r = m_session.connect(*settings);
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        r = m_session.setMigrationSet(m_set);
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
    }

    void sqlPanelMarksHazards()
    {
        ActionResult r = m_session.migrate(RevisionRef(QStringLiteral("005")));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        auto seed = readSeed(m_set, QStringLiteral("scale"));
        QVERIFY_RESULT(seed);
        m_seeded = m_session.seed(*seed, {{QStringLiteral("repositories"), QStringLiteral("3")}, {QStringLiteral("chunks"), QStringLiteral("7")}});
        QVERIFY2(m_seeded.ok(), qPrintable(errorText(m_seeded)));
        const TrackedPoint *now = m_seeded.state.points.latest();
        QVERIFY(now && now->point.captured);

        SqlPanel panel;
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        // Without a capture: the hazards are found (the schema replayed from the set's SQL),
        // ranked by level only.
        panel.update(&m_set, m_seeded.state.revision);
        QCOMPARE(panel.model()->nextUp(), QStringLiteral("002"));
        const int update = rowStarting(panel, QStringLiteral("UPDATE code_chunks"));
        QVERIFY(update >= 0);
        const Hazard *everyRow = findRule(panel.hazardsOf(update), HazardRule::EveryRowWrite);
        QVERIFY(everyRow);
        QCOMPARE(everyRow->rows, qint64(-1));
        QVERIFY2(panel.hazardNote().contains(QStringLiteral("level only")), qPrintable(panel.hazardNote()));

        // With the capture of the current state: ranked by the captured table sizes and indexes.
        panel.setPoints(m_seeded.state.points);
        QVERIFY2(panel.hazardNote().contains(now->label), qPrintable(panel.hazardNote()));
        const StatementHazards hazards = panel.hazardsOf(update);
        everyRow = findRule(hazards, HazardRule::EveryRowWrite);
        QVERIFY(everyRow);
        qint64 capturedChunks = -1;
        for (const TableData &t : now->point.data.tables) {
            if (t.name == QLatin1String("code_chunks"))
                capturedChunks = t.rows;
        }
        QCOMPARE(capturedChunks, qint64(21));
        QCOMPARE(everyRow->rows, capturedChunks);
        // An expensive index on code_chunks (HNSW when the server has pgvector) is named; the
        // capture says whether there is one.
        const SchemaModel model = SchemaModel::fromSnapshot(now->point.schema);
        const TableFacts *chunks = model.table(QString(), QStringLiteral("code_chunks"));
        QVERIFY(chunks);
        const Hazard *expensive = findRule(hazards, HazardRule::ExpensiveIndexWrite);
        QCOMPARE(expensive != nullptr, !chunks->expensiveIndexes().isEmpty());

        // A marker beside the UPDATE's first line, coloured by its worst level, with a tooltip
        // that explains each hazard and its safer pattern.
        const QList<MarkedEditor::Marker> markers = panel.editor()->markers();
        int marker = -1;
        for (int i = 0; i < markers.size(); ++i) {
            if (panel.editor()->document()->findBlockByNumber(markers.at(i).block).text().startsWith(QStringLiteral("UPDATE code_chunks")))
                marker = i;
        }
        QVERIFY(marker >= 0);
        HazardLevel worst = HazardLevel::Note;
        for (const Hazard &h : hazards.hazards)
            worst = std::max(worst, h.level);
        QCOMPARE(markers.at(marker).level, worst);
        QVERIFY(markers.at(marker).toolTip.contains(everyRow->explanation.toHtmlEscaped()));
        QVERIFY(markers.at(marker).toolTip.contains(everyRow->saferPattern.toHtmlEscaped()));
        // Every statement with hazards has its marker; the 9 DROP TABLEs are among them.
        int withHazards = 0, drops = 0;
        for (int i = 0; i < panel.model()->rowCount(); ++i) {
            withHazards += panel.hazardsOf(i).hazards.isEmpty() ? 0 : 1;
            drops += findRule(panel.hazardsOf(i), HazardRule::DataDeletion) && panel.model()->rows().at(i).direction == SqlStatementModel::Direction::Up ? 1 : 0;
        }
        QCOMPARE(markers.size(), withHazards);
        QCOMPARE(drops, 9);

        // Hovering the marker shows the tooltip.
        QTextCursor cursor(panel.editor()->document()->findBlockByNumber(markers.at(marker).block));
        panel.editor()->setTextCursor(cursor);
        panel.editor()->centerCursor();
        QApplication::processEvents();
        const QRect rect = panel.editor()->markerRect(marker);
        QVERIFY(!rect.isEmpty());
        QCOMPARE(panel.editor()->markerAt(rect.center()), marker);
        QHelpEvent help(QEvent::ToolTip, rect.center(), panel.editor()->margin()->mapToGlobal(rect.center()));
        QApplication::sendEvent(panel.editor()->margin(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY(QToolTip::text().contains(QStringLiteral("every-row-write")));

        // Selecting the statement shows its hazards under the table as well.
        QVERIFY(panel.showFailure(panel.model()->rows().at(update).file, panel.model()->rows().at(update).statement.line));
        auto *details = panel.findChild<QLabel *>(QStringLiteral("hazardDetails"));
        QVERIFY(details && details->isVisible());
        QVERIFY(details->text().contains(QStringLiteral("every-row-write")));
    }

    void timingPanelShowsCapturesProbesAndSlowest()
    {
        // A session of its own: baseline, seed, up, down, which completes a round trip.
        auto settings = test::freshDatabase(QStringLiteral("timingpanel"));
        QVERIFY_RESULT(settings);
        InteractiveSession session;
        TimingPanel panel;
        QVERIFY2(session.connect(*settings).ok(), "connect");
        feed(panel, session.setMigrationSet(m_set));
        feed(panel, session.setBaseline(RevisionRef(QStringLiteral("005"))));
        ActionResult r = session.applyBaseline();
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        feed(panel, r);
        auto seed = readSeed(m_set, QStringLiteral("sample"));
        QVERIFY_RESULT(seed);
        r = session.seed(*seed, {});
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        feed(panel, r);
        r = session.migrate(QStringLiteral("+1"));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        feed(panel, r);
        QCOMPARE(r.steps.size(), 1);
        const StepResult up = r.steps.first();
        r = session.migrate(QStringLiteral("-1"));
        QVERIFY2(r.ok(), qPrintable(errorText(r)));
        QVERIFY(r.completedRoundTrip);
        feed(panel, r);

        // One bar per step, per capture and per probe, in the order they ran.
        int steps = 0, captures = 0, probes = 0;
        for (const TimingBar &t : panel.bars()) {
            steps += t.kind == TimingBar::Kind::Upgrade || t.kind == TimingBar::Kind::Downgrade || t.kind == TimingBar::Kind::Seed;
            captures += t.kind == TimingBar::Kind::Capture;
            probes += t.kind == TimingBar::Kind::Probe;
        }
        QCOMPARE(steps, panel.timings().size());
        QCOMPARE(captures, int(r.state.points.points.size()));
        QCOMPARE(probes, 2);
        QCOMPARE(panel.bars().constLast().kind, TimingBar::Kind::Probe);
        QCOMPARE(panel.bars().constLast().durationMs, r.state.outcome->result.reupgradeProbe.durationMs);
        double drawn = 0;
        for (int i = 0; i < panel.plot()->plottableCount(); ++i)
            drawn += qobject_cast<QCPBars *>(panel.plot()->plottable(i))->data()->size();
        QCOMPARE(int(drawn), int(panel.bars().size()));

        // The slowest statements of the upgrade, slowest first, with their share of the step.
        QTreeWidgetItem *upItem = nullptr;
        for (int i = 0; i < panel.slowest()->topLevelItemCount(); ++i) {
            if (panel.slowest()->topLevelItem(i)->text(0).startsWith(QStringLiteral("↑002")))
                upItem = panel.slowest()->topLevelItem(i);
        }
        QVERIFY(upItem);
        QCOMPARE(upItem->childCount(), std::min<int>(5, int(up.statements.size())));
        double slowest = 0;
        for (const StatementRun &s : up.statements)
            slowest = std::max(slowest, s.durationMs);
        const double share = upItem->child(0)->data(3, Qt::UserRole).toDouble();
        QVERIFY(qAbs(share - 100.0 * slowest / up.durationMs) < 1e-6);
        for (int i = 1; i < upItem->childCount(); ++i)
            QVERIFY(upItem->child(i)->data(3, Qt::UserRole).toDouble() <= upItem->child(i - 1)->data(3, Qt::UserRole).toDouble());
        QVERIFY(share > 0 && share <= 100);

        panel.clear();
        QVERIFY(panel.bars().isEmpty());
        QCOMPARE(panel.slowest()->topLevelItemCount(), 0);
    }
};

QTEST_MAIN(TestHazardPanels)
#include "tst_hazardpanels.moc"
