#!/usr/bin/env bash
# Renders the PNG icons (48, 128, 256 px) from resources/icons/revisor.svg. The PNGs are
# committed, so building and packaging need no SVG renderer; run this after editing the SVG.
# Uses rsvg-convert when installed, else ImageMagick's convert.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/resources/icons
for size in 48 128 256; do
    out="$src/revisor-$size.png"
    if command -v rsvg-convert >/dev/null; then
        rsvg-convert -w "$size" -h "$size" -o "$out" "$src/revisor.svg"
    else
        convert -background none -density 300 "$src/revisor.svg" -resize "${size}x${size}" -depth 8 -strip "$out"
    fi
    echo "$out"
done
