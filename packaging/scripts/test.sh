#!/usr/bin/env bash
# Builds Revisor and runs its whole test suite (unit, integration against a scratch
# PostgreSQL, offscreen GUI tests), then the fuzz harnesses for 30 s each (tests/fuzz/run.sh;
# REVISOR_FUZZ_SECONDS=0 skips them). Installs missing Debian packages first.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
# shellcheck source=deps.sh
source "$here/deps.sh"
revisor_install_deps
revisor_build
build="${REVISOR_BUILD_DIR:-$src/build}"
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure --timeout 900 -j"${REVISOR_TEST_JOBS:-2}" "$@"
"$src/tests/fuzz/run.sh"
