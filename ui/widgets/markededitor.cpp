#include "ui/widgets/markededitor.h"

#include "ui/widgets/uicolors.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QToolTip>

namespace revisor::ui {

/// The margin widget: draws through the editor, which knows where its blocks are.
class MarkerMargin : public QWidget
{
public:
    explicit MarkerMargin(MarkedEditor *editor)
        : QWidget(editor), m_editor(editor)
    {
        setObjectName(QStringLiteral("hazardMargin"));
        setMouseTracking(true);
        // The explanation matters whether or not the window has focus (beside a terminal or
        // an editor with the migration open).
        setAttribute(Qt::WA_AlwaysShowToolTips);
    }
    QSize sizeHint() const override { return {m_editor->fontMetrics().height() + 8, 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintMargin(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            const auto *help = static_cast<QHelpEvent *>(event);
            if (!m_editor->showToolTip(help->pos(), help->globalPos()))
                QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }

private:
    MarkedEditor *m_editor;
};

MarkedEditor::MarkedEditor(QWidget *parent)
    : QPlainTextEdit(parent), m_margin(new MarkerMargin(this))
{
    setViewportMargins(m_margin->sizeHint().width(), 0, 0, 0);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_margin->scroll(0, dy);
        else
            m_margin->update(0, rect.y(), m_margin->width(), rect.height());
    });
}

void MarkedEditor::setMarkers(const QList<Marker> &markers)
{
    m_markers = markers;
    m_margin->update();
}

QColor MarkedEditor::levelColor(HazardLevel level)
{
    switch (level) {
    case HazardLevel::Error: return colors::failColor();
    case HazardLevel::Warning: return colors::warnColor();
    case HazardLevel::Note: return colors::seedBar();
    }
    return colors::skipColor();
}

void MarkedEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_margin->setGeometry(QRect(r.left(), r.top(), m_margin->sizeHint().width(), r.height()));
}

QRect MarkedEditor::markerRect(int index) const
{
    if (index < 0 || index >= m_markers.size())
        return {};
    const QTextBlock block = document()->findBlockByNumber(m_markers.at(index).block);
    if (!block.isValid() || !block.isVisible())
        return {};
    const QRectF geometry = blockBoundingGeometry(block).translated(contentOffset());
    const int side = fontMetrics().height() - 2;
    const QRect rect(4, qRound(geometry.top()) + 1, side, side);
    if (rect.bottom() < 0 || rect.top() > viewport()->height())
        return {};
    return rect;
}

int MarkedEditor::markerAt(const QPoint &pos) const
{
    for (int i = 0; i < m_markers.size(); ++i) {
        // The whole line height of the margin counts, not only the drawn shape.
        const QRect r = markerRect(i);
        if (!r.isEmpty() && pos.y() >= r.top() - 1 && pos.y() <= r.bottom() + 1)
            return i;
    }
    return -1;
}

bool MarkedEditor::showToolTip(const QPoint &pos, const QPoint &globalPos)
{
    const int i = markerAt(pos);
    if (i < 0)
        return false;
    QToolTip::showText(globalPos, m_markers.at(i).toolTip, m_margin, markerRect(i));
    return true;
}

void MarkedEditor::paintMargin(QPaintEvent *event)
{
    QPainter p(m_margin);
    p.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    p.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < m_markers.size(); ++i) {
        const QRect r = markerRect(i);
        if (r.isEmpty() || !r.intersects(event->rect()))
            continue;
        const HazardLevel level = m_markers.at(i).level;
        const QColor color = levelColor(level);
        p.setPen(QPen(color.darker(140), 1));
        p.setBrush(color);
        // Shapes as well as colours, so that the level reads without colour vision: a
        // circle with "!" for an error, a triangle for a warning, a small dot for a note.
        if (level == HazardLevel::Error) {
            p.drawEllipse(r);
            p.setPen(Qt::white);
            QFont f = font();
            f.setBold(true);
            p.setFont(f);
            p.drawText(r, Qt::AlignCenter, QStringLiteral("!"));
        } else if (level == HazardLevel::Warning) {
            QPainterPath triangle;
            triangle.moveTo(r.center().x() + 0.5, r.top());
            triangle.lineTo(r.right() + 0.5, r.bottom());
            triangle.lineTo(r.left(), r.bottom());
            triangle.closeSubpath();
            p.drawPath(triangle);
        } else {
            p.drawEllipse(QRectF(r).adjusted(r.width() * 0.25, r.height() * 0.25, -r.width() * 0.25, -r.height() * 0.25));
        }
    }
}

} // namespace revisor::ui
