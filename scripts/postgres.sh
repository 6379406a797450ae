#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: listens on 127.0.0.1 only, trusts every
# local connection, keeps its data and sockets in a temporary directory, and skips fsync.
#
#   scripts/postgres.sh start        starts one on a free port and prints its URL on stdout
#   scripts/postgres.sh stop URL     stops the server at that URL and removes its directory
#   scripts/postgres.sh restart URL [SECONDS]
#                                    stops the server at that URL as an operator would (fast: sessions are
#                                    cut, open transactions roll back), stays down SECONDS (default 0), then
#                                    starts it again on the same port and data; for fault tests
#
# Needs Debian's postgresql package. As root it runs the server as the postgres user (initdb refuses root).
set -euo pipefail

base_dir="${TMPDIR:-/tmp}"

fail() {
  echo "postgres.sh: $*" >&2
  exit 1
}

postgres_bin() {
  local bin
  bin="$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n 1 || true)"
  [ -n "$bin" ] || fail "PostgreSQL is not installed (apt-get install postgresql)"
  echo "$bin"
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "no postgres user to run the server as"
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}

server_dir() {
  echo "$base_dir/portal-postgres-$1"
}

port_of() {
  sed -nE 's#^postgres(ql)?://[^/]*:([0-9]+)(/.*)?$#\2#p' <<<"$1"
}

# POSTGRES_OPTIONS adds settings, e.g. "-c shared_preload_libraries=pg_stat_statements" for the submit benchmark's statement count.
server_options() {
  echo "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories=$2 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${POSTGRES_OPTIONS:-}"
}

start() {
  local bin port dir attempt
  bin="$(postgres_bin)"
  # Another process may take the free port between the look-up and the start: try a few.
  for attempt in 1 2 3; do
    port="$(free_port)"
    dir="$(server_dir "$port")"
    rm -rf "$dir"
    mkdir -m 700 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    if ! as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      rm -rf "$dir"
      fail "initdb failed"
    fi
    if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start \
      -o "$(server_options "$port" "$dir")" >&2; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    echo "postgres.sh: start on port $port failed (attempt $attempt):" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    rm -rf "$dir"
  done
  fail "could not start PostgreSQL"
}

stop() {
  local url="${1:-}" port dir
  port="$(port_of "$url")"
  [ -n "$port" ] || fail "usage: scripts/postgres.sh stop postgres://postgres@127.0.0.1:PORT/postgres"
  dir="$(server_dir "$port")"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server_user "$(postgres_bin)/pg_ctl" -D "$dir/data" -m immediate -w -s stop >&2 || true
  fi
  rm -rf "$dir"
}

restart() {
  local url="${1:-}" down="${2:-0}" port dir bin
  port="$(port_of "$url")"
  [ -n "$port" ] && [[ "$down" =~ ^[0-9]+([.][0-9]+)?$ ]] ||
    fail "usage: scripts/postgres.sh restart postgres://postgres@127.0.0.1:PORT/postgres [SECONDS]"
  dir="$(server_dir "$port")"
  [ -f "$dir/data/postmaster.pid" ] || fail "no server of ours is running on port $port"
  bin="$(postgres_bin)"
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 -s stop >&2
  sleep "$down"
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start -o "$(server_options "$port" "$dir")" >&2 ||
    { tail -n 20 "$dir/server.log" >&2; fail "PostgreSQL on port $port did not start again"; }
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  restart) restart "${2:-}" "${3:-}" ;;
  *) fail "usage: scripts/postgres.sh start | stop URL | restart URL [SECONDS]" ;;
esac
