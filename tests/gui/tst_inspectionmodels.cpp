// The inspection panels' item models (schema tree, diff tree, data comparison, checks) over
// hand-built engine values, each under QAbstractItemModelTester, and the check details dialog.
#include "ui/models/inspectionmodels.h"
#include "builders.h"
#include "ui/panels/inspectionpanels.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTest>

using namespace revisor;
using namespace revisor::ui;

namespace {

Table table(const QString &name, const QStringList &columns)
{
    Table t;
    t.schema = QStringLiteral("public");
    t.name = name;
    t.kind = QStringLiteral("table");
    int position = 0;
    for (const QString &c : columns) {
        Column col;
        col.name = c;
        col.position = ++position;
        col.type = QStringLiteral("integer");
        col.notNull = c == QLatin1String("id");
        t.columns << col;
    }
    return t;
}

Snapshot snapshot(bool upgraded)
{
    Snapshot s;
    s.schemas << SchemaInfo{QStringLiteral("public"), QStringLiteral("postgres"), {}, {}};
    Table repositories = table(QStringLiteral("repositories"), {QStringLiteral("id"), QStringLiteral("path")});
    Constraint pk;
    pk.name = QStringLiteral("repositories_pkey");
    pk.type = QStringLiteral("primary key");
    pk.definition = QStringLiteral("PRIMARY KEY (id)");
    repositories.constraints << pk;
    Index pkIndex;
    pkIndex.name = QStringLiteral("repositories_pkey");
    pkIndex.primary = pkIndex.unique = true;
    pkIndex.definition = QStringLiteral("CREATE UNIQUE INDEX repositories_pkey ON public.repositories USING btree (id)");
    repositories.indexes << pkIndex;
    if (upgraded) {
        Column c;
        c.name = QStringLiteral("project_id");
        c.position = 3;
        c.type = QStringLiteral("character varying(50)");
        c.defaultExpr = QStringLiteral("'default'::character varying");
        repositories.columns << c;
        Constraint check;
        check.name = QStringLiteral("repositories_project_id_check");
        check.type = QStringLiteral("check");
        check.definition = QStringLiteral("CHECK (project_id ~ '^[a-z0-9-]{1,50}$')");
        repositories.constraints << check;
    } else {
        s.tables << table(QStringLiteral("tasks"), {QStringLiteral("id")});
    }
    s.tables << repositories;
    Table view = table(QStringLiteral("repo_paths"), {QStringLiteral("path")});
    view.kind = QStringLiteral("view");
    view.viewDefinition = QStringLiteral(" SELECT repositories.path\n   FROM repositories;");
    s.tables << view;
    Sequence seq;
    seq.schema = QStringLiteral("public");
    seq.name = QStringLiteral("repositories_id_seq");
    seq.type = QStringLiteral("integer");
    seq.ownedBy = QStringLiteral("public.repositories.id");
    s.sequences << seq;
    s.functions << test::triggerFunction(QStringLiteral("touch"));
    s.extensions << Extension{QStringLiteral("plpgsql"), QStringLiteral("1.0"), QStringLiteral("pg_catalog")};
    return s;
}

} // namespace

class TestInspectionModels : public QObject
{
    Q_OBJECT

private slots:
    void schemaTree()
    {
        SchemaTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setSnapshot(snapshot(true));
        QCOMPARE(model.rowCount(), 2);  // public, Extensions
        const QModelIndex pub = model.index(0, 0);
        QCOMPARE(pub.data().toString(), QStringLiteral("public"));
        QCOMPARE(model.rowCount(pub), 4);  // Tables, Views, Sequences, Functions
        QCOMPARE(model.index(0, 0, pub).data().toString(), QStringLiteral("Tables (1)"));
        const QModelIndex column = model.findKey(QStringLiteral("public.repositories.project_id"));
        QVERIFY(column.isValid());
        QCOMPARE(column.siblingAtColumn(SchemaTreeModel::KindColumn).data().toString(), QStringLiteral("column"));
        QVERIFY(column.siblingAtColumn(SchemaTreeModel::DefinitionColumn).data().toString()
                    .startsWith(QStringLiteral("character varying(50) DEFAULT")));
        const QModelIndex check = model.findKey(QStringLiteral("public.repositories.repositories_project_id_check"));
        QCOMPARE(check.siblingAtColumn(SchemaTreeModel::KindColumn).data().toString(), QStringLiteral("check constraint"));
        QCOMPARE(model.findKey(QStringLiteral("public.repositories")).parent().data().toString(), QStringLiteral("Tables (1)"));
        QVERIFY(model.findKey(QStringLiteral("public.repo_paths")).siblingAtColumn(2).data().toString().contains(QStringLiteral("FROM repositories")));
        model.setSnapshot(snapshot(false));
        QVERIFY(model.findKey(QStringLiteral("public.tasks")).isValid());
        QVERIFY(!model.findKey(QStringLiteral("public.repositories.project_id")).isValid());
        model.setSnapshot({});
        QCOMPARE(model.rowCount(), 0);
    }

