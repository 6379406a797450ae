#!/usr/bin/env bash
# Renders deploy/nginx-portal.conf.template for nginx's http {} block, on stdout.
#   deploy/render-nginx.sh --listen 80 --server-name portal.example.org \
#     --upstream 127.0.0.1:3001 --upstream 127.0.0.1:3002 [--access-log /var/log/nginx/portal-access.log] > portal.conf
set -euo pipefail
listen="80"
server_name="_"
access_log="/var/log/nginx/portal-access.log"
upstreams=()
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) listen=$2; shift 2 ;;
    --server-name) server_name=$2; shift 2 ;;
    --access-log) access_log=$2; shift 2 ;;
    --upstream) upstreams+=("$2"); shift 2 ;;
    *) echo "usage: deploy/render-nginx.sh --listen ADDR --server-name NAME --upstream HOST:PORT... [--access-log FILE]" >&2; exit 2 ;;
  esac
done
[ "${#upstreams[@]}" -gt 0 ] || { echo "render-nginx.sh: at least one --upstream HOST:PORT is required" >&2; exit 2; }
servers=""
for upstream in "${upstreams[@]}"; do
  # After three failures in 5 s an instance is left out for 5 s; the other takes its requests.
  servers+="  server ${upstream} max_fails=3 fail_timeout=5s;"$'\n'
done
template="$(dirname "$0")/nginx-portal.conf.template"
LISTEN="$listen" SERVER_NAME="$server_name" ACCESS_LOG="$access_log" SERVERS="${servers%$'\n'}" awk '
  /^@UPSTREAM_SERVERS@$/ { print ENVIRON["SERVERS"]; next }
  { gsub(/@LISTEN@/, ENVIRON["LISTEN"]); gsub(/@SERVER_NAME@/, ENVIRON["SERVER_NAME"]); gsub(/@ACCESS_LOG@/, ENVIRON["ACCESS_LOG"]); print }
' "$template"
