#!/usr/bin/env bash
# `npm test`: installs what the suites need, then runs, stopping at the first failure: the type check,
# the unit tests, the integration tests on embedded PGlite and again on a throwaway PostgreSQL
# server, the browser tests against a production build, and the reliability run on that build
# (two instances behind nginx on PostgreSQL, under load and faults: scripts/load.sh --check).
#   npm test -- --no-e2e    everything but the browser tests and the reliability run (and the build they need)
set -euo pipefail
cd "$(dirname "$0")/.."

run_e2e=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=0 ;;
    *) echo "usage: scripts/test.sh [--no-e2e]" >&2; exit 2 ;;
  esac
done

# The whole run aims to take at most TEST_TARGET_MINUTES (60); the summary says when it took longer. It has a hard
# budget too, below CI's 90-minute stop: a stage still running when the budget is spent is stopped and named, and the
# summary is printed all the same. TEST_BUDGET_MINUTES=0 turns the budget off.
TEST_TARGET_MINUTES="${TEST_TARGET_MINUTES:-60}"
TEST_BUDGET_MINUTES="${TEST_BUDGET_MINUTES:-85}"
results_dir="$(mktemp -d)"
pg_url=""
summary=()

now_ms() { date +%s%3N; }
seconds_since() { awk -v start="$1" -v end="$(now_ms)" 'BEGIN { printf "%.1f s", (end - start) / 1000 }'; }
run_started="$(now_ms)"

# Seconds left in the budget (at least 1, so `timeout` always gets a positive limit).
budget_left() {
  if [ "$TEST_BUDGET_MINUTES" -eq 0 ]; then echo 86400; return; fi
  local left=$(( TEST_BUDGET_MINUTES * 60 - ($(now_ms) - run_started) / 1000 ))
  echo $(( left > 0 ? left : 1 ))
}

# Runs a stage's command under what is left of the budget; `timeout` exits 124 when the budget ran out.
within_budget() {
  timeout --foreground --kill-after=30s "$(budget_left)" "$@"
}

print_summary() {
  printf '\n==================== Summary ====================\n\n'
  if [ "${#summary[@]}" -gt 0 ]; then printf '%s\n' "${summary[@]}"; fi
  printf 'total: %s (target %s minutes, budget %s)\n' "$(seconds_since "$run_started")" "$TEST_TARGET_MINUTES" "$TEST_BUDGET_MINUTES"
  if [ $(( ($(now_ms) - run_started) / 1000 )) -gt $(( TEST_TARGET_MINUTES * 60 )) ]; then
    printf 'WARNING: the run took longer than its %s-minute target: find what grew (the stage times above).\n' "$TEST_TARGET_MINUTES"
  fi
  printf '\n'
  node -e '
    const fs = require("node:fs");
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of fs.readdirSync(process.argv[1]).filter((f) => /\.(json|playwright)$/.test(f))) {
      let r;
      try { r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${file}`, "utf8")); } catch { continue; }
      if (file.endsWith(".playwright")) {
        totals.passed += r.stats.expected + r.stats.flaky;
        totals.failed += r.stats.unexpected;
        totals.skipped += r.stats.skipped;
      } else {
        totals.passed += r.numPassedTests;
        totals.failed += r.numFailedTests;
        totals.skipped += r.numPendingTests + r.numTodoTests;
      }
    }
    console.log(`tests: ${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : ""));
  ' "$results_dir" || true
}

