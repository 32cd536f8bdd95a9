#include "ui/models/inspectionmodels.h"

#include "ui/widgets/uicolors.h"

#include <QPainter>
#include <QPixmap>

namespace revisor::ui {

namespace {

using Node = NodeTreeModel::Node;

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl) + QStringLiteral(" …");
}

QString oneLine(QString text)
{
    return text.replace(QLatin1Char('\n'), QLatin1Char(' ')).simplified();
}

Node *group(Node *parent, const QString &title, qsizetype count)
{
    Node *g = parent->add({QStringLiteral("%1 (%2)").arg(title).arg(count)});
    g->bold = true;
    return g;
}

void addTable(Node *parent, const Table &t)
{
    const QString q = t.qualifiedName();
    QString definition = t.kind == QLatin1String("view") || t.kind == QLatin1String("materialized view")
                             ? oneLine(t.viewDefinition)
                             : QObject::tr("%n column(s)", nullptr, int(t.columns.size()));
    if (!t.comment.isEmpty())
        definition += QStringLiteral(" — %1").arg(t.comment);
    Node *n = parent->add({t.name, t.kind, definition}, q);
    for (const Column &c : t.columns) {
        QStringList attrs{c.type};
        if (c.notNull)
            attrs << QStringLiteral("NOT NULL");
        if (!c.defaultExpr.isEmpty())
            attrs << QStringLiteral("DEFAULT %1").arg(c.defaultExpr);
        if (!c.identity.isEmpty())
            attrs << QStringLiteral("GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
        if (!c.generated.isEmpty())
            attrs << QStringLiteral("GENERATED ALWAYS AS (%1) STORED").arg(c.generated);
        if (!c.collation.isEmpty())
            attrs << QStringLiteral("COLLATE %1").arg(c.collation);
        n->add({c.name, QObject::tr("column"), attrs.join(QLatin1Char(' '))}, q + QLatin1Char('.') + c.name);
    }
    for (const Constraint &c : t.constraints)
        n->add({c.name, QObject::tr("%1 constraint").arg(c.type), c.definition + (c.validated ? QString() : QStringLiteral(" NOT VALID"))},
               q + QLatin1Char('.') + c.name);
    for (const Index &i : t.indexes)
        n->add({i.name, i.primary ? QObject::tr("primary key index") : i.unique ? QObject::tr("unique index") : QObject::tr("index"),
                i.definition + (i.valid ? QString() : QObject::tr(" (INVALID)"))},
               q + QLatin1Char('.') + i.name);
    for (const Trigger &tr : t.triggers)
        n->add({tr.name, QObject::tr("trigger"), tr.definition}, q + QLatin1Char('.') + tr.name);
    for (const Policy &p : t.policies) {
        QString def = QStringLiteral("FOR %1 TO %2").arg(p.command.toUpper(), p.roles.join(QStringLiteral(", ")));
        if (!p.usingExpr.isEmpty())
            def += QStringLiteral(" USING (%1)").arg(p.usingExpr);
        if (!p.checkExpr.isEmpty())
            def += QStringLiteral(" WITH CHECK (%1)").arg(p.checkExpr);
        n->add({p.name, QObject::tr("policy"), def}, q + QLatin1Char('.') + p.name);
    }
}

} // namespace

SchemaTreeModel::SchemaTreeModel(QObject *parent)
    : NodeTreeModel({tr("Name"), tr("Kind"), tr("Type / definition")}, parent)
{
}

