// The GUI's item models over the engine's value types (QAbstractItemModelTester on each),
// the SQL scanner behind the highlighter, the timing chart builder and the profile store.
#include "ui/session/connectionprofile.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "migrations/migrationset.h"
#include "ui/widgets/sqlhighlighter.h"
#include "ui/widgets/sqlscanner.h"
#include "ui/models/sqlstatementmodel.h"
#include "testserver.h"
#include "ui/models/timelinemodel.h"
#include "ui/widgets/timingchart.h"

#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace revisor;
using namespace revisor::ui;

class TestGuiModels : public QObject
{
    Q_OBJECT

    MigrationSet bundled()
    {
        auto set = MigrationSet::load(test::sourceDir() + QStringLiteral("/migrations/codebase_mcp"));
        if (!set)
            qFatal("%s", qPrintable(set.error().toString()));
        return *set;
    }

private slots:
    void timelineModel()
    {
        const MigrationSet set = bundled();
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setMigrationSet(&set);
        QCOMPARE(model.rowCount(), int(set.revisions().size()) + 1);
        QCOMPARE(model.index(0, TimelineModel::RevisionColumn).data().toString(), QStringLiteral("base"));
        QCOMPARE(model.revisionAt(1).id(), QStringLiteral("001"));
        QCOMPARE(model.index(0, TimelineModel::StateColumn).data().toString(), QString());

        model.setCurrentRevision(RevisionRef(QStringLiteral("005")));
        const int row005 = model.rowOf(RevisionRef(QStringLiteral("005")));
        QCOMPARE(row005, 5);
        QCOMPARE(model.index(row005, TimelineModel::StateColumn).data().toString(), QStringLiteral("current"));
        QVERIFY(model.index(row005, 0).data(TimelineModel::CurrentRole).toBool());
        QVERIFY(model.index(2, 0).data(TimelineModel::AppliedRole).toBool());
        QCOMPARE(model.index(row005 + 1, TimelineModel::StateColumn).data().toString(), QStringLiteral("pending"));
        QVERIFY(!model.index(row005 + 1, 0).data(TimelineModel::AppliedRole).toBool());

        model.setCurrentRevision(RevisionRef::base());
        QCOMPARE(model.index(0, TimelineModel::StateColumn).data().toString(), QStringLiteral("current (empty)"));
        model.clearCurrentRevision();
        model.setMigrationSet(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void logModel()
    {
        LogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addStep(QStringLiteral("upgrade to 002"));
        StatementRun run;
        run.sql = QStringLiteral("ALTER TABLE t\n  ADD COLUMN c int");
        run.file = QStringLiteral("/x/002.sql");
        run.line = 12;
        run.durationMs = 3.25;
        run.notices << Notice{QStringLiteral("NOTICE"), QStringLiteral("relation exists, skipping"), QStringLiteral("42P07"), {}};
        model.addStatement(run);
        Error e = Error::database(QStringLiteral("boom"), QStringLiteral("42601"));
        e.file = QStringLiteral("/x/002.sql");
        e.line = 14;
        model.addError(e);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.count(LogModel::Kind::Statement), 1);
        QCOMPARE(model.count(LogModel::Kind::Notice), 1);
        QCOMPARE(model.index(1, LogModel::LocationColumn).data().toString(), QStringLiteral("002.sql:12"));
        QCOMPARE(model.index(1, LogModel::DurationColumn).data().toString(), QStringLiteral("3.25 ms"));
        QCOMPARE(model.index(1, LogModel::TextColumn).data().toString(), QStringLiteral("ALTER TABLE t ADD COLUMN c int"));
        QVERIFY(model.index(2, LogModel::TextColumn).data().toString().contains(QStringLiteral("skipping")));
        QVERIFY(model.index(2, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(3, LogModel::LocationColumn).data().toString(), QStringLiteral("002.sql:14"));
        QVERIFY(model.index(3, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(3, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("SQLSTATE 42601")));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void lockModel()
    {
        LockModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        StepResult step;
        step.kind = StepResult::Kind::Downgrade;
        step.revision = QStringLiteral("002");
        model.addStep(step);  // no locks: no rows
        QCOMPARE(model.rowCount(), 0);
        step.locks << LockInfo{QStringLiteral("public.repositories"), QStringLiteral("table"), QStringLiteral("AccessExclusiveLock")}
                   << LockInfo{QStringLiteral("public.code_chunks"), QStringLiteral("table"), QStringLiteral("RowExclusiveLock")};
        step.locks << LockInfo{QStringLiteral("public.repositories"), QStringLiteral("table"), QStringLiteral("RowExclusiveLock")};
        model.addStep(step);
        // One row per relation, its modes strongest first.
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, LockModel::ModeColumn).data().toString(), QStringLiteral("AccessExclusiveLock, RowExclusiveLock"));
        QCOMPARE(model.exclusiveCount(), 1);
        QCOMPARE(model.index(0, LockModel::StepColumn).data().toString(), QStringLiteral("downgrade 002"));
        QVERIFY(model.index(0, 0).data(LockModel::ExclusiveRole).toBool());
        QVERIFY(model.index(0, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(1, 0).data(Qt::BackgroundRole).isValid());
        // The round trip's steps come first.
        StepResult baseline;
        baseline.kind = StepResult::Kind::Upgrade;
        baseline.revision = QStringLiteral("001");
        baseline.locks << LockInfo{QStringLiteral("public.t"), QStringLiteral("table"), QStringLiteral("AccessExclusiveLock")};
        model.addStep(baseline);
        QCOMPARE(model.index(2, LockModel::StepColumn).data().toString(), QStringLiteral("upgrade 001"));
        model.setRoundTripSteps({QStringLiteral("upgrade 001")});
        QCOMPARE(model.index(0, LockModel::StepColumn).data().toString(), QStringLiteral("upgrade 001"));
        QCOMPARE(model.index(1, LockModel::StepColumn).data().toString(), QStringLiteral("downgrade 002"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void sqlStatementModel()
    {
        const MigrationSet set = bundled();
        SqlStatementModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update(&set, RevisionRef(QStringLiteral("005")));
        QCOMPARE(model.nextUp(), QStringLiteral("002"));
        QCOMPARE(model.nextDown(), QStringLiteral("005"));
        QVERIFY(model.upProblem().isEmpty());
        bool up = false, down = false;
        for (const auto &r : model.rows()) {
            up |= r.direction == SqlStatementModel::Direction::Up;
            down |= r.direction == SqlStatementModel::Direction::Down;
            QVERIFY(r.statement.line > 0);
        }
        QVERIFY(up && down);
        QVERIFY(model.index(0, SqlStatementModel::LocationColumn).data().toString().startsWith(QStringLiteral("002_")));
        model.update(&set, set.head());
        QVERIFY(model.nextUp().isEmpty());
        model.update(&set, RevisionRef::base());
        QVERIFY(model.nextDown().isEmpty());
        QCOMPARE(model.nextUp(), QStringLiteral("001"));
        model.update(&set, std::nullopt);
        QCOMPARE(model.rowCount(), 0);
    }

    void scanner()
    {
        const QString sql = QStringLiteral("-- a comment\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 'x' $$ LANGUAGE sql;\n"
                                           "SELECT \"Ünïcode\", 42, 'it''s', $1 FROM t");
        const QList<SqlToken> tokens = scanSql(sql);
        auto textOf = [&](SqlTokenClass cls) {
            QStringList out;
            for (const SqlToken &t : tokens) {
                if (t.cls == cls)
                    out << sql.mid(t.start, t.length);
            }
            return out;
        };
        QVERIFY(textOf(SqlTokenClass::Keyword).contains(QStringLiteral("CREATE")));
        QVERIFY(textOf(SqlTokenClass::Keyword).contains(QStringLiteral("FROM")));
        QCOMPARE(textOf(SqlTokenClass::Comment), QStringList{QStringLiteral("-- a comment")});
        QVERIFY(textOf(SqlTokenClass::String).contains(QStringLiteral("$$ SELECT 'x' $$")));
        QVERIFY(textOf(SqlTokenClass::String).contains(QStringLiteral("'it''s'")));
        QCOMPARE(textOf(SqlTokenClass::Number), QStringList{QStringLiteral("42")});
        // Byte offsets past non-ASCII text still land on the right characters.
        QCOMPARE(textOf(SqlTokenClass::QuotedIdentifier), QStringList{QStringLiteral("\"Ünïcode\"")});
        QCOMPARE(textOf(SqlTokenClass::Parameter), QStringList{QStringLiteral("$1")});
        QVERIFY(scanSql(QStringLiteral("SELECT 'unterminated")).isEmpty());
    }

    void highlighterColoursAcrossLines()
    {
        QTextDocument doc(QStringLiteral("CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1\n$$ LANGUAGE sql"));
        SqlHighlighter highlighter(&doc);
        highlighter.rescan();
        // The middle line sits inside the dollar-quoted string: coloured as a string.
        const QTextBlock middle = doc.findBlockByNumber(1);
        QVERIFY(!middle.layout()->formats().isEmpty());
    }

    void timingChart()
    {
        QCustomPlot plot;
        const QList<TimingBar> steps{{TimingBar::Kind::Upgrade, QStringLiteral("↑005"), 20.0, false},
                                      {TimingBar::Kind::Seed, QStringLiteral("seed"), 5.0, false},
                                      {TimingBar::Kind::Upgrade, QStringLiteral("↑002"), 40.0, false},
                                      {TimingBar::Kind::Downgrade, QStringLiteral("↓002"), 30.0, false},
                                      {TimingBar::Kind::Capture, QStringLiteral("capture 002"), 12.0, false},
                                      {TimingBar::Kind::Downgrade, QStringLiteral("↓005"), 0.0, true},
                                      {TimingBar::Kind::Probe, QStringLiteral("probe down"), 8.0, false}};
        buildStepTimingChart(&plot, steps, 30000);
        QCOMPARE(plot.plottableCount(), 6);  // upgrade, downgrade, seed, capture, probe, failed
        int bars = 0;
        for (int i = 0; i < plot.plottableCount(); ++i)
            bars += qobject_cast<QCPBars *>(plot.plottable(i))->data()->size();
        QCOMPARE(bars, 7);
        // Captures and probes: series of their own, in the report chart's colours and named in
        // the legend.
        for (TimingBar::Kind kind : {TimingBar::Kind::Capture, TimingBar::Kind::Probe, TimingBar::Kind::Upgrade}) {
            QCPBars *series = nullptr;
            for (int i = 0; i < plot.plottableCount(); ++i) {
                if (plot.plottable(i)->name() == timingBarKindName(kind))
                    series = qobject_cast<QCPBars *>(plot.plottable(i));
            }
            QVERIFY(series);
            QCOMPARE(series->brush().color(), timingBarColor(kind));
            QCOMPARE(series->data()->size(), kind == TimingBar::Kind::Upgrade ? 2 : 1);
            QVERIFY(plot.legend->hasItemWithPlottable(series));
        }
        QVERIFY(plot.yAxis->range().upper > 30000);
        QCOMPARE(plot.itemCount(), 2);  // budget line and its label
        buildStepTimingChart(&plot, {}, 30000);
        QCOMPARE(plot.plottableCount(), 6);
        QVERIFY(!plot.toPixmap(400, 300).isNull());
    }

    void profiles()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("test.conf")), QSettings::IniFormat);
        ConnectionProfile p;
        p.name = QStringLiteral("prod/replica");
        p.conninfo = QStringLiteral("postgresql://alice:secret@db.example:5433/app?sslmode=require");
        p.user = QStringLiteral("bob");
        saveProfile(settings, p);
        QCOMPARE(profileNames(settings), QStringList{p.name});
        const ConnectionProfile back = loadProfile(settings, p.name);
        QVERIFY(!back.conninfo.contains(QStringLiteral("secret")));  // never in the settings file
        QFile file(dir.filePath(QStringLiteral("test.conf")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("secret"));
        auto s = back.settings(QStringLiteral("pw"));
        QVERIFY(s.has_value());
        QCOMPARE(s->value(QStringLiteral("user")), QStringLiteral("bob"));
        QCOMPARE(s->value(QStringLiteral("host")), QStringLiteral("db.example"));
        QCOMPARE(s->value(QStringLiteral("sslmode")), QStringLiteral("require"));
        QCOMPARE(s->value(QStringLiteral("password")), QStringLiteral("pw"));
        removeProfile(settings, p.name);
        QVERIFY(profileNames(settings).isEmpty());
        QVERIFY(needsPassword(Error::database(QStringLiteral("fe_sendauth: no password supplied"))));
    }
};

QTEST_MAIN(TestGuiModels)
#include "tst_guimodels.moc"
