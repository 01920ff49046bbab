#!/usr/bin/env bash
# Everything CI checks, in order: lint, types, migrations, then the tests on SQLite and
# again (the web tests) on a real PostgreSQL server started here.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin

export RUNG_HOME=$(mktemp -d /tmp/rung-test-home.XXXXXX)
pg_dir=""
cleanup() {
  [ -n "$pg_dir" ] && scripts/pg-temp.sh stop "$pg_dir"
  rm -rf "$RUNG_HOME"
}
trap cleanup EXIT

echo "== ruff"
$py/ruff check src tests scripts bench
$py/ruff format --check src tests scripts bench
echo "== mypy (strict for rung.engine)"
$py/mypy src/rung
echo "== django checks and migrations"
$py/python -m django check --settings=rung.web.settings --fail-level WARNING
$py/python -m django makemigrations --check --dry-run --settings=rung.web.settings >/dev/null

echo "== tests on SQLite (engine, web, browser)"
$py/pytest tests

echo "== web tests on PostgreSQL"
eval "$(scripts/pg-temp.sh start)"
pg_dir=$RUNG_PG_DIR
RUNG_TEST_EXPECT_DB=postgresql $py/pytest tests/web -q
