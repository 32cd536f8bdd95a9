#include "ui/models/nodetreemodel.h"

#include <QFont>

#include <functional>

namespace revisor::ui {

NodeTreeModel::Node *NodeTreeModel::Node::add(const QStringList &texts, const QString &key)
{
    auto node = std::make_unique<Node>();
    node->texts = texts;
    node->key = key;
    node->parent = this;
    node->row = int(children.size());
    children.push_back(std::move(node));
    return children.back().get();
}

NodeTreeModel::NodeTreeModel(const QStringList &headers, QObject *parent)
    : QAbstractItemModel(parent), m_headers(headers), m_root(std::make_unique<Node>())
{
}

NodeTreeModel::~NodeTreeModel() = default;

void NodeTreeModel::setRoot(std::unique_ptr<Node> root)
{
    beginResetModel();
    m_root = std::move(root);
    endResetModel();
}

const NodeTreeModel::Node *NodeTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<const Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex NodeTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = nodeOf(parent);
    return createIndex(row, column, p->children.at(size_t(row)).get());
}

QModelIndex NodeTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, const_cast<Node *>(p));
}

int NodeTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int NodeTreeModel::columnCount(const QModelIndex &) const
{
    return int(m_headers.size());
}

QVariant NodeTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return n->texts.value(index.column());
    case Qt::ToolTipRole: {
        if (!n->toolTip.isEmpty())
            return n->toolTip;
        const QString text = n->texts.value(index.column());
        return text.size() > 60 ? text : QVariant();
    }
    case Qt::BackgroundRole:
        return n->background.isValid() ? QVariant(n->background) : QVariant();
    case Qt::ForegroundRole:
        return n->foreground.isValid() ? QVariant(n->foreground) : QVariant();
    case Qt::DecorationRole:
        return index.column() == 0 && !n->icon.isNull() ? QVariant(n->icon) : QVariant();
    case Qt::FontRole:
        if (n->bold) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case KeyRole:
        return n->key;
    case Qt::TextAlignmentRole:
        return m_rightAligned.contains(index.column()) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant NodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_headers.value(section);
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole && m_rightAligned.contains(section))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QModelIndex NodeTreeModel::findKey(const QString &key) const
{
    std::function<QModelIndex(const QModelIndex &)> search = [&](const QModelIndex &parent) -> QModelIndex {
        for (int r = 0; r < rowCount(parent); ++r) {
            const QModelIndex i = index(r, 0, parent);
            if (nodeOf(i)->key == key)
                return i;
            if (const QModelIndex found = search(i); found.isValid())
                return found;
        }
        return {};
    };
    return search({});
}

} // namespace revisor::ui
