#!/usr/bin/env bash
# Runs the seed's own test (the specification Revisor reproduces; taken from where it lies, not
# copied into the project) with Debian's pytest against the bundled Alembic project
# migrations/codebase_mcp_alembic on a scratch server, then `revisor rehearse` on the same
# project and server, and prints both wall times side by side.
# Usage: tests/bench/seed_compare.sh SEED_TEST_FILE [BUILD_DIR]
#   e.g. tests/bench/seed_compare.sh ../shared/seed/test_migration_002_downgrade.py
# Needs: alembic python3-psycopg2 python3-sqlalchemy python3-pytest python3-pytest-asyncio
# python3-asyncpg (packaging/scripts/deps.sh), and pgvector on the server (the test's fixture
# creates the extension).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SEED_TEST_FILE [BUILD_DIR]" >&2; exit 2; }
test_file=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$src/build}
revisor="$build/bin/revisor"
project="$src/migrations/codebase_mcp_alembic"
[ -f "$test_file" ] || { echo "no such test file: $test_file" >&2; exit 2; }
command -v alembic >/dev/null || { echo "alembic missing: packaging/scripts/deps.sh" >&2; exit 2; }

work=$(mktemp -d)
scratch_pid=
cleanup() { [ -n "$scratch_pid" ] && kill -INT "$scratch_pid" 2>/dev/null && wait "$scratch_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The test finds alembic.ini three folders above itself (repo_root) and imports src.models.
cp -r "$project/." "$work/"
cp -r "$src/tests/bench/seed_compare/." "$work/"
mkdir -p "$work/tests/integration"
cp "$test_file" "$work/tests/integration/"

"$revisor" scratch >"$work/url" 2>"$work/scratch.log" &
scratch_pid=$!
for _ in $(seq 300); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "scratch server did not start:" >&2; cat "$work/scratch.log" >&2; exit 3; }
url=$(head -1 "$work/url")
host=$(sed -E 's/.*host=([^&]*).*/\1/' <<<"$url"); port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$url")
psql -q -h "$host" -p "$port" -U postgres -d postgres -c "CREATE DATABASE seed_test" -c "CREATE DATABASE revisor_rehearse"
# The seed's fixture runs CREATE EXTENSION vector: without pgvector on the server every test
# errors at its baseline, which says nothing about the migrations; say so instead.
if [ "$(psql -qAt -h "$host" -p "$port" -U postgres -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")" != 1 ]; then
    echo "this server has no pgvector ($(psql -qAt -h "$host" -p "$port" -U postgres -d postgres -c 'SHOW server_version')): the seed's test creates the extension vector, so it cannot run here; install pgvector for PostgreSQL $(pg_config --version | awk '{print $2}' | cut -d. -f1)" >&2
    exit 3
fi

now_ms() { date +%s%3N; }
start=$(now_ms)
set +e
(cd "$work" && TEST_DATABASE_URL="postgresql+asyncpg://postgres@/seed_test?host=$host&port=$port" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "tests/integration/$(basename "$test_file")") | tee "$work/pytest.log"
pytest_status=${PIPESTATUS[0]}
pytest_ms=$(( $(now_ms) - start ))

start=$(now_ms)
"$revisor" rehearse --set "$project" --db "postgresql://postgres@/revisor_rehearse?host=$host&port=$port" >"$work/rehearse.log" 2>&1
rehearse_status=$?
set -e
rehearse_ms=$(( $(now_ms) - start ))
tail -3 "$work/rehearse.log"

printf "\n%-40s %10s %8s\n" run "wall ms" exit
printf "%-40s %10d %8d\n" "seed pytest ($(basename "$test_file"))" "$pytest_ms" "$pytest_status"
printf "%-40s %10d %8d\n" "revisor rehearse (codebase_mcp_alembic)" "$rehearse_ms" "$rehearse_status"
echo "ratio pytest / rehearse: $(awk -v a="$pytest_ms" -v b="$rehearse_ms" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')"
[ "$pytest_status" -eq 0 ] && [ "$rehearse_status" -eq 0 ]