void SchemaTreeModel::setSnapshot(const Snapshot &snapshot)
{
    m_snapshot = snapshot;
    auto root = std::make_unique<Node>();
    QStringList schemas;
    for (const SchemaInfo &s : snapshot.schemas)
        schemas << s.name;
    // Objects may name a schema the schema list lacks (hand-made snapshots): show them too.
    for (const Table &t : snapshot.tables) {
        if (!schemas.contains(t.schema))
            schemas << t.schema;
    }
    for (const QString &schema : schemas) {
        QList<const Table *> tables, views;
        for (const Table &t : snapshot.tables) {
            if (t.schema == schema)
                (t.kind.contains(QLatin1String("view")) ? views : tables) << &t;
        }
        QList<const Sequence *> sequences;
        for (const Sequence &s : snapshot.sequences) {
            if (s.schema == schema)
                sequences << &s;
        }
        QList<const Function *> functions;
        for (const Function &f : snapshot.functions) {
            if (f.schema == schema)
                functions << &f;
        }
        QList<const TypeDef *> types;
        for (const TypeDef &t : snapshot.types) {
            if (t.schema == schema)
                types << &t;
        }
        Node *s = root->add({schema, tr("schema"),
                             tr("tables: %1, views: %2, sequences: %3, functions: %4, types: %5")
                                 .arg(tables.size()).arg(views.size()).arg(sequences.size()).arg(functions.size()).arg(types.size())},
                            displayIdent(schema));
        s->bold = true;
        if (!tables.isEmpty()) {
            Node *g = group(s, tr("Tables"), tables.size());
            for (const Table *t : tables)
                addTable(g, *t);
        }
        if (!views.isEmpty()) {
            Node *g = group(s, tr("Views"), views.size());
            for (const Table *t : views)
                addTable(g, *t);
        }
        if (!sequences.isEmpty()) {
            Node *g = group(s, tr("Sequences"), sequences.size());
            for (const Sequence *q : sequences) {
                QString def = QStringLiteral("%1 START %2 INCREMENT %3").arg(q->type, q->start, q->increment);
                if (!q->ownedBy.isEmpty())
                    def += tr(" OWNED BY %1").arg(q->ownedBy);
                g->add({q->name, tr("sequence"), def}, q->qualifiedName());
            }
        }
        if (!functions.isEmpty()) {
            Node *g = group(s, tr("Functions"), functions.size());
            for (const Function *f : functions) {
                Node *n = g->add({QStringLiteral("%1(%2)").arg(f->name, f->arguments), f->kind,
                                  QStringLiteral("RETURNS %1 LANGUAGE %2").arg(f->result, f->language)},
                                 f->qualifiedName());
                n->toolTip = f->definition;
            }
        }
        if (!types.isEmpty()) {
            Node *g = group(s, tr("Types"), types.size());
            for (const TypeDef *t : types) {
                const QString def = t->kind == QLatin1String("domain") ? t->baseType : t->elements.join(QStringLiteral(", "));
                g->add({t->name, t->kind, def}, t->qualifiedName());
            }
        }
    }
    if (!snapshot.extensions.isEmpty()) {
        Node *g = group(root.get(), tr("Extensions"), snapshot.extensions.size());
        for (const Extension &e : snapshot.extensions)
            g->add({e.name, tr("extension"), tr("version %1 in schema %2").arg(e.version, e.schema)}, e.name);
    }
    setRoot(std::move(root));
}

DiffTreeModel::DiffTreeModel(QObject *parent)
    : NodeTreeModel({tr("Object"), tr("Change"), tr("Attribute"), tr("Before"), tr("After"), tr("Cause")}, parent)
{
}

QString DiffTreeModel::keyOf(const DiffEntry &entry)
{
    return QStringLiteral("%1:%2:%3").arg(entry.objectKind, entry.name, entry.attribute);
}

QList<DiffCause> DiffTreeModel::causesAt(const QModelIndex &index) const
{
    return m_causes.value(index.siblingAtColumn(0).data(KeyRole).toString());
}

