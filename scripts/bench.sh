#!/usr/bin/env bash
# `npm run bench`: builds for production once, starts the server once on its own seeded embedded database and a
# free port, runs every benchmark against it (public pages, search flood, weight, Lighthouse), then prints one
# table of every target from bench-results/*.json (bench/summary.ts), other benchmarks' files included.
# `npm run bench -- bench/x.ts` runs that one script instead. The server stops whatever happens.
# Prints figures and never gates on them; it exits non-zero only when something could not be measured.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_SCRIPTS=(bench/public-pages.ts bench/search-flood.ts bench/weight.ts bench/lighthouse.ts)
if [[ $# -gt 0 ]]; then BENCH_SCRIPTS=("$1"); else BENCH_SCRIPTS=("${ALL_SCRIPTS[@]}"); fi
for script in "${BENCH_SCRIPTS[@]}"; do
  [[ -f "$script" ]] || { echo "No benchmark at $script" >&2; exit 2; }
done
export PGLITE_DATA_DIR=".data/bench-pglite"
# The submit benchmark sends every application from one address.
export RATE_LIMIT_SUBMIT_PER_IP=1000000
# Empty rather than unset: Next.js loads .env files only for variables not already in the environment.
export DATABASE_URL=""
export NEXT_TELEMETRY_DISABLED=1
RESULTS_DIR="bench-results"
SERVER_LOG="$RESULTS_DIR/server.log"
server_pid=""
step_pid=""

# shellcheck source=lib/bounded.sh
source "scripts/lib/bounded.sh"

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  # The server runs in its own session (setsid): signal its whole group (npm, sh, node), by id.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 -- "-$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  local status=$?
  # timeout passes the signal on to the whole step it runs.
  [[ -z "$step_pid" ]] || kill -TERM "$step_pid" 2>/dev/null || true
  stop_server
  rm -rf "$PGLITE_DATA_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$RESULTS_DIR"

if [[ ! -d node_modules ]]; then
  echo "== npm ci"
  bounded 900 npm ci
fi

echo "== npm run build"
bounded 900 npm run build

echo "== npm run db:setup and db:demo ($PGLITE_DATA_DIR)"
rm -rf "$PGLITE_DATA_DIR"
# A first migration on a fresh PGlite directory has once hung here: bound it and retry once.
if ! bounded 300 npm run --silent db:setup; then
  echo "db:setup failed or timed out; retrying on a fresh directory" >&2
  rm -rf "$PGLITE_DATA_DIR"
  bounded 300 npm run --silent db:setup
fi
# The practice call, which the submit and Lighthouse benchmarks apply to (the seeded Tianwen-3 round has closed).
NODE_ENV=development bounded 120 npm run --silent db:demo >/dev/null

port_is_free() {
  node -e 'const s = require("net").createServer().once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), () => s.close(() => process.exit(0)));' "$1"
}
port=""
for candidate in $(seq "${BENCH_PORT:-3300}" "$((${BENCH_PORT:-3300} + 50))"); do
  if port_is_free "$candidate"; then port="$candidate"; break; fi
done
[[ -n "$port" ]] || { echo "No free port from ${BENCH_PORT:-3300}" >&2; exit 1; }

start_script="$(node -p 'require("./package.json").scripts.start ?? ""')"
[[ -n "$start_script" ]] || { echo "package.json has no start script" >&2; exit 1; }
base_url="http://127.0.0.1:$port"
echo "== npm start ($start_script) on port $port, log in $SERVER_LOG"
# NODE_ENV=production: a custom server (node server.*) otherwise starts Next.js in development mode.
# shellcheck source=lib/dev-secrets.sh
source scripts/lib/dev-secrets.sh
use_dev_secrets .data/bench-secrets
# BENCH_BASELINE_PAGE: serve the hello-world page bench/weight.ts weighs against. TRUST_PROXY: the search flood claims
# a new address per request in X-Forwarded-For; requests without that header still count by their socket's address.
BENCH_BASELINE_PAGE=1 TRUST_PROXY=true PORT="$port" HOSTNAME="127.0.0.1" SITE_URL="$base_url" NODE_ENV=production \
  setsid npm start >"$SERVER_LOG" 2>&1 </dev/null &
server_pid=$!

ready_path="/api/health"
deadline=$((SECONDS + 120))
while :; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "The server exited before answering; its log:" >&2
    tail -n 40 "$SERVER_LOG" >&2
    exit 1
  fi
  code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$base_url$ready_path" || true)"
  if [[ "$code" == "200" ]]; then break; fi
  if [[ "$code" == "404" && "$ready_path" == "/api/health" ]]; then
    echo "No /api/health (404): waiting for /en instead"
    ready_path="/en"
    continue
  fi
  if ((SECONDS >= deadline)); then
    echo "The server did not answer 200 on $ready_path within 120 s (last: $code); its log:" >&2
    tail -n 40 "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.5
done
echo "Server ready: $ready_path answered 200"

# The node process itself (under setsid, npm and sh), for benchmarks that read its CPU time.
server_node_pid="$(ps -o pid=,args= -g "$server_pid" | awk '$2 ~ /node$/ && $3 == "runtime/server.mjs" { print $1; exit }')"

failed=()
for script in "${BENCH_SCRIPTS[@]}"; do
  echo
  echo "== $script"
  if ! BENCH_BASE_URL="$base_url" BENCH_SERVER_PID="$server_node_pid" BENCH_OUTPUT="$RESULTS_DIR/$(basename "$script" .ts).json" \
    bounded 1800 npx tsx "$script"; then
    failed+=("$script")
  fi
done

if [[ $# -eq 0 ]]; then
  npx tsx bench/summary.ts
fi
if ((${#failed[@]} > 0)); then
  echo "Could not measure: ${failed[*]}" >&2
  exit 1
fi
