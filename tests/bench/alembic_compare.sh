#!/usr/bin/env bash
# Times the seed's command sequence with the Alembic CLI (Debian's alembic package, running the
# same SQL through a generated project) and with revisor, on one scratch server, same run.
# Usage: tests/bench/alembic_compare.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
rounds=${2:-3}
revisor="$build/bin/revisor"
command -v alembic >/dev/null || { echo "alembic missing: apt-get install -y alembic python3-psycopg2" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill -INT $scratch_pid 2>/dev/null; wait $scratch_pid 2>/dev/null; rm -rf "$work"' EXIT
/usr/bin/python3 "$src/tests/bench/alembic_project.py" "$src/migrations/codebase_mcp" "$work/alembic"
"$revisor" scratch >"$work/url" 2>/dev/null &
scratch_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
host=$(sed -E 's/.*host=([^&]*).*/\1/' <<<"$url"); port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$url")

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
steps=("upgrade 005" "upgrade head" "downgrade -1" "downgrade -1")
ta=(0 0 0 0); tr=(0 0 0 0)
for round in $(seq "$rounds"); do
    for tool in alembic revisor; do
        db="${tool}_${round}"
        psql -q -h "$host" -p "$port" -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
        if [ $tool = alembic ]; then
            export DATABASE_URL="postgresql+psycopg2://postgres@/$db?host=$host&port=$port"
            for i in "${!steps[@]}"; do t=$(ms alembic -c "$work/alembic/alembic.ini" ${steps[$i]}); ta[$i]=$(( ta[i] + t )); done
        else
            export DATABASE_URL="postgresql://postgres@/$db?host=$host&port=$port"
            for i in "${!steps[@]}"; do t=$(ms "$revisor" ${steps[$i]}); tr[$i]=$(( tr[i] + t )); done
        fi
    done
done
printf "%-14s %12s %12s %8s\n" step "alembic ms" "revisor ms" ratio
for i in "${!steps[@]}"; do
    a=$(( ta[i] / rounds )); r=$(( tr[i] / rounds ))
    printf "%-14s %12d %12d %8s\n" "${steps[$i]}" "$a" "$r" "$(awk -v a=$a -v r=$r 'BEGIN{printf "%.2f", (r>0? a/r : 0)}')x"
done
echo "(ratio = alembic / revisor; mean of $rounds rounds; revisor also records per-statement timings and locks)"