    void diffTree()
    {
        DiffTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const SchemaDiff diff = diffSnapshots(snapshot(false), snapshot(true));
        QVERIFY(!diff.isEmpty());
        model.setDiff(diff);
        QStringList groups;
        for (int r = 0; r < model.rowCount(); ++r)
            groups << model.index(r, 0).data().toString();
        QCOMPARE(groups, (QStringList{"table (1)", "column (1)", "constraint (1)"}));
        QCOMPARE(model.index(0, DiffTreeModel::ChangeColumn).data().toString(), QStringLiteral("1 removed"));
        const QModelIndex removed = model.index(0, 0, model.index(0, 0));
        QCOMPARE(removed.data().toString(), QStringLiteral("public.tasks"));
        QCOMPARE(removed.siblingAtColumn(DiffTreeModel::ChangeColumn).data().toString(), QStringLiteral("removed"));
        QVERIFY(removed.data(Qt::BackgroundRole).value<QColor>().isValid());
        const QModelIndex added = model.index(0, 0, model.index(1, 0));
        QCOMPARE(added.data().toString(), QStringLiteral("public.repositories.project_id"));
        QVERIFY(added.data(Qt::BackgroundRole).value<QColor>() != removed.data(Qt::BackgroundRole).value<QColor>());
        // A changed attribute has before and after.
        Snapshot changed = snapshot(false);
        changed.tables[1].columns[1].type = QStringLiteral("text");
        model.setDiff(diffSnapshots(snapshot(false), changed));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex entry = model.index(0, 0, model.index(0, 0));
        QCOMPARE(entry.siblingAtColumn(DiffTreeModel::AttributeColumn).data().toString(), QStringLiteral("type"));
        QCOMPARE(entry.siblingAtColumn(DiffTreeModel::BeforeColumn).data().toString(), QStringLiteral("integer"));
        QCOMPARE(entry.siblingAtColumn(DiffTreeModel::AfterColumn).data().toString(), QStringLiteral("text"));
        model.setDiff({});
        QCOMPARE(model.rowCount(), 0);
    }

    void dataComparison()
    {
        DataComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList cols{QStringLiteral("id"), QStringLiteral("path")};
        const QStringList pk{QStringLiteral("id")};
        DataCapture before, after;
        before.tables << TableData::fromValues("public", "code_chunks", cols, pk, {{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}})
                      << TableData::fromValues("public", "repositories", cols, pk, {{"1", "/x"}, {"2", "/y"}})
                      << TableData::fromValues("public", "tasks", cols, pk, {});
        after.tables << TableData::fromValues("public", "code_chunks", cols, pk, {{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}})
                     << TableData::fromValues("public", "repositories", cols, pk, {{"1", "/x"}, {"2", "/changed"}, {"3", "/new"}});
        model.setComparisons(compareCaptures(before, after));
        QCOMPARE(model.rowCount(), 3);
        const QModelIndex chunks = model.findKey(QStringLiteral("public.code_chunks"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::BeforeColumn).data().toString(), QStringLiteral("4"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::AfterColumn).data().toString(), QStringLiteral("4"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::DeltaColumn).data().toString(), QStringLiteral("0"));
        QCOMPARE(chunks.siblingAtColumn(DataComparisonModel::MatchColumn).data().toString(), QStringLiteral("match"));
        const QModelIndex repos = model.findKey(QStringLiteral("public.repositories"));
        QCOMPARE(repos.siblingAtColumn(DataComparisonModel::DeltaColumn).data().toString(), QStringLiteral("+1"));
        QCOMPARE(repos.siblingAtColumn(DataComparisonModel::MatchColumn).data().toString(), QStringLiteral("differs"));
        QCOMPARE(model.rowCount(repos), 2);  // id=2 changed, id=3 added
        QCOMPARE(model.index(0, 0, repos).data().toString(), QStringLiteral("id=2"));
        QCOMPARE(model.index(0, DataComparisonModel::MatchColumn, repos).data().toString(), QStringLiteral("changed"));
        QCOMPARE(model.index(0, DataComparisonModel::DetailColumn, repos).data().toString(), QStringLiteral("columns: path"));
        const QModelIndex tasks = model.findKey(QStringLiteral("public.tasks"));
        QCOMPARE(tasks.siblingAtColumn(DataComparisonModel::MatchColumn).data().toString(), QStringLiteral("removed"));
        QCOMPARE(tasks.siblingAtColumn(DataComparisonModel::AfterColumn).data().toString(), QStringLiteral("—"));
    }

