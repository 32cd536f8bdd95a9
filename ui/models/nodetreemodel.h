#pragma once

#include <QAbstractItemModel>
#include <QColor>
#include <QIcon>
#include <QStringList>

#include <memory>
#include <vector>

namespace revisor::ui {

/// A read-only tree built in one go from an engine value (a snapshot, a diff, a data
/// comparison): the subclasses turn the value into nodes, this class serves them to views.
class NodeTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    struct Node
    {
        QStringList texts;        ///< one per column
        QString toolTip;
        QColor background;        ///< invalid: none
        QColor foreground;
        QIcon icon;               ///< first column
        bool bold = false;
        QString key;              ///< what tests and callers look nodes up by (a qualified name...)
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;

        Node *add(const QStringList &texts, const QString &key = {});
    };

    /// Holds the node a view index points at (for callers that need more than the texts).
    static constexpr int KeyRole = Qt::UserRole + 1;

    explicit NodeTreeModel(const QStringList &headers, QObject *parent = nullptr);
    ~NodeTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Right-aligns a column (numbers).
    void setRightAligned(int column) { m_rightAligned << column; }
    /// The first index whose node key is `key` (depth first), or an invalid index.
    QModelIndex findKey(const QString &key) const;

protected:
    /// Replaces the whole tree (a model reset).
    void setRoot(std::unique_ptr<Node> root);
    const Node *root() const { return m_root.get(); }

private:
    const Node *nodeOf(const QModelIndex &index) const;
    QStringList m_headers;
    QList<int> m_rightAligned;
    std::unique_ptr<Node> m_root;
};

} // namespace revisor::ui
