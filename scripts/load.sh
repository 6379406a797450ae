#!/usr/bin/env bash
# `npm run bench:load` and `npm run test:reliability`: the portal as it runs in production with several
# instances, under load and faults. Starts a throwaway PostgreSQL (scripts/postgres.sh), migrates and seeds
# it, starts two production instances (node runtime/server.mjs) and nginx in front of them, then runs
# bench/load.ts against nginx: a steady wave of 200 concurrent applicants, a wave during which PostgreSQL
# restarts, a wave during which one instance is killed, and a full upload store. Every run checks the
# database afterwards; figures go to the terminal and bench-results/load.json. Stops everything it
# started on exit, whatever happens.
#
#   scripts/load.sh [--check] [--no-build]
#     --check      shorter waves (test:reliability, run by CI); the same invariants
#     --no-build   use the production build already in .next
#
# Exits non-zero when it could not measure or when an invariant fails (a submission lost, duplicated or
# half-written, capacity exceeded, a 5xx other than the outage's 503s, the killed instance's 502s and the
# 503 "busy" an instance sheds when its database connections stay taken); never on latency.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="bench"
build=1
for arg in "$@"; do
  case "$arg" in
    --check) mode="check" ;;
    --no-build) build=0 ;;
    *) echo "usage: scripts/load.sh [--check] [--no-build]" >&2; exit 2 ;;
  esac
done

export NEXT_TELEMETRY_DISABLED=1
RESULTS_DIR="bench-results"
run_dir=""
pg_url=""
nginx_pid=""
step_pid=""

# shellcheck source=lib/bounded.sh
source "scripts/lib/bounded.sh"

# Each server runs in its own session (setsid): its id is its process group's, signalled whole.
stop_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

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
base_url="http://127.0.0.1:$lb_port"

echo "== PostgreSQL (scripts/postgres.sh start)"
pg_url="$(bounded 120 bash scripts/postgres.sh start)"
echo "$pg_url"

echo "== npm run db:setup and db:demo"
DATABASE_URL="$pg_url" bounded 300 npm run --silent db:setup
# The practice call the applicants submit to (the seeded Tianwen-3 round has closed); db:demo refuses production mode.
DATABASE_URL="$pg_url" NODE_ENV=development bounded 120 npm run --silent db:demo >/dev/null

# What both instances share, as a production deployment would configure it (src/env.ts lists every variable).
# Rate limits are raised: the load comes from one machine, and the limits are not what is measured.
instance_env=(
  NODE_ENV=production
  HOSTNAME=127.0.0.1
  DATABASE_URL="$pg_url"
  SITE_URL="$base_url"
  TRUST_PROXY=true
  AUTH_SECRET="$(node -p 'require("crypto").randomBytes(36).toString("base64")')"
  SMTP_URL=
  OPEN_DATA_KEY_FILE="$run_dir/open-data-signing-key.pem"
  RATE_LIMIT_START_PER_IP=1000000
  RATE_LIMIT_START_PER_EMAIL=1000000
  RATE_LIMIT_SUBMIT_PER_IP=1000000
  RATE_LIMIT_SIGN_IN_PER_IP=1000000
)
printf '%s\n' "${instance_env[@]}" >"$run_dir/instance.env"

start_instance() {
  local port=$1 log="$RESULTS_DIR/load-instance-$1.log"
  env "${instance_env[@]}" PORT="$port" setsid node runtime/server.mjs >"$log" 2>&1 </dev/null &
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

# nginx with every path under the run directory, so that it needs no root and leaves nothing behind.
# proxy_next_upstream retries a POST on the other instance when the first failed (non_idempotent): safe
# only because every submission carries an Idempotency-Key, which bench/load.ts checks on both instances.
ngx="$run_dir/nginx"
mkdir -p "$ngx"
cat >"$ngx/nginx.conf" <<EOF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 4096; }
http {
  log_format load '\$msec \$status \$upstream_status "\$upstream_addr" \$request_time \$request_method \$uri';
  access_log $ngx/access.log load;
  client_body_temp_path $ngx/client-body;
  proxy_temp_path $ngx/proxy;
  fastcgi_temp_path $ngx/fastcgi;
  uwsgi_temp_path $ngx/uwsgi;
  scgi_temp_path $ngx/scgi;
  client_max_body_size 12m;
  upstream portal {
    server 127.0.0.1:$port_a max_fails=3 fail_timeout=5s;
    server 127.0.0.1:$port_b max_fails=3 fail_timeout=5s;
    keepalive 64;
    # Below Node's 5 s keep-alive timeout, so nginx never reuses a connection the instance is closing.
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # nginx is the edge here: the client's own X-Forwarded-For is replaced, not trusted.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
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
  LOAD_NGINX_LOG="$ngx/access.log" \
  LOAD_OUTPUT="$RESULTS_DIR/load.json" \
  bounded 1200 npx tsx bench/load.ts