    void checksFailingFirst()
    {
        ChecksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CheckResult pass{QStringLiteral("V1.3"), QStringLiteral("columns removed"), CheckResult::Status::Pass, QStringLiteral("ok"), {}, QStringLiteral("x.json")};
        CheckResult fail{QStringLiteral("schema.identical"), QStringLiteral("schema identical"), CheckResult::Status::Fail,
                         QStringLiteral("1 difference(s):\n+ index public.repositories.extra_idx"), {QStringLiteral("public.repositories.extra_idx")},
                         QStringLiteral("generic")};
        CheckResult warn{QStringLiteral("data.loss-ledger"), QStringLiteral("ledger"), CheckResult::Status::Warn, QStringLiteral("declared"), {}, QStringLiteral("generic")};
        model.setChecks({pass, warn, fail});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, ChecksModel::IdColumn).data().toString(), QStringLiteral("schema.identical"));
        QCOMPARE(model.index(0, ChecksModel::StatusColumn).data().toString(), QStringLiteral("fail"));
        QCOMPARE(model.index(0, ChecksModel::DetailColumn).data().toString(), QStringLiteral("1 difference(s): …"));
        QVERIFY(!model.index(0, ChecksModel::StatusColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(1, ChecksModel::IdColumn).data().toString(), QStringLiteral("data.loss-ledger"));
        QCOMPARE(model.rowOf(QStringLiteral("V1.3")), 2);

        std::unique_ptr<QDialog> dialog(ChecksPanel::detailsDialog(fail));
        auto *objects = dialog->findChild<QListWidget *>(QStringLiteral("objects"));
        QVERIFY(objects);
        QCOMPARE(objects->count(), 1);
        QCOMPARE(objects->item(0)->text(), QStringLiteral("public.repositories.extra_idx"));
        QVERIFY(dialog->findChild<QPlainTextEdit *>(QStringLiteral("detail"))->toPlainText().contains(QStringLiteral("extra_idx")));
        model.setChecks({});
        QCOMPARE(model.rowCount(), 0);
    }

    void diffPanelChoosesPoints()
    {
        SessionPoints points;
        InspectionPoint base, up, down;
        base.revision = down.revision = RevisionRef(QStringLiteral("005"));
        up.revision = RevisionRef(QStringLiteral("002"));
        base.schema = down.schema = snapshot(false);
        up.schema = snapshot(true);
        DiffPanel panel;
        QVERIFY(panel.isShowingEmptyState());
        points.points << TrackedPoint{QStringLiteral("after seed sample (005)"), base};
        panel.setPoints(points);
        QVERIFY(panel.isShowingEmptyState());  // one capture: nothing to compare
        points.points << TrackedPoint{QStringLiteral("after step up (002)"), up};
        points.baseline = 0;
        points.baselineFixed = true;
        points.upgraded = 1;
        panel.setPoints(points);
        QVERIFY(!panel.isShowingEmptyState());
        QVERIFY(!panel.isShowingNoDifferences());
        QCOMPARE(panel.model()->rowCount(), 3);
        QCOMPARE(panel.toBox()->currentText(), QStringLiteral("2. after step up (002) — upgraded"));
        points.points << TrackedPoint{QStringLiteral("after step down (005)"), down};
        points.rolledBack = 2;
        panel.setPoints(points);
        // The round trip just completed: baseline vs rollback, and it is empty.
        QCOMPARE(panel.fromBox()->currentIndex(), 0);
        QCOMPARE(panel.toBox()->currentIndex(), 2);
        QVERIFY(panel.isShowingNoDifferences());
        QVERIFY2(panel.summary().contains(QStringLiteral("No differences")), qPrintable(panel.summary()));
        panel.showLastStep();
        QCOMPARE(panel.model()->rowCount(), 3);
        QVERIFY(panel.showBaselineVsRollback());
        QCOMPARE(panel.model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestInspectionModels)
#include "tst_inspectionmodels.moc"
