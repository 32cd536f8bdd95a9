#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang in their own build directory and runs each over
# its seed corpus for REVISOR_FUZZ_SECONDS (default 30; 0 skips fuzzing). Fails on any crash,
# sanitizer report, leak or input that takes over a second. Called by packaging/scripts/test.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
seconds="${REVISOR_FUZZ_SECONDS:-30}"
[ "$seconds" -gt 0 ] || { echo "fuzz: skipped (REVISOR_FUZZ_SECONDS=0)"; exit 0; }
build="${REVISOR_FUZZ_BUILD_DIR:-$src/build-fuzz}"
jobs="${REVISOR_FUZZ_JOBS:-$(nproc)}"
harnesses=(revision sqlsplitter checkspec seedheader connectionsettings snapshotfiles)

cmake -S "$src" -B "$build" -G Ninja -DREVISOR_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_COMPILER="${REVISOR_FUZZ_CXX:-clang++-19}" >/dev/null
cmake --build "$build" -j"$(nproc)"

# New corpus entries and crash artifacts go to a scratch directory, never into the seed corpus.
out="$build/fuzz-run"
rm -rf "$out"
mkdir -p "$out"

run_one() {
    local h=$1 max_len=65536 rc=0
    mkdir -p "$out/$h/corpus"
    "$build/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=1 -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix="$out/$h/" "$out/$h/corpus" "$here/corpus/$h" >"$out/$h/log" 2>&1 || rc=$?
    echo "$rc" >"$out/$h/rc"
}

for h in "${harnesses[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_one "$h" &
done
wait

failed=0
for h in "${harnesses[@]}"; do
    if [ "$(cat "$out/$h/rc")" = 0 ]; then status=ok; else status=FAILED; failed=1; fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$h/log" | tail -n 1 || true)
    printf 'fuzz %-20s %-6s %s\n' "$h" "$status" "${done_line:-(no final line)}"
    if [ "$status" = FAILED ]; then
        grep -E 'ERROR: |SUMMARY: |invariant violated|Test unit written to' "$out/$h/log" || tail -n 30 "$out/$h/log"
    fi
done
[ "$failed" -eq 0 ] || { echo "fuzz: failures above; logs and inputs in $out" >&2; exit 1; }
