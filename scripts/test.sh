#!/usr/bin/env bash
# The whole test suite (`npm test`):
#   1. apt: chromium + CJK font + poppler-utils when missing (scripts/ensure-browser.sh)
#   2. typecheck (tsc --noEmit)
#   3. build once (remix vite:build) — the HTTP integration tests and e2e run the BUILT server
#   4. vitest on SQLite (unit + integration, including tests/integration/http-*.test.ts)
#   5. Playwright e2e on SQLite
#   6. when PostgreSQL answers at PG_URL (default postgres://postgres@127.0.0.1:5432): vitest again with
#      LB_TEST_DB=postgres, and Playwright against a server on a fresh PostgreSQL database that this
#      script creates and drops. When it does not answer, the PostgreSQL run is SKIPPED (and that is a
#      failure when LB_REQUIRE_PG=1, as .ci/run sets).
# Every step runs even when an earlier one failed; the summary at the end counts tests (each of steps
# 1–3 counts as one check) and the last line reads "N passed, M failed". Exit status 0 only when M = 0.
#
# Environment: PG_URL, LB_REQUIRE_PG=1, LB_SKIP_PG=1 (local only: don't try PostgreSQL), CI.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
export PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
RUN_ID="$(date +%Y%m%d%H%M%S)_$$"
export LB_RUN_ID="$RUN_ID" # in the names of the databases tests/http creates, so leftovers can be swept
OUT="$ROOT/tests/.tmp/run-$RUN_ID"
mkdir -p "$OUT"
SUITE_START=$(date +%s)

# The test harness must never build behind our back (step 3 builds; if it failed, tests say so).
export LB_NO_AUTO_BUILD=1

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
PG_E2E_DB=""

hr() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

record() { # record <name> <passed> <failed> <seconds> [note]
  local name=$1 p=$2 f=$3 s=$4 note=${5:-}
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  TOTAL_FAILED=$((TOTAL_FAILED + f))
  local status="ok"
  [ "$f" -gt 0 ] && status="FAILED"
  SUMMARY+=("$(printf '%-28s %-7s %4s passed %4s failed %5ss %s' "$name" "$status" "$p" "$f" "$s" "$note")")
}

# run_check <name> <command...>: a step that counts as one check.
run_check() {
  local name=$1
  shift
  hr "$name: $*"
  local t0=$(date +%s) rc=0
  "$@" || rc=$?
  local dt=$(($(date +%s) - t0))
  if [ $rc -eq 0 ]; then record "$name" 1 0 "$dt"; else record "$name" 0 1 "$dt" "(exit $rc)"; fi
  return $rc
}

# Counts from vitest's JSON report: "<passed> <failed>". A file that failed to load, or a non-zero exit
# with no failed test, counts as one failure.
vitest_counts() { # vitest_counts <json> <exit code>
  node -e '
    const fs = require("fs");
    const [file, rc] = [process.argv[1], Number(process.argv[2])];
    let p = 0, f = 0;
    try {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      p = r.numPassedTests || 0;
      f = r.numFailedTests || 0;
      for (const t of r.testResults || []) {
        const failedInside = (t.assertionResults || []).some((a) => a.status === "failed");
        if (t.status === "failed" && !failedInside) f += 1;
      }
    } catch { f += 1; }
    if (rc !== 0 && f === 0) f = 1;
    console.log(p, f);
  ' "$1" "$2"
}

# Counts from Playwright's JSON report (flaky = passed on retry counts as passed).
playwright_counts() { # playwright_counts <json> <exit code>
  node -e '
    const fs = require("fs");
    const [file, rc] = [process.argv[1], Number(process.argv[2])];
    let p = 0, f = 0;
    try {
      const s = JSON.parse(fs.readFileSync(file, "utf8")).stats || {};
      p = (s.expected || 0) + (s.flaky || 0);
      f = s.unexpected || 0;
    } catch { f += 1; }
    if (rc !== 0 && f === 0) f = 1;
    console.log(p, f);
  ' "$1" "$2"
}

run_vitest() { # run_vitest <name> [env assignments...]
  local name=$1
  shift
  local json="$OUT/$name.json"
  hr "$name: vitest run $*"
  local t0=$(date +%s) rc=0
  env "$@" npx vitest run --reporter=default --reporter=json --outputFile.json="$json" || rc=$?
  local dt=$(($(date +%s) - t0))
  read -r p f < <(vitest_counts "$json" $rc)
  record "$name" "$p" "$f" "$dt"
}

run_playwright() { # run_playwright <name> [env assignments...]
  local name=$1
  shift
  local json="$OUT/$name.json"
  hr "$name: playwright test $*"
  local t0=$(date +%s) rc=0
  env LB_E2E_JSON="$json" LB_E2E_OUTPUT_DIR="$ROOT/test-results/$name" "$@" npx playwright test || rc=$?
  local dt=$(($(date +%s) - t0))
  read -r p f < <(playwright_counts "$json" $rc)
  record "$name" "$p" "$f" "$dt"
}

