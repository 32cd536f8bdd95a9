#pragma once

#include "hazards/hazard.h"

#include <QPlainTextEdit>

namespace revisor::ui {

/// A read-only script view with a margin of markers: one beside each statement that has
/// hazards, shaped and coloured by its most serious level (error, warning, note), with the
/// hazards' explanations and safer patterns as the marker's tooltip.
class MarkedEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    struct Marker
    {
        int block = 0;                         ///< the text block (0-based) it stands beside
        HazardLevel level = HazardLevel::Note; ///< the most serious hazard's level
        QString toolTip;                       ///< rich text
    };

    explicit MarkedEditor(QWidget *parent = nullptr);

    void setMarkers(const QList<Marker> &markers);
    const QList<Marker> &markers() const { return m_markers; }
    /// The margin beside the text, where the markers are drawn and hovered.
    QWidget *margin() const { return m_margin; }
    /// Where marker `index` is drawn, in the margin's coordinates; empty when its block is
    /// scrolled out of view.
    QRect markerRect(int index) const;
    /// The marker drawn at `pos` (margin coordinates), or -1.
    int markerAt(const QPoint &pos) const;
    static QColor levelColor(HazardLevel level);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class MarkerMargin;
    void paintMargin(QPaintEvent *event);
    bool showToolTip(const QPoint &pos, const QPoint &globalPos);

    QWidget *m_margin;
    QList<Marker> m_markers;
};

} // namespace revisor::ui
