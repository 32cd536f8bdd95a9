#include "ui/widgets/uicolors.h"

#include "report/chartcolors.h"

#include <QApplication>
#include <QPalette>

namespace revisor::ui::colors {

bool isDarkPalette()
{
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

QColor errorText() { return isDarkPalette() ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20); }
QColor errorBackground() { return isDarkPalette() ? QColor(0x5c, 0x1f, 0x1f) : QColor(0xfd, 0xe7, 0xe9); }
QColor noticeBackground() { return isDarkPalette() ? QColor(0x4a, 0x42, 0x14) : QColor(0xff, 0xf6, 0xd5); }
QColor warningBackground() { return isDarkPalette() ? QColor(0x5a, 0x36, 0x10) : QColor(0xff, 0xe3, 0xc2); }
QColor stepBackground() { return isDarkPalette() ? QColor(0x23, 0x34, 0x4a) : QColor(0xe6, 0xef, 0xfa); }
QColor upgradeBar() { return chartcolors::Upgrade; }
QColor downgradeBar() { return chartcolors::Downgrade; }
QColor seedBar() { return chartcolors::Seed; }
QColor addedBackground() { return isDarkPalette() ? QColor(0x1e, 0x44, 0x27) : QColor(0xe3, 0xf6, 0xe5); }
QColor removedBackground() { return isDarkPalette() ? QColor(0x55, 0x22, 0x25) : QColor(0xfd, 0xe4, 0xe6); }
QColor changedBackground() { return isDarkPalette() ? QColor(0x4a, 0x40, 0x12) : QColor(0xff, 0xf4, 0xcf); }
QColor passColor() { return isDarkPalette() ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32); }
QColor failColor() { return isDarkPalette() ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28); }
QColor warnColor() { return isDarkPalette() ? QColor(0xff, 0xb7, 0x4d) : QColor(0xe6, 0x8a, 0x00); }
QColor skipColor() { return QColor(0x90, 0x90, 0x90); }

} // namespace revisor::ui::colors