pg_query() { # pg_query <sql> — against the maintenance database at PG_URL
  node -e '
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.argv[1] + "/postgres", connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query(process.argv[2])).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });
  ' "$PG_URL" "$1"
}

pg_reachable() { pg_query "SELECT 1" >/dev/null 2>&1; }

drop_pg_e2e_db() {
  if [ -n "$PG_E2E_DB" ]; then
    pg_query "DROP DATABASE IF EXISTS \"$PG_E2E_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    pg_query "DROP DATABASE IF EXISTS \"${PG_E2E_DB}_shadow\" WITH (FORCE)" >/dev/null 2>&1 || true
    PG_E2E_DB=""
  fi
}
# PostgreSQL databases of this run that a crashed test process may have left behind (tests/http names
# them lb_http_<run id>_…; vitest's own template and copies are dropped by its global teardown).
sweep_pg_leftovers() {
  node -e '
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.argv[1] + "/postgres", connectionTimeoutMillis: 3000 });
    (async () => {
      await c.connect();
      const r = await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [process.argv[2]]);
      for (const { datname } of r.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await c.end();
    })().catch(() => process.exit(0));
  ' "$PG_URL" "lb_http_${RUN_ID}_%" >/dev/null 2>&1 || true
}
cleanup() {
  drop_pg_e2e_db
  [ "${PG_OK:-0}" = "1" ] && sweep_pg_leftovers
  rm -rf "$ROOT"/tests/.tmp/http-"${RUN_ID}"_* "$ROOT"/tests/.tmp/srv-"${RUN_ID}"_* 2>/dev/null || true
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------
BROWSER_OK=1
run_check "browser (apt)" bash scripts/ensure-browser.sh || BROWSER_OK=0
run_check "typecheck" npx tsc --noEmit -p . || true
BUILD_OK=1
run_check "build" env NODE_ENV=production npx remix vite:build || BUILD_OK=0

run_vitest "vitest-sqlite" LB_TEST_DB=sqlite

if [ $BROWSER_OK -eq 1 ] && [ $BUILD_OK -eq 1 ]; then
  run_playwright "e2e-sqlite" LB_TEST_DB=sqlite
else
  record "e2e-sqlite" 0 1 0 "(not run: browser or build missing)"
fi

# ---------------------------------------------------------------------------------------------------
PG_SHOWN="$(printf '%s' "$PG_URL" | sed -E 's#(//[^:/@]+):[^@]*@#\1:***@#')" # password hidden
PG_OK=0
if [ "${LB_SKIP_PG:-}" = "1" ] && [ "${LB_REQUIRE_PG:-}" != "1" ]; then
  PG_OK=0
elif pg_reachable; then
  PG_OK=1
else
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    hr "PostgreSQL not answering at $PG_SHOWN: trying to start the local cluster"
    for v in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>&1 || true
    done
    for _ in $(seq 1 20); do
      if pg_reachable; then PG_OK=1; break; fi
      sleep 0.5
    done
  fi
fi

PG_NOTE=""
if [ $PG_OK -eq 1 ]; then
  run_vitest "vitest-postgres" LB_TEST_DB=postgres
  if [ $BROWSER_OK -eq 1 ] && [ $BUILD_OK -eq 1 ]; then
    PG_E2E_DB="lb_e2e_run_${RUN_ID}"
    if pg_query "CREATE DATABASE \"$PG_E2E_DB\""; then
      run_playwright "e2e-postgres" LB_TEST_DB=postgres E2E_DATABASE_URL="$PG_URL/$PG_E2E_DB"
    else
      record "e2e-postgres" 0 1 0 "(could not create database $PG_E2E_DB)"
    fi
    drop_pg_e2e_db
  else
    record "e2e-postgres" 0 1 0 "(not run: browser or build missing)"
  fi
else
  PG_NOTE="PostgreSQL not reachable at $PG_SHOWN: SKIPPED the PostgreSQL run"
  hr "$PG_NOTE"
  if [ "${LB_REQUIRE_PG:-}" = "1" ]; then
    record "postgres (required)" 0 1 0 "(LB_REQUIRE_PG=1 and PostgreSQL is not reachable)"
  fi
fi

# ---------------------------------------------------------------------------------------------------
ELAPSED=$(($(date +%s) - SUITE_START))
hr "Summary (${ELAPSED}s; reports in ${OUT#"$ROOT"/}, screenshots of failed e2e tests in test-results/)"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
[ -n "$PG_NOTE" ] && echo "  $PG_NOTE"
echo "${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
[ "$TOTAL_FAILED" -eq 0 ]
