// An Alembic project in the window, as it is: its graph in the timeline, every step run by the
// project's own Alembic with Alembic's output in the Log, the SQL Alembic renders in the SQL panel, and a rehearsal of the
// bundled Alembic project that passes the seed's checks.
#include "windowtest.h"

#include "core/paths.h"
#include "ui/models/lockmodel.h"
#include "ui/models/logmodel.h"
#include "ui/models/sqlstatementmodel.h"
#include "ui/models/timelinemodel.h"
#include "ui/panels/sqlpanel.h"

#include <QSettings>
#include <QTemporaryDir>

using namespace revisor;
using namespace revisor::ui;

class TestAlembicWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase()
    {
        test::keepSettingsApartAndStartServer(m_config);
    }

    void graphStepsAndTheirTool()
    {
        auto w = test::openWindow(test::sourceDir() + QStringLiteral("/tests/alembic_projects/graph"), QStringLiteral("gui_alembic_graph"));
        const MigrationSet *set = w->session()->set();
        QVERIFY(set);
        QCOMPARE(set->format(), QStringLiteral("alembic"));
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef::base()));

        // The timeline draws the branches: a lane per branch beside the ids, the merge named.
        TimelineModel *timeline = w->timelineModel();
        QCOMPARE(timeline->rowCount(), int(set->revisions().size()) + 1);
        const int rowM = timeline->rowOf(RevisionRef(QStringLiteral("m")));
        QVERIFY(rowM > 0);
        QVERIFY2(timeline->index(rowM, TimelineModel::MessageColumn).data().toString().contains(QStringLiteral("merges c1, b2")),
                 qPrintable(timeline->index(rowM, TimelineModel::MessageColumn).data().toString()));
        QStringList lanes;
        for (int row = 1; row < timeline->rowCount(); ++row)
            lanes << timeline->index(row, TimelineModel::RevisionColumn).data().toString();
        QVERIFY2(std::any_of(lanes.cbegin(), lanes.cend(), [](const QString &l) { return l.startsWith(QLatin1Char('|')); }),
                 qPrintable(lanes.join(QLatin1Char('\n'))));

        // The SQL panel shows what Alembic renders for the next step, located in that rendering.
        SqlStatementModel *sql = w->sqlPanel()->model();
        QCOMPARE(sql->nextUp(), QStringLiteral("a"));
        QVERIFY(!sql->rows().isEmpty());
        QVERIFY2(sql->rows().first().file.endsWith(QStringLiteral("a.py (rendered upgrade SQL)")), qPrintable(sql->rows().first().file));
        QVERIFY2(sql->rows().first().statement.sql.contains(QStringLiteral("CREATE TABLE")), qPrintable(sql->rows().first().statement.sql));

        // A step up is Alembic's: its output in the Log, its sampled locks in the Locks panel.
        test::trigger(w.get(), w->actions().stepUp);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef(QStringLiteral("a"))));
        bool alembicSaid = false;
        for (const LogModel::Entry &e : w->logModel()->entries())
            alembicSaid = alembicSaid || e.text.contains(QStringLiteral("Running upgrade"));
        QVERIFY(alembicSaid);
        // Any lock shown for it was sampled (a lock held for less than the 10 ms interval can be
        // missed, so their number is not asserted here; tst_alembic holds a step long enough).
        for (const LockModel::Row &r : w->lockModel()->rows())
            QVERIFY(r.lock.samplingIntervalMs > 0 || r.step != QStringLiteral("upgrade a"));
        test::trigger(w.get(), w->actions().stepDown);
        QCOMPARE(w->session()->currentRevision(), std::optional(RevisionRef::base()));
    }

    // Reading an Alembic project runs its own Alembic (history, the rendering of every step):
    // seconds that belong on the worker, never on the GUI thread.
    void openingAProjectKeepsTheWindowLive()
    {
        const QString graph = test::sourceDir() + QStringLiteral("/tests/alembic_projects/graph");
        auto w = test::openWindow(test::sourceDir() + QStringLiteral("/tests/alembic_projects/linear"), QStringLiteral("gui_alembic_open"));
        const QString linear = w->session()->set()->directory();

        w->openSet(graph);
        // Back before Alembic answered: the open set is still the old one, nothing can be
        // started on it meanwhile, and the GUI thread goes on handling events.
        QCOMPARE(w->session()->set()->directory(), linear);
        QVERIFY(w->session()->isBusy());
        QVERIFY(!w->actions().stepUp->isEnabled());
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
        ticker.start(5);
        QVERIFY(test::waitIdle(w.get()));
        QVERIFY2(ticks > 1, qPrintable(QString::number(ticks)));
        QCOMPARE(w->session()->set()->format(), QStringLiteral("alembic"));
        QVERIFY(w->session()->set()->directory() != linear);
        QCOMPARE(w->timelineModel()->rowCount(), int(w->session()->set()->revisions().size()) + 1);

        // A project Alembic cannot read: its message in the Log, and the open set stays.
        QTemporaryDir copy;
        for (const QString &f : {QStringLiteral("alembic.ini"), QStringLiteral("env.py"), QStringLiteral("script.py.mako")})
            QVERIFY(QFile::copy(graph + QLatin1Char('/') + f, copy.filePath(f)));
        QDir().mkpath(copy.filePath(QStringLiteral("versions")));
        {
            QFile bad(copy.filePath(QStringLiteral("versions/x1.py")));
            QVERIFY(bad.open(QIODevice::WriteOnly));
            bad.write("revision = 'x1'\ndown_revision = None\nraise RuntimeError('x1 cannot be read on purpose')\n");
        }
        const QString open = w->session()->set()->directory();
        QSignalSpy failed(w->session(), &SessionController::setFailed);
        w->openSet(copy.path());
        QVERIFY(test::waitIdle(w.get()));
        QCOMPARE(failed.size(), 1);
        const auto error = failed.first().first().value<Error>();
        QVERIFY2(error.message.contains(QStringLiteral("x1 cannot be read on purpose")), qPrintable(error.message));
        QCOMPARE(w->session()->set()->directory(), open);
        bool logged = false;
        for (const LogModel::Entry &e : w->logModel()->entries())
            logged = logged || e.text.contains(QStringLiteral("x1 cannot be read on purpose"));
        QVERIFY(logged);
    }

    void rehearsalOfTheBundledAlembicProject()
    {
        auto w = test::openWindow(bundledMigrationsDir() + QStringLiteral("/codebase_mcp_alembic"), QStringLiteral("gui_alembic_rehearsal"));
        QCOMPARE(w->session()->set()->format(), QStringLiteral("alembic"));
        QSignalSpy results(w->session(), &SessionController::actionFinished);
        w->runRehearsal(true);
        QVERIFY(w->session()->isBusy());
        QVERIFY(test::waitIdle(w.get(), 300000));
        QVERIFY2(test::errorsIn(results).isEmpty(), qPrintable(test::describe(test::errorsIn(results))));
        QVERIFY(w->session()->outcomeFromRehearsal());
        for (const char *id : {"V1.3", "V2.2", "V3.2", "V4.3", "V5.5", "schema.identical", "data.preserved"})
            QCOMPARE(test::checkStatus(w.get(), QString::fromLatin1(id)), QStringLiteral("pass"));
        QVERIFY(w->session()->sessionResult().passed());
        // The steps were the project's own Alembic: its output is in the Log.
        int alembicLines = 0;
        for (const LogModel::Entry &e : w->logModel()->entries())
            alembicLines += e.text.contains(QStringLiteral("Running downgrade")) ? 1 : 0;
        QVERIFY(alembicLines > 0);
    }
};

QTEST_MAIN(TestAlembicWindow)
#include "tst_alembicwindow.moc"
