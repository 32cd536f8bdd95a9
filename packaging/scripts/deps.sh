#!/usr/bin/env bash
# Installs the Debian 12 packages Revisor needs to build, test and run, if any are missing.
# Sourced by run.sh and test.sh; uses sudo when not root.
set -euo pipefail

REVISOR_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-psql libqt6svg6 qt6-qpa-plugins
    libqcustomplot-dev libpq-dev libpg-query-dev qtkeychain-qt6-dev libxxhash-dev
    postgresql
    sqitch libdbd-pg-perl
    # Alembic projects: Revisor runs the project's own Alembic (tests/alembic_projects,
    # migrations/codebase_mcp_alembic); pytest and friends run the seed's own test against it
    # (tests/bench/seed_compare.sh).
    alembic python3-psycopg2 python3-sqlalchemy
    python3-pytest python3-pytest-asyncio python3-asyncpg
    # The PDF report tests read the PDF back with pdftotext.
    poppler-utils
    xvfb xauth
    clang-19 libclang-rt-19-dev
)

revisor_install_deps() {
    local missing=()
    for p in "${REVISOR_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

revisor_build() {
    local src build
    src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    build="${REVISOR_BUILD_DIR:-$src/build}"
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j"$(nproc)"
}
