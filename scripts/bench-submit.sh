#!/usr/bin/env bash
# `npm run bench:submit`: what one submission costs the server, on PostgreSQL as in production.
# Builds (unless --no-build), starts a throwaway PostgreSQL with pg_stat_statements, an SMTP sink and one production
# instance under a CPU profile (node --cpu-prof), then runs bench/submit-path.ts: it counts the SQL statements and the
# server CPU of uploads and of submissions made one at a time, and their latency under 20 concurrent submitters.
# Once the instance has stopped, bench/cpu-profile.ts prints the profile's top entries for the submissions.
# Prints figures and never gates on them; it exits non-zero only when it could not measure.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "usage: scripts/bench-submit.sh [--no-build]" >&2; exit 2 ;;
  esac
done

export NEXT_TELEMETRY_DISABLED=1
RESULTS_DIR="bench-results"
PROFILE_DIR="$RESULTS_DIR/submit-profile"
pg_url=""
server_pid=""
sink_pid=""
step_pid=""
run_dir=""

# shellcheck source=lib/bounded.sh
source "scripts/lib/bounded.sh"

# shellcheck source=lib/stop-group.sh
source "scripts/lib/stop-group.sh"

cleanup() {
  local status=$?
  trap - EXIT
  [[ -z "$step_pid" ]] || kill -TERM "$step_pid" 2>/dev/null || true
  [[ -z "$server_pid" ]] || stop_group "$server_pid" 20
  [[ -z "$sink_pid" ]] || stop_group "$sink_pid"
  [[ -z "$pg_url" ]] || bash scripts/postgres.sh stop "$pg_url" || true
  [[ -z "$run_dir" ]] || rm -rf "$run_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

compgen -G "/usr/lib/postgresql/*/lib/pg_stat_statements.so" >/dev/null ||
  { echo "PostgreSQL with pg_stat_statements is not installed (apt-get install postgresql)." >&2; exit 1; }

mkdir -p "$RESULTS_DIR"
rm -rf "$PROFILE_DIR"
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/portal-bench-submit.XXXXXX")"

if [[ ! -d node_modules ]]; then
  echo "== npm ci"
  bounded 900 npm ci
fi
if ((build)); then
  echo "== npm run build"
  bounded 900 npm run build
fi
[[ -f .next/BUILD_ID ]] || { echo "No production build in .next: run without --no-build." >&2; exit 1; }

echo "== PostgreSQL with pg_stat_statements"
pg_url="$(POSTGRES_OPTIONS="-c shared_preload_libraries=pg_stat_statements" bounded 120 bash scripts/postgres.sh start)"
echo "== npm run db:setup and db:demo"
DATABASE_URL="$pg_url" bounded 300 npm run --silent db:setup
# The practice call the submissions go to; db:demo refuses production mode.
DATABASE_URL="$pg_url" NODE_ENV=development bounded 120 npm run --silent db:demo >/dev/null

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}
port="$(free_port)"
smtp_port="$(free_port)"
mail_port="$(free_port)"
base_url="http://127.0.0.1:$port"

echo "== SMTP sink on port $smtp_port"
setsid node_modules/.bin/tsx scripts/smtp-sink.ts --smtp-port "$smtp_port" --http-port "$mail_port" >"$RESULTS_DIR/submit-smtp-sink.log" 2>&1 </dev/null &
sink_pid=$!

# shellcheck source=lib/dev-secrets.sh
source scripts/lib/dev-secrets.sh
make_dev_secrets "$run_dir/secrets"
echo "== one production instance on port $port under a CPU profile ($PROFILE_DIR)"
# The periodic tasks poll once an hour here, so that every statement counted is a request's own.
DATABASE_URL="$pg_url" SITE_URL="$base_url" PORT="$port" HOSTNAME=127.0.0.1 NODE_ENV=production \
  AUTH_SECRET_FILE="$run_dir/secrets/auth-secret" OPEN_DATA_SIGNING_KEY_FILE="$run_dir/secrets/open-data-signing-key.pem" \
  SMTP_URL="smtp://127.0.0.1:$smtp_port" JOBS_POLL_MS=3600000 LOG_LEVEL=warn \
  RATE_LIMIT_SUBMIT_PER_IP=1000000 \
  setsid node --cpu-prof --cpu-prof-dir="$PROFILE_DIR" runtime/server.mjs >"$RESULTS_DIR/submit-server.log" 2>&1 </dev/null &
server_pid=$!

deadline=$((SECONDS + 120))
until [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$base_url/api/health/ready" || true)" == "200" ]]; do
  kill -0 "$server_pid" 2>/dev/null || { echo "The server exited; its log:" >&2; tail -n 40 "$RESULTS_DIR/submit-server.log" >&2; exit 1; }
  ((SECONDS < deadline)) || { echo "The server did not become ready within 120 s" >&2; tail -n 40 "$RESULTS_DIR/submit-server.log" >&2; exit 1; }
  sleep 0.5
done

BENCH_BASE_URL="$base_url" BENCH_DATABASE_URL="$pg_url" BENCH_SERVER_PID="$server_pid" \
  BENCH_OUTPUT="$RESULTS_DIR/submit-path.json" bounded 1200 npx tsx bench/submit-path.ts

echo "== stopping the instance to write its CPU profile"
stop_group "$server_pid" 20
server_pid=""
bounded 120 npx tsx bench/cpu-profile.ts "$PROFILE_DIR" "$RESULTS_DIR/submit-path.json"
