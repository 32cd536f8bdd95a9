#pragma once

#include <QColor>

/// The colours of Revisor's charts, one set for the reports' images and the window's plots,
/// so that a bar of a kind reads the same everywhere. Chosen for white paper; the window keeps
/// them on dark palettes too (filled bars stay readable on either).
namespace revisor::chartcolors {

inline const QColor Text(0x1d, 0x1f, 0x23);
inline const QColor Grid(0xc4, 0xc8, 0xce);
inline const QColor Budget(0xb0, 0x00, 0x20);
inline const QColor Upgrade(0x2e, 0x7d, 0x32);
inline const QColor Downgrade(0xc6, 0x28, 0x28);
inline const QColor Seed(0x15, 0x65, 0xc0);
/// Captures and probes are the inspector's own work, not the migration's: muted, so the eye
/// goes to the steps first.
inline const QColor Capture(0xa4, 0x9a, 0xc4);
inline const QColor Probe(0x86, 0xb7, 0xbd);
inline const QColor Failed(0x9e, 0x9e, 0x9e);

} // namespace revisor::chartcolors