# The summary is printed on every exit: a pass, a failure, or a spent budget.
cleanup() {
  local status=$?
  trap - EXIT
  if [ -n "$pg_url" ]; then bash scripts/postgres.sh stop "$pg_url" || true; fi
  print_summary
  rm -rf "$results_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command with its output kept out of sight unless it fails.
quietly() {
  local log="$results_dir/quiet.log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "Failed: $*" >&2
    return 1
  fi
}

stage_name=""
stage_started=0
begin_stage() {
  stage_name="$1"
  stage_started="$(now_ms)"
  printf '\n==================== %s ====================\n\n' "$stage_name"
}
end_stage() {
  summary+=("$(printf '%-32s %-38s %s' "$stage_name" "$1" "$(seconds_since "$stage_started")")")
}
# Called right after a stage's command failed (`cmd || fail_stage`): its status tells a spent budget from a failure.
fail_stage() {
  local status=$?
  if [ "$status" -eq 124 ] && [ "$(budget_left)" -le 1 ]; then
    summary+=("$(printf '%-32s %-38s %s' "$stage_name" "stopped: budget spent" "$(seconds_since "$stage_started")")")
    printf '\nFAILED: the run went past its %s-minute budget during "%s", after %s in that stage.\n' \
      "$TEST_BUDGET_MINUTES" "$stage_name" "$(seconds_since "$stage_started")" >&2
  else
    summary+=("$(printf '%-32s %-38s %s' "$stage_name" "FAILED" "$(seconds_since "$stage_started")")")
    printf '\nFAILED: %s after %s\n' "$stage_name" "$(seconds_since "$stage_started")" >&2
  fi
  exit 1
}

# "N passed, N failed[, N skipped]" from a Vitest JSON report.
vitest_counts() {
  node -e '
    const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$1"
}

run_vitest() {
  local project="$1" report="$results_dir/$2.json"
  shift 2
  within_budget env "$@" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="$report" ||
    fail_stage
  end_stage "$(vitest_counts "$report")"
}

begin_stage "Setup"
export DEBIAN_FRONTEND=noninteractive
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (npm ci)"
  quietly npm ci --no-audit --no-fund || fail_stage
fi
missing=()
command -v chromium >/dev/null || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]})." >&2
    fail_stage
  fi
  echo "Installing Debian packages: ${missing[*]}"
  quietly apt-get update -q || fail_stage
  quietly apt-get install -y -q "${missing[@]}" || fail_stage
fi
quietly npx prisma generate || fail_stage
echo "Dependencies, Debian packages and the Prisma client are ready."
end_stage "ok"

begin_stage "Type check"
within_budget npx tsc --noEmit || fail_stage
end_stage "ok"

begin_stage "Unit tests"
run_vitest unit unit

begin_stage "Integration tests (PGlite)"
run_vitest integration integration-pglite -u DATABASE_URL

begin_stage "Integration tests (PostgreSQL)"
pg_url="$(within_budget bash scripts/postgres.sh start)" || fail_stage
echo "Throwaway PostgreSQL server at $pg_url"
run_vitest integration integration-postgres DATABASE_URL="$pg_url"
bash scripts/postgres.sh stop "$pg_url"
pg_url=""

begin_stage "Browser tests (Playwright)"
if [ "$run_e2e" -eq 0 ]; then
  echo "Skipped: --no-e2e."
  end_stage "skipped (--no-e2e)"
elif ! find tests/e2e -name '*.spec.ts' -print -quit 2>/dev/null | grep -q .; then
  echo "Skipped: tests/e2e has no spec yet."
  end_stage "skipped (no spec)"
else
  # test:e2e builds the app first: the browser tests run against the production build.
  within_budget env PLAYWRIGHT_JSON_OUTPUT_NAME="$results_dir/e2e.playwright" npm run test:e2e -- --reporter=list,json ||
    fail_stage
  end_stage "$(node -e '
    const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).stats;
    console.log(`${s.expected + s.flaky} passed, ${s.unexpected} failed` + (s.skipped ? `, ${s.skipped} skipped` : ""));
  ' "$results_dir/e2e.playwright")"
fi

begin_stage "Reliability (load and faults)"
if [ "$run_e2e" -eq 0 ]; then
  echo "Skipped: --no-e2e."
  end_stage "skipped (--no-e2e)"
else
  # Uses the production build the browser tests just made; its invariants fail the run, its timings never do.
  within_budget bash scripts/load.sh --check --no-build || fail_stage
  end_stage "invariants held"
fi
