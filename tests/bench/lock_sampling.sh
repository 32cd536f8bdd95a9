#!/usr/bin/env bash
# What sampling the locks of an Alembic child costs: the bundled Alembic project upgraded to
# head and downgraded to base by revisor, with lock sampling every 10 ms (the default) and
# with it off (REVISOR_LOCK_SAMPLE_MS=0), alternating, on one scratch server, same run.
# Usage: tests/bench/lock_sampling.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
rounds=${2:-3}
revisor="$build/bin/revisor"
project="$src/migrations/codebase_mcp_alembic"
work=$(mktemp -d)
scratch_pid=
cleanup() { [ -n "$scratch_pid" ] && kill -INT "$scratch_pid" 2>/dev/null && wait "$scratch_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$revisor" scratch >"$work/url" 2>/dev/null &
scratch_pid=$!
for _ in $(seq 300); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
host=$(sed -E 's/.*host=([^&]*).*/\1/' <<<"$url"); port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$url")

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
on=0; off=0
for round in $(seq "$rounds"); do
    for mode in on off; do
        db="locks_${mode}_${round}"
        psql -q -h "$host" -p "$port" -U postgres -d postgres -c "CREATE DATABASE $db"
        export DATABASE_URL="postgresql://postgres@/$db?host=$host&port=$port"
        if [ $mode = on ]; then unset REVISOR_LOCK_SAMPLE_MS; else export REVISOR_LOCK_SAMPLE_MS=0; fi
        t=$(( $(ms "$revisor" upgrade head --set "$project") + $(ms "$revisor" downgrade base --set "$project") ))
        if [ $mode = on ]; then on=$(( on + t )); else off=$(( off + t )); fi
    done
done
unset REVISOR_LOCK_SAMPLE_MS
printf "%-34s %10s\n" "upgrade head + downgrade base" "mean ms"
printf "%-34s %10d\n" "locks sampled every 10 ms" $(( on / rounds ))
printf "%-34s %10d\n" "no sampling" $(( off / rounds ))
echo "overhead: $(awk -v a=$on -v b=$off 'BEGIN{printf "%+.1f%%", (b>0? (a-b)*100/b : 0)}') (12 Alembic steps; each revisor call also reads the project, ~2 s)"