void DiffTreeModel::setDiff(const SchemaDiff &diff, const QList<QList<DiffCause>> &causes)
{
    m_diff = diff;
    m_causes.clear();
    auto root = std::make_unique<Node>();
    // Entries come sorted by kind: one group per run of the same kind.
    Node *current = nullptr;
    QString kind;
    QList<Node *> groups;
    for (const DiffEntry &e : diff.entries) {
        if (!current || e.objectKind != kind) {
            kind = e.objectKind;
            current = root->add({kind}, kind);
            current->bold = true;
            groups << current;
        }
        const QList<DiffCause> entryCauses = causes.value(&e - diff.entries.constData());
        QStringList causeTexts;
        for (const DiffCause &c : entryCauses)
            causeTexts << c.text();
        Node *n = current->add({e.name, DiffEntry::changeName(e.change), e.attribute, oneLine(e.before), oneLine(e.after),
                                causeTexts.join(QStringLiteral("; "))},
                               keyOf(e));
        n->toolTip = e.toText();
        if (!entryCauses.isEmpty()) {
            m_causes.insert(keyOf(e), entryCauses);
            QStringList statements;
            for (const DiffCause &c : entryCauses)
                statements << QStringLiteral("%1\n    %2").arg(c.text(), c.statement);
            n->toolTip += tr("\n\nStatements of the round trip that touch it (double-click opens the first):\n") + statements.join(QLatin1Char('\n'));
        }
        switch (e.change) {
        case DiffEntry::Change::Added:
            n->background = colors::addedBackground();
            break;
        case DiffEntry::Change::Removed:
            n->background = colors::removedBackground();
            break;
        case DiffEntry::Change::Changed:
            n->background = colors::changedBackground();
            break;
        }
    }
    for (Node *g : groups) {
        int added = 0, removed = 0, changed = 0;
        for (const auto &c : g->children) {
            const QString &change = c->texts.value(ChangeColumn);
            (change == QLatin1String("added") ? added : change == QLatin1String("removed") ? removed : changed)++;
        }
        QStringList parts;
        if (added)
            parts << tr("%1 added").arg(added);
        if (removed)
            parts << tr("%1 removed").arg(removed);
        if (changed)
            parts << tr("%1 changed").arg(changed);
        g->texts = QStringList{QStringLiteral("%1 (%2)").arg(g->texts.first()).arg(g->children.size()), parts.join(QStringLiteral(", "))};
    }
    setRoot(std::move(root));
}

DataComparisonModel::DataComparisonModel(QObject *parent)
    : NodeTreeModel({tr("Table"), tr("Baseline rows"), tr("Latest rows"), tr("Delta"), tr("Content"), tr("Fingerprint / changed columns")}, parent)
{
    for (int c : {BeforeColumn, AfterColumn, DeltaColumn})
        setRightAligned(c);
}

QString DataComparisonModel::matchText(const TableComparison &t)
{
    if (!t.presentBefore())
        return tr("added");
    if (!t.presentAfter())
        return tr("removed");
    if (t.matches())
        return tr("match");
    if (!t.comparable)
        return tr("not comparable");
    return tr("differs");
}

void DataComparisonModel::setComparisons(const QList<TableComparison> &tables)
{
    m_tables = tables;
    auto root = std::make_unique<Node>();
    for (const TableComparison &t : tables) {
        const QString before = t.presentBefore() ? QString::number(t.rowsBefore) : QStringLiteral("—");
        const QString after = t.presentAfter() ? QString::number(t.rowsAfter) : QStringLiteral("—");
        QString delta;
        if (t.presentBefore() && t.presentAfter()) {
            const qint64 d = t.rowsAfter - t.rowsBefore;
            delta = d == 0 ? QStringLiteral("0") : QStringLiteral("%1%2").arg(d > 0 ? QStringLiteral("+") : QString()).arg(d);
        }
        QString detail;
        if (t.presentBefore() && t.presentAfter() && t.fingerprintBefore == t.fingerprintAfter)
            detail = t.fingerprintBefore;
        else if (t.presentBefore() || t.presentAfter())
            detail = QStringLiteral("%1 → %2").arg(t.fingerprintBefore.isEmpty() ? QStringLiteral("—") : t.fingerprintBefore,
                                                  t.fingerprintAfter.isEmpty() ? QStringLiteral("—") : t.fingerprintAfter);
        if (!t.note.isEmpty())
            detail += QStringLiteral(" (%1)").arg(t.note);
        if (!t.columnsOnlyBefore.isEmpty() || !t.columnsOnlyAfter.isEmpty())
            detail += tr("; compared over %1 common column(s)").arg(t.comparedColumns.size());
        const QString match = matchText(t);
        Node *n = root->add({t.table, before, after, delta, match, detail}, t.table);
        n->toolTip = t.describe();
        if (match == QLatin1String("differs") || match == QLatin1String("removed")) {
            n->background = colors::removedBackground();
        } else if (match == QLatin1String("added")) {
            n->background = colors::addedBackground();
        } else if (match == QLatin1String("not comparable")) {
            n->background = colors::changedBackground();
        }
        for (const RowChange &r : t.changedRows) {
            Node *c = n->add({r.key, QString(), QString(), QString(), RowChange::kindName(r.kind),
                              r.columns.isEmpty() ? QString() : tr("columns: %1").arg(r.columns.join(QStringLiteral(", ")))},
                             t.table + QLatin1Char(':') + r.key);
            c->background = r.kind == RowChange::Kind::Added ? colors::addedBackground()
                            : r.kind == RowChange::Kind::Removed ? colors::removedBackground() : colors::changedBackground();
        }
        if (t.changedRowCount > t.changedRows.size() && !t.changedRows.isEmpty())
            n->add({tr("… and %1 more row(s)").arg(t.changedRowCount - t.changedRows.size())});
    }
    setRoot(std::move(root));
}

