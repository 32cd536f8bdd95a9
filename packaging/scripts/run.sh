#!/usr/bin/env bash
# Installs what is missing, builds Revisor, and starts it on a throwaway PostgreSQL server
# with the bundled codebase_mcp migration set: the desktop window when a display is
# available, else the seed's chain on the command line (upgrade 005, seed, upgrade head,
# downgrade -1 twice, with the current revision after each step).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
# shellcheck source=deps.sh
source "$here/deps.sh"
revisor_install_deps
revisor_build
revisor="${REVISOR_BUILD_DIR:-$src/build}/bin/revisor"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${1:-}" != "--cli" ]; then
    # The bundled set by name: without --set the window reopens the set it had last.
    exec "$revisor" --scratch --set "$src/migrations/codebase_mcp"
fi

# No display: the same scenario on the command line.
fifo=$(mktemp -u)
mkfifo "$fifo"
"$revisor" scratch >"$fifo" &
scratch_pid=$!
trap 'kill -INT $scratch_pid 2>/dev/null; wait $scratch_pid 2>/dev/null; rm -f "$fifo"' EXIT
read -r url <"$fifo"
export DATABASE_URL="$url"
echo "scratch server: $url"
for step in "upgrade 005" "seed sample" "upgrade head" "downgrade -1" "downgrade -1"; do
    echo "\$ revisor $step"
    # shellcheck disable=SC2086
    "$revisor" $step
    echo "  current: $("$revisor" current)"
done
