#!/usr/bin/env bash
# `npm run bench:load` and `npm run test:reliability`: the portal as it runs in production with several
# instances, under load and faults. Starts a throwaway PostgreSQL (scripts/postgres.sh), migrates and seeds
# it, starts an SMTP sink, two production instances (node runtime/server.mjs) sending to it and nginx in front of
# them, then runs bench/load.ts against nginx: a steady wave of 200 concurrent applicants, a wave during which the
# SMTP sink stops, one during which PostgreSQL restarts, one during which one instance is killed, and a full upload
# store; then every submission must have exactly one confirmation email. Every run checks the
# database afterwards; figures go to the terminal and bench-results/load.json. Stops everything it
# started on exit, whatever happens.
#
#   scripts/load.sh [--check | --open-loop [--rate=N] [--seconds=N] [--no-search]] [--no-build]
#     --check      shorter waves (test:reliability, run by CI); the same invariants
#     --open-loop  submissions arrive at a fixed rate (default 50/s for 60 s) instead of from 200 applicants in a
#                  loop, timed from their scheduled start; then the highest rate whose p95 stays within 300 ms
#                  (unless --no-search), and the same invariants; figures in bench-results/load-open.json
#                  (bench/load-open.ts)
#     --no-build   use the production build already in .next
#
# Exits non-zero when it could not measure or when an invariant fails (a submission lost, duplicated or
# half-written, capacity exceeded, a confirmation email missing or sent twice, a 5xx other than the outage's
# 503s, the killed instance's 502s and the 503 "busy" an instance sheds when its database connections stay
# taken); never on latency.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/load.sh [--check | --open-loop [--rate=N] [--seconds=N] [--no-search]] [--no-build]"
mode="bench"
build=1
rate=50
seconds=60
search=1
for arg in "$@"; do
  case "$arg" in
    --check) mode="check" ;;
    --open-loop) mode="open" ;;
    --rate=*) rate="${arg#--rate=}" ;;
    --seconds=*) seconds="${arg#--seconds=}" ;;
    --no-search) search=0 ;;
    --no-build) build=0 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[[ "$rate" =~ ^[0-9]+(\.[0-9]+)?$ && "$seconds" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }

export NEXT_TELEMETRY_DISABLED=1
RESULTS_DIR="bench-results"
run_dir=""
pg_url=""
nginx_pid=""
step_pid=""

# shellcheck source=lib/bounded.sh
source "scripts/lib/bounded.sh"

# shellcheck source=lib/stop-group.sh
source "scripts/lib/stop-group.sh"

cleanup() {
  local status=$?
  trap - EXIT
  # timeout passes the signal on to the whole step it runs.
  [[ -z "$step_pid" ]] || kill -TERM "$step_pid" 2>/dev/null || true
  [[ -z "$nginx_pid" ]] || stop_group "$nginx_pid"
  if [[ -n "$run_dir" && -f "$run_dir/pgids" ]]; then
    # bench/load.ts adds the instance it starts for the upload-store check to this list.
    while read -r pgid; do [[ -z "$pgid" ]] || stop_group "$pgid"; done <"$run_dir/pgids"
  fi
  if [[ -n "$run_dir" ]]; then
    cp "$run_dir/nginx/access.log" "$RESULTS_DIR/load-nginx-access.log" 2>/dev/null || true
    cp "$run_dir/nginx/error.log" "$RESULTS_DIR/load-nginx-error.log" 2>/dev/null || true
    cp "$run_dir/mail.jsonl" "$RESULTS_DIR/load-mail.jsonl" 2>/dev/null || true
  fi
  [[ -z "$pg_url" ]] || bash scripts/postgres.sh stop "$pg_url" || true
  [[ -z "$run_dir" ]] || rm -rf "$run_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "== apt-get install nginx"
    bounded 600 apt-get install -y -q nginx >/dev/null || { apt-get update -q >/dev/null && bounded 600 apt-get install -y -q nginx >/dev/null; }
  else
    echo "nginx is not installed: install Debian's package as root (apt-get install nginx), then run this again." >&2
    exit 1
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null ||
  { echo "PostgreSQL is not installed (apt-get install postgresql; npm test installs it)." >&2; exit 1; }
# The cross-instance check (bench/load-cross-instance.ts) edits through the staff panel in Debian's Chromium.
[[ "$mode" == open || -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] ||
  { echo "Chromium is not installed (apt-get install chromium; npm test installs it)." >&2; exit 1; }

mkdir -p "$RESULTS_DIR"
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/portal-load.XXXXXX")"
chmod 755 "$run_dir"
touch "$run_dir/pgids"

if [[ ! -d node_modules ]]; then
  echo "== npm ci"
  bounded 900 npm ci
fi
if ((build)); then
  echo "== npm run build"
  # As a deployment whose hosts build the release themselves must: one server-actions key, built in (.env.example).
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="${NEXT_SERVER_ACTIONS_ENCRYPTION_KEY:-$(node -p 'require("crypto").randomBytes(32).toString("base64")')}" \
    bounded 900 npm run build
fi
[[ -f .next/BUILD_ID ]] || { echo "No production build in .next: run without --no-build." >&2; exit 1; }

port_is_free() {
  node -e 'const s = require("net").createServer().once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));' "$1"
}
taken=" "
free_port_from() {
  local candidate
  for candidate in $(seq "$1" "$(($1 + 200))"); do
    if [[ "$taken" != *" $candidate "* ]] && port_is_free "$candidate"; then
      taken+="$candidate "
      echo "$candidate"
      return 0
    fi
  done
  echo "No free port from $1" >&2
  return 1
}
port_a="$(free_port_from "${LOAD_PORT:-3620}")"
taken+="$port_a "
port_b="$(free_port_from "$((port_a + 1))")"
taken+="$port_b "
lb_port="$(free_port_from "${LOAD_BALANCER_PORT:-3630}")"
taken+="$lb_port "
base_url="http://127.0.0.1:$lb_port"
smtp_port="$(free_port_from "$((lb_port + 1))")"

echo "== PostgreSQL (scripts/postgres.sh start)"
pg_url="$(bounded 120 bash scripts/postgres.sh start)"
echo "$pg_url"

echo "== npm run db:setup and db:demo"
DATABASE_URL="$pg_url" bounded 300 npm run --silent db:setup
# The practice call the applicants submit to (the seeded Tianwen-3 round has closed); db:demo refuses production mode.
DATABASE_URL="$pg_url" NODE_ENV=development bounded 120 npm run --silent db:demo >/dev/null

# The mail server: bench/load.ts stops it mid-wave and starts it again; it appends what it accepts to mail.jsonl.
echo "== SMTP sink on port $smtp_port (bench/load-mail.ts)"
: >"$RESULTS_DIR/load-smtp-sink.log"
setsid node --import tsx bench/load-mail.ts --smtp-port "$smtp_port" --file "$run_dir/mail.jsonl" >>"$RESULTS_DIR/load-smtp-sink.log" 2>&1 </dev/null &
smtp_pid=$!
echo "$smtp_pid" >>"$run_dir/pgids"
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break; sleep 0.2; done
(exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null || { echo "The SMTP sink did not listen within 30 s:" >&2; cat "$RESULTS_DIR/load-smtp-sink.log" >&2; exit 1; }

# What both instances share, as a production deployment would configure it (src/env.ts lists every variable),
# written to the file deploy/run-instance.sh reads, as systemd's EnvironmentFile does (deploy/systemd/portal@.service).
# Rate limits are raised: the load comes from one machine, and the limits are not what is measured.
# shellcheck source=lib/dev-secrets.sh
source scripts/lib/dev-secrets.sh
make_dev_secrets "$run_dir/secrets"
instance_env=(
  NODE_ENV=production
  HOSTNAME=127.0.0.1
  DATABASE_URL="$pg_url"
  SITE_URL="$base_url"
  TRUST_PROXY=true
  AUTH_SECRET_FILE="$run_dir/secrets/auth-secret"
  OPEN_DATA_SIGNING_KEY_FILE="$run_dir/secrets/open-data-signing-key.pem"
  # Retries a few seconds apart, so that mail refused during the faults has gone out within the run.
  SMTP_URL="smtp://sink:sink@127.0.0.1:$smtp_port"
  MAIL_RETRY_BASE_MS=2000
  JOBS_POLL_MS=1000
  # The killed instance's claimed messages are sent by the other within the run's wait for the outbox to drain.
  JOBS_LEASE_MS=60000
  RATE_LIMIT_START_PER_IP=1000000
  RATE_LIMIT_START_PER_EMAIL=1000000
  RATE_LIMIT_SUBMIT_PER_IP=1000000
  RATE_LIMIT_SIGN_IN_PER_IP=1000000
)
printf '%s\n' "${instance_env[@]}" >"$run_dir/instance.env"

start_instance() {
  local port=$1 log="$RESULTS_DIR/load-instance-$1.log"
  PORT="$port" setsid deploy/run-instance.sh "$run_dir/instance.env" >"$log" 2>&1 </dev/null &
  echo "$!" >>"$run_dir/pgids"
  echo "$!"
}

wait_for_health() {
  local url=$1 pid=$2 log=$3 deadline=$((SECONDS + 120)) code
  while :; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "The process behind $url exited before answering; its log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url/api/health" || true)"
    [[ "$code" != "200" ]] || return 0
    if ((SECONDS >= deadline)); then
      echo "$url/api/health did not answer 200 within 120 s (last: $code); log $log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
}

echo "== two instances on ports $port_a and $port_b (logs in $RESULTS_DIR/load-instance-*.log)"
pid_a="$(start_instance "$port_a")"
pid_b="$(start_instance "$port_b")"
wait_for_health "http://127.0.0.1:$port_a" "$pid_a" "$RESULTS_DIR/load-instance-$port_a.log"
wait_for_health "http://127.0.0.1:$port_b" "$pid_b" "$RESULTS_DIR/load-instance-$port_b.log"

# nginx with every path under the run directory, so that it needs no root and leaves nothing behind; the portal's
# part is the shipped deploy/nginx-portal.conf.template, rendered as a deployment renders it (deploy/render-nginx.sh).
ngx="$run_dir/nginx"
mkdir -p "$ngx"
deploy/render-nginx.sh --listen "127.0.0.1:$lb_port" --server-name 127.0.0.1 --access-log "$ngx/access.log" \
  --upstream "127.0.0.1:$port_a" --upstream "127.0.0.1:$port_b" >"$ngx/portal.conf"
cat >"$ngx/nginx.conf" <<EOF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path $ngx/client-body;
  proxy_temp_path $ngx/proxy;
  fastcgi_temp_path $ngx/fastcgi;
  uwsgi_temp_path $ngx/uwsgi;
  scgi_temp_path $ngx/scgi;
  include $ngx/portal.conf;
}
EOF
"$NGINX" -t -q -p "$ngx/" -c "$ngx/nginx.conf" 2>/dev/null ||
  { "$NGINX" -t -p "$ngx/" -c "$ngx/nginx.conf"; exit 1; }
echo "== nginx on port $lb_port"
setsid "$NGINX" -p "$ngx/" -c "$ngx/nginx.conf" -g 'daemon off;' >"$ngx/stdout.log" 2>&1 </dev/null &
nginx_pid=$!
wait_for_health "$base_url" "$nginx_pid" "$ngx/error.log"

echo "== bench/load.ts ($mode)"
LOAD_MODE="$mode" \
  LOAD_BASE_URL="$base_url" \
  LOAD_DATABASE_URL="$pg_url" \
  LOAD_INSTANCES="$port_a:$pid_a,$port_b:$pid_b" \
  LOAD_RUN_DIR="$run_dir" \
  LOAD_SMTP_SINK="$smtp_port:$smtp_pid" \
  LOAD_NGINX_LOG="$ngx/access.log" \
  LOAD_OUTPUT="$RESULTS_DIR/$([[ "$mode" == open ]] && echo load-open.json || echo load.json)" \
  LOAD_RATE="$rate" \
  LOAD_SECONDS="$seconds" \
  LOAD_SEARCH="$search" \
  bounded 1200 npx tsx bench/load.ts