ChecksModel::ChecksModel(QObject *parent) : QAbstractTableModel(parent) {}

void ChecksModel::setChecks(QList<CheckResult> checks)
{
    sortFailingFirst(checks);
    beginResetModel();
    m_checks = std::move(checks);
    endResetModel();
}

const CheckResult *ChecksModel::check(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_checks.at(row);
}

int ChecksModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_checks.size(); ++i) {
        if (m_checks.at(i).id == id)
            return i;
    }
    return -1;
}

int ChecksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_checks.size());
}

int ChecksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor ChecksModel::statusColor(CheckResult::Status status)
{
    switch (status) {
    case CheckResult::Status::Pass:
        return colors::passColor();
    case CheckResult::Status::Fail:
        return colors::failColor();
    case CheckResult::Status::Warn:
        return colors::warnColor();
    case CheckResult::Status::Skip:
        break;
    }
    return colors::skipColor();
}

QIcon ChecksModel::statusIcon(CheckResult::Status status)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(statusColor(status));
    painter.drawEllipse(QRectF(3, 3, 26, 26));
    // A mark inside, so the status does not rest on colour alone.
    QPen pen(Qt::white, 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    switch (status) {
    case CheckResult::Status::Pass:
        painter.drawPolyline(QPolygonF({QPointF(10, 16.5), QPointF(14.5, 21), QPointF(22.5, 11.5)}));
        break;
    case CheckResult::Status::Fail:
        painter.drawLine(QPointF(11, 11), QPointF(21, 21));
        painter.drawLine(QPointF(21, 11), QPointF(11, 21));
        break;
    case CheckResult::Status::Warn:
        painter.drawLine(QPointF(16, 9), QPointF(16, 17));
        painter.drawPoint(QPointF(16, 23));
        break;
    case CheckResult::Status::Skip:
        painter.drawLine(QPointF(10, 16), QPointF(22, 16));
        break;
    }
    return QIcon(pixmap);
}

QVariant ChecksModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_checks.size())
        return {};
    const CheckResult &c = m_checks.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case StatusColumn:
            return CheckResult::statusName(c.status);
        case IdColumn:
            return c.id;
        case TitleColumn:
            return c.title;
        case DetailColumn:
            return firstLine(c.detail);
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == StatusColumn)
        return statusIcon(c.status);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return statusColor(c.status);
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1 — %2\n\n%3\n\nDouble-click for the objects involved.").arg(c.id, c.title, c.detail);
    if (role == Qt::UserRole)
        return c.id;
    return {};
}

QVariant ChecksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case IdColumn:
        return tr("Check");
    case TitleColumn:
        return tr("What it proves");
    case DetailColumn:
        return tr("Detail");
    default:
        return {};
    }
}

} // namespace revisor::ui
